package dev.unigen.provider.openai;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link OpenAiProvider} when {@value OpenAiProvider#KEY_VARIABLE} is set: the
 * organization and project from {@value OpenAiProvider#ORGANIZATION_VARIABLE} and
 * {@value OpenAiProvider#PROJECT_VARIABLE}, the base URL from {@code UNIGEN_OPENAI_BASE_URL} or the
 * default. Found by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class OpenAiProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public OpenAiProviderFactory() {
    super(OpenAiProvider::builder);
  }
}
