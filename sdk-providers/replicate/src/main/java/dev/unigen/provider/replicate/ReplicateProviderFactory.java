package dev.unigen.provider.replicate;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates a {@link ReplicateProvider} named {@value ReplicateProvider#NAME} from the environment:
 * the token from {@code REPLICATE_API_TOKEN} and the base URL from
 * {@code UNIGEN_REPLICATE_BASE_URL} when set. Found by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class ReplicateProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public ReplicateProviderFactory() {
    super(ReplicateProvider::builder);
  }
}
