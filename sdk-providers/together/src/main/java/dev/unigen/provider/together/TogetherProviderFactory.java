package dev.unigen.provider.together;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates the default {@link TogetherProvider} when {@value TogetherProvider#KEY_VARIABLE} is set.
 * Found by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class TogetherProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public TogetherProviderFactory() {}

  /** Returns {@value TogetherProvider#NAME}. */
  @Override
  public String name() {
    return TogetherProvider.NAME;
  }

  /** Returns {@value TogetherProvider#KEY_VARIABLE}, the variable Together's official clients read. */
  @Override
  public List<String> keyVariables() {
    return List.of(TogetherProvider.KEY_VARIABLE);
  }

  /**
   * Creates a provider with the key from the environment and the base URL from
   * {@code UNIGEN_TOGETHER_BASE_URL} or the default.
   *
   * @throws IllegalStateException if the key is missing
   */
  @Override
  public Provider create(ProviderContext context) {
    return TogetherProvider.builder().build(context);
  }
}
