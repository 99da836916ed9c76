package dev.unigen.provider.fal;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the {@link FalProvider} when {@code FAL_KEY} is set, the variable both official clients
 * read, at {@code UNIGEN_FAL_BASE_URL} or the default base URL; found by
 * {@link java.util.ServiceLoader}. The older pair {@code FAL_KEY_ID} + {@code FAL_KEY_SECRET} is
 * honoured by the provider itself but does not make the generator create it, so a half-set pair
 * never stops a generator from building. Threadsafe.
 */
public final class FalProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public FalProviderFactory() {
    super(FalProvider::builder);
  }
}
