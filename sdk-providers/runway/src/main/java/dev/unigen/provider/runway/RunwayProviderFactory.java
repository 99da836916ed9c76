package dev.unigen.provider.runway;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link RunwayProvider} when {@code RUNWAYML_API_SECRET} is set, at
 * {@code UNIGEN_RUNWAY_BASE_URL} or the default base URL. Found by {@link java.util.ServiceLoader}.
 * Threadsafe.
 */
public final class RunwayProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public RunwayProviderFactory() {
    super(RunwayProvider::builder);
  }
}
