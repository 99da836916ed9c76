package dev.unigen.provider.getimg;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link GetImgProvider} when {@code GETIMG_API_KEY} is set, at
 * {@code UNIGEN_GETIMG_BASE_URL} or the default base URL. Found by {@link java.util.ServiceLoader}.
 * Threadsafe.
 */
public final class GetImgProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public GetImgProviderFactory() {
    super(GetImgProvider::builder);
  }
}
