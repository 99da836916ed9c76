package dev.unigen.pricing;

import dev.unigen.GenerationException;

/**
 * Thrown when a price rule cannot price a request or a usage, for example a 5 s video on a model
 * that only allows 6, 8 or 10 s. The selector turns it into an exclusion with this message.
 */
public final class PricingException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what could not be priced. */
  public PricingException(String message) {
    super(message);
  }

  // The selector meets these on its hot path; a stack trace would be wasted work.
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
