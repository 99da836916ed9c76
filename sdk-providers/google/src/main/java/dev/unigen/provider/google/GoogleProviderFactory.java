package dev.unigen.provider.google;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link GoogleProvider} when {@code GOOGLE_API_KEY} or {@code GEMINI_API_KEY}
 * is set, at {@code UNIGEN_GOOGLE_BASE_URL} or the Gemini API's own host, with the webhook signing
 * secret from {@code UNIGEN_GOOGLE_WEBHOOK_SECRET} when it is set. Found by
 * {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class GoogleProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public GoogleProviderFactory() {
    super(GoogleProvider::builder);
  }
}
