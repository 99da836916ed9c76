package dev.unigen;

/**
 * The request never reached the network: the connection failed first, or the call was given up
 * while it still waited for a connection or a thread. Nothing can have been accepted or billed,
 * so it is safe to retry and to fail over, and its budget reservation is released.
 */
public class NotSentException extends ProviderFailureException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} with a message and an optional cause. */
  public NotSentException(String provider, String message, Throwable cause) {
    super(provider, message, 0, true, cause);
  }
}
