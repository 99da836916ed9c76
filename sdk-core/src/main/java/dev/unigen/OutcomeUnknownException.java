package dev.unigen;

/** A submit timed out or its connection broke after the request body was sent, so the provider may have accepted (and may bill) it. It is never re-sent to the same provider. */
public class OutcomeUnknownException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} with a message and an optional cause. */
  public OutcomeUnknownException(String provider, String message, Throwable cause) {
    super(provider, message, cause);
  }

  /** Creates the exception for {@code provider} with a message. */
  public OutcomeUnknownException(String provider, String message) {
    super(provider, message, null);
  }
}
