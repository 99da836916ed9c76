package dev.unigen.provider.bfl;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link BflProvider} when {@value BflProvider#KEY_VARIABLE} (the variable
 * BFL's official clients read) is set, at {@code UNIGEN_BFL_BASE_URL} or BFL's global host. Found
 * by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class BflProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public BflProviderFactory() {
    super(BflProvider::builder);
  }
}
