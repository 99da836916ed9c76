package dev.unigen.spi;

import dev.unigen.GenerationException;

/** A webhook delivery that failed verification: a bad or missing signature, or a stale timestamp. */
public final class WebhookRejectedException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception saying why the delivery was rejected. */
  public WebhookRejectedException(String provider, String message) {
    super(provider, message, null);
  }
}
