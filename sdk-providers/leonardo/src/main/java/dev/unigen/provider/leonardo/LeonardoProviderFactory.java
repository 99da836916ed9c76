package dev.unigen.provider.leonardo;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link LeonardoProvider} when {@code LEONARDO_API_KEY} is set, at
 * {@code UNIGEN_LEONARDO_BASE_URL} or the default base URL, with the webhook secret from
 * {@code UNIGEN_LEONARDO_WEBHOOK_SECRET} when it is set. Found by {@link java.util.ServiceLoader}.
 * Threadsafe.
 */
public final class LeonardoProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public LeonardoProviderFactory() {
    super(LeonardoProvider::builder);
  }
}
