/**
 * The WaveSpeed module's wire layer: JSON request bodies written with Moshi's
 * {@link com.squareup.moshi.JsonWriter}, and the answers of the v3 API (the
 * {@code {code, message, data}} envelope, predictions, webhook deliveries, uploads, prices and error
 * bodies) read with {@link dev.unigen.spi.http.Json}. These types are public only so that
 * {@link dev.unigen.provider.wavespeed.WaveSpeedProvider} can use them from its own package; they
 * are not part of Unigen's API and may change in any release.
 */
package dev.unigen.provider.wavespeed.wire;
