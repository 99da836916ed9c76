package dev.unigen.provider.together;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link TogetherProvider} when {@value TogetherProvider#KEY_VARIABLE} is set,
 * at {@code UNIGEN_TOGETHER_BASE_URL} or the default base URL. Found by
 * {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class TogetherProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public TogetherProviderFactory() {
    super(TogetherProvider::builder);
  }
}
