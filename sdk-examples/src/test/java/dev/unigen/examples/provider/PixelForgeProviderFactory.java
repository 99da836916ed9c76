package dev.unigen.examples.provider;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates {@link PixelForgeProvider}; registered in
 * {@code META-INF/services/dev.unigen.spi.ProviderFactory} so that
 * {@code Generator.builder().providersFromEnvironment()} adds it when {@code PIXELFORGE_KEY} is set.
 */
public final class PixelForgeProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public PixelForgeProviderFactory() {}

  @Override
  public String name() {
    return PixelForgeProvider.NAME;
  }

  @Override
  public List<String> keyVariables() {
    return PixelForgeProvider.KEY_VARIABLES;
  }

  @Override
  public Provider create(ProviderContext context) {
    return new PixelForgeProvider(context);
  }
}
