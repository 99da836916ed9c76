package dev.unigen.provider.fal;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates the {@link FalProvider} when {@code FAL_KEY} is set; found by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class FalProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public FalProviderFactory() {}

  /** Returns {@value FalProvider#NAME}. */
  @Override
  public String name() {
    return FalProvider.NAME;
  }

  /**
   * Returns {@code FAL_KEY}, the variable both official clients read. The older pair
   * {@code FAL_KEY_ID} + {@code FAL_KEY_SECRET} is honoured by the provider itself but does not
   * make the generator create it, so a half-set pair never stops a generator from building.
   */
  @Override
  public List<String> keyVariables() {
    return FalProvider.KEY_VARIABLES;
  }

  /**
   * Creates the provider from {@code context}.
   *
   * @throws IllegalStateException if the key is missing
   */
  @Override
  public Provider create(ProviderContext context) {
    return FalProvider.builder().build(context);
  }
}
