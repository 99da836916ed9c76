package dev.unigen.provider.stability;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates a {@link StabilityProvider} named {@value StabilityProvider#NAME} from the environment:
 * the key from {@code STABILITY_API_KEY} (or {@code SAI_API_KEY}, {@code STABILITY_KEY}) and the
 * base URL from {@code UNIGEN_STABILITY_BASE_URL} when set. Found by {@link java.util.ServiceLoader}.
 * Threadsafe.
 */
public final class StabilityProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public StabilityProviderFactory() {
    super(StabilityProvider::builder);
  }
}
