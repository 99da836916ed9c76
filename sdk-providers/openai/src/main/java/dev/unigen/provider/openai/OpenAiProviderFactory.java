package dev.unigen.provider.openai;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates the {@link OpenAiProvider} when {@value OpenAiProvider#KEY_VARIABLE} is set; found by
 * {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class OpenAiProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public OpenAiProviderFactory() {}

  /** Returns {@value OpenAiProvider#NAME}. */
  @Override
  public String name() {
    return OpenAiProvider.NAME;
  }

  /** Returns {@value OpenAiProvider#KEY_VARIABLE}, the variable OpenAI's official clients read. */
  @Override
  public List<String> keyVariables() {
    return List.of(OpenAiProvider.KEY_VARIABLE);
  }

  /**
   * Creates the provider from {@code context}: key from {@value OpenAiProvider#KEY_VARIABLE},
   * organization and project from {@value OpenAiProvider#ORGANIZATION_VARIABLE} and
   * {@value OpenAiProvider#PROJECT_VARIABLE}, base URL from {@code UNIGEN_OPENAI_BASE_URL}.
   *
   * @throws IllegalStateException if the key is missing
   */
  @Override
  public Provider create(ProviderContext context) {
    return OpenAiProvider.builder().build(context);
  }
}
