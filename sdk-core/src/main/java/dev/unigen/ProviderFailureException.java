package dev.unigen;

import java.util.OptionalInt;

/**
 * The provider failed: an outage, a server error, a failed job, or an answer with no usable
 * output. {@link #retryable()} is true only where repeating the same call is safe — a 502, 503 or
 * 504, or a connection that failed before the request could have been accepted. Failover moves on
 * to the next offer either way.
 */
public class ProviderFailureException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean retryable;

  /**
   * Creates the exception; {@code status} is the HTTP status or 0 when there was none.
   */
  public ProviderFailureException(String provider, String message, int status, boolean retryable, Throwable cause) {
    super(provider, message, cause);
    this.status = status;
    this.retryable = retryable;
  }

  /** Creates a non-retryable failure without an HTTP status. */
  public ProviderFailureException(String provider, String message) {
    this(provider, message, 0, false, null);
  }

  /** The HTTP status, when the failure came with one. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** True if the same call can safely be sent again to the same provider. */
  public boolean retryable() {
    return retryable;
  }
}
