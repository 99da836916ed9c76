package dev.unigen.provider.luma;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link LumaProvider} (the Luma Agents API) when {@code LUMA_AGENTS_API_KEY}
 * is set, at {@code UNIGEN_LUMA_BASE_URL} or the default base URL. Found by
 * {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class LumaProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public LumaProviderFactory() {
    super(LumaProvider::builder);
  }
}
