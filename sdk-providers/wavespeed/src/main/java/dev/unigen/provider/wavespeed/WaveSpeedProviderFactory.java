package dev.unigen.provider.wavespeed;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link WaveSpeedProvider} when {@code WAVESPEED_API_KEY} is set, at
 * {@code UNIGEN_WAVESPEED_BASE_URL} or the default base URL, with the webhook secret from
 * {@code UNIGEN_WAVESPEED_WEBHOOK_SECRET} when it is set. Found by {@link java.util.ServiceLoader}.
 * Threadsafe.
 */
public final class WaveSpeedProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public WaveSpeedProviderFactory() {
    super(WaveSpeedProvider::builder);
  }
}
