package dev.unigen;

/**
 * The root of every exception Unigen throws about a generation. Messages never contain an API
 * key.
 */
public class GenerationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public GenerationException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public GenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
