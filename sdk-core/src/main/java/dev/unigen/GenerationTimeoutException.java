package dev.unigen;

/** The provider did not finish within the allowed time; for a submit whose body was sent, see OutcomeUnknownException instead. */
public class GenerationTimeoutException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} with a message and an optional cause. */
  public GenerationTimeoutException(String provider, String message, Throwable cause) {
    super(provider, message, cause);
  }

  /** Creates the exception for {@code provider} with a message. */
  public GenerationTimeoutException(String provider, String message) {
    super(provider, message, null);
  }
}
