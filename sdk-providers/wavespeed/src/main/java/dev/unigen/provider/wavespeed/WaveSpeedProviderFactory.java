package dev.unigen.provider.wavespeed;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates a {@link WaveSpeedProvider} named {@value WaveSpeedProvider#NAME} from the environment:
 * the key from {@code WAVESPEED_API_KEY}, the base URL from {@code UNIGEN_WAVESPEED_BASE_URL} and
 * the webhook secret from {@code UNIGEN_WAVESPEED_WEBHOOK_SECRET} when they are set. Found by
 * {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class WaveSpeedProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public WaveSpeedProviderFactory() {}

  /** Returns {@value WaveSpeedProvider#NAME}. */
  @Override
  public String name() {
    return WaveSpeedProvider.NAME;
  }

  /** Returns {@link WaveSpeedProvider#KEY_VARIABLES}: {@code WAVESPEED_API_KEY}. */
  @Override
  public List<String> keyVariables() {
    return WaveSpeedProvider.KEY_VARIABLES;
  }

  /**
   * Creates the provider from {@code context}.
   *
   * @throws IllegalStateException if {@code WAVESPEED_API_KEY} is not set
   */
  @Override
  public Provider create(ProviderContext context) {
    return WaveSpeedProvider.builder().build(context);
  }
}
