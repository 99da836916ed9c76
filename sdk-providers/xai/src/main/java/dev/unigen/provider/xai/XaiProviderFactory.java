package dev.unigen.provider.xai;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link XaiProvider} when {@value XaiProvider#KEY_VARIABLE} or
 * {@value XaiProvider#GROK_KEY_VARIABLE} is set, with the base URL from
 * {@code UNIGEN_XAI_BASE_URL} or the default. Found by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class XaiProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public XaiProviderFactory() {
    super(XaiProvider::builder);
  }
}
