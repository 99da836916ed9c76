package dev.unigen;

/**
 * Thrown before any network call when a request cannot be valid anywhere: an empty prompt, a
 * count below one, a strength outside 0..1, a negative duration, and the like. The message names
 * the field and the value. A provider's own rejection of a request (HTTP 400 or 422) is also
 * reported as this exception, and is not retried elsewhere: it would fail everywhere.
 */
public final class InvalidRequestException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the offending field. */
  public InvalidRequestException(String message) {
    super(message);
  }

  /** Creates the exception for a request {@code provider} rejected as invalid (HTTP 400 or 422). */
  public InvalidRequestException(String provider, String message) {
    super(provider, message, null);
  }
}
