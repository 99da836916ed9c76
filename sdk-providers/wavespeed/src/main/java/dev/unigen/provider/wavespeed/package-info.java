/**
 * WaveSpeed AI as a Unigen provider: {@link dev.unigen.provider.wavespeed.WaveSpeedProvider} and
 * its builder, and {@link dev.unigen.provider.wavespeed.WaveSpeedProviderFactory}, which
 * {@link java.util.ServiceLoader} finds when {@code WAVESPEED_API_KEY} is set. The offers and prices
 * are in {@code META-INF/unigen/catalog.json}; docs/providers/wavespeed.md describes the module.
 */
package dev.unigen.provider.wavespeed;
