package dev.unigen.provider.bfl;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates a {@link BflProvider} named {@value BflProvider#NAME} from the environment: the key from
 * {@value BflProvider#KEY_VARIABLE} (the variable BFL's official clients read) and the base URL
 * from {@code UNIGEN_BFL_BASE_URL} when set. Found by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class BflProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public BflProviderFactory() {}

  /** Returns {@value BflProvider#NAME}. */
  @Override
  public String name() {
    return BflProvider.NAME;
  }

  /** Returns {@value BflProvider#KEY_VARIABLE}. */
  @Override
  public List<String> keyVariables() {
    return BflProvider.KEY_VARIABLES;
  }

  /**
   * Creates the provider from {@code context}.
   *
   * @throws IllegalStateException if {@value BflProvider#KEY_VARIABLE} is not set
   */
  @Override
  public Provider create(ProviderContext context) {
    return BflProvider.builder().build(context);
  }
}
