package dev.unigen.provider.runware;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the {@link RunwareProvider} when {@value RunwareProvider#KEY_VARIABLE} is set, at
 * {@code UNIGEN_RUNWARE_BASE_URL} or the default base URL. Found by {@link java.util.ServiceLoader}.
 * Threadsafe.
 */
public final class RunwareProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public RunwareProviderFactory() {
    super(RunwareProvider::builder);
  }
}
