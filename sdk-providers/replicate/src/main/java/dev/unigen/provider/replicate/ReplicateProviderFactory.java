package dev.unigen.provider.replicate;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates a {@link ReplicateProvider} named {@value ReplicateProvider#NAME} from the environment:
 * the token from {@code REPLICATE_API_TOKEN} and the base URL from
 * {@code UNIGEN_REPLICATE_BASE_URL} when set. Found by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class ReplicateProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public ReplicateProviderFactory() {}

  /** Returns {@value ReplicateProvider#NAME}. */
  @Override
  public String name() {
    return ReplicateProvider.NAME;
  }

  /** Returns {@link ReplicateProvider#KEY_VARIABLES}: {@code REPLICATE_API_TOKEN}. */
  @Override
  public List<String> keyVariables() {
    return ReplicateProvider.KEY_VARIABLES;
  }

  /**
   * Creates the provider from {@code context}.
   *
   * @throws IllegalStateException if {@code REPLICATE_API_TOKEN} is not set
   */
  @Override
  public Provider create(ProviderContext context) {
    return ReplicateProvider.builder().build(context);
  }
}
