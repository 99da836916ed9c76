package dev.unigen.examples.provider;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates {@link PixelForgeProvider} from {@value PixelForgeProvider#KEY_VARIABLE} and
 * {@code UNIGEN_PIXELFORGE_BASE_URL}; registered in
 * {@code META-INF/services/dev.unigen.spi.ProviderFactory} so that
 * {@code Generator.builder().providersFromEnvironment()} adds it when the key is set. Threadsafe.
 */
public final class PixelForgeProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public PixelForgeProviderFactory() {
    super(PixelForgeProvider::builder);
  }
}
