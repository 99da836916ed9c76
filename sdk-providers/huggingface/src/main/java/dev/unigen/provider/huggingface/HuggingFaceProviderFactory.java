package dev.unigen.provider.huggingface;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates a {@link HuggingFaceProvider} from the environment: the token from {@code HF_TOKEN}
 * (or {@code HUGGING_FACE_HUB_TOKEN}, the older name {@code huggingface_hub} still reads) and the
 * base URL from {@code UNIGEN_HUGGINGFACE_BASE_URL}. Found by {@link java.util.ServiceLoader}, so
 * {@code Generator.builder().providersFromEnvironment()} adds Hugging Face whenever a token is
 * set. Threadsafe.
 */
public final class HuggingFaceProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public HuggingFaceProviderFactory() {
    super(HuggingFaceProvider::builder);
  }
}
