package dev.unigen.provider.huggingface;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates a {@link HuggingFaceProvider} from the environment: the token from {@code HF_TOKEN}
 * (or {@code HUGGING_FACE_HUB_TOKEN}, the older name {@code huggingface_hub} still reads) and the
 * base URL from {@code UNIGEN_HUGGINGFACE_BASE_URL}. Found by {@link java.util.ServiceLoader}, so
 * {@code Generator.builder().providersFromEnvironment()} adds Hugging Face whenever a token is
 * set. Threadsafe.
 */
public final class HuggingFaceProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public HuggingFaceProviderFactory() {}

  /** Returns {@value HuggingFaceProvider#NAME}. */
  @Override
  public String name() {
    return HuggingFaceProvider.NAME;
  }

  /** Returns {@code HF_TOKEN} and {@code HUGGING_FACE_HUB_TOKEN}, in the order they are read. */
  @Override
  public List<String> keyVariables() {
    return HuggingFaceProvider.KEY_VARIABLES;
  }

  /**
   * Creates the provider with its defaults on {@code context}.
   *
   * @throws IllegalStateException if neither variable is set
   */
  @Override
  public Provider create(ProviderContext context) {
    return HuggingFaceProvider.builder().build(context);
  }
}
