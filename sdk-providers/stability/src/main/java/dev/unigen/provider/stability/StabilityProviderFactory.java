package dev.unigen.provider.stability;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates a {@link StabilityProvider} named {@value StabilityProvider#NAME} from the environment:
 * the key from {@code STABILITY_API_KEY} (or {@code SAI_API_KEY}, {@code STABILITY_KEY}) and the
 * base URL from {@code UNIGEN_STABILITY_BASE_URL} when set. Found by {@link java.util.ServiceLoader}.
 * Threadsafe.
 */
public final class StabilityProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public StabilityProviderFactory() {}

  /** Returns {@value StabilityProvider#NAME}. */
  @Override
  public String name() {
    return StabilityProvider.NAME;
  }

  /** Returns {@link StabilityProvider#KEY_VARIABLES}. */
  @Override
  public List<String> keyVariables() {
    return StabilityProvider.KEY_VARIABLES;
  }

  /**
   * Creates the provider from {@code context}.
   *
   * @throws IllegalStateException if no key variable is set
   */
  @Override
  public Provider create(ProviderContext context) {
    return StabilityProvider.builder().build(context);
  }
}
