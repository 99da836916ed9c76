package dev.unigen;

/** The provider refused the prompt, an input, or its own output on safety grounds. It is reported, not retried elsewhere, unless the generator is built with failoverOnModeration(true). */
public class ContentModeratedException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} with a message and an optional cause. */
  public ContentModeratedException(String provider, String message, Throwable cause) {
    super(provider, message, cause);
  }

  /** Creates the exception for {@code provider} with a message. */
  public ContentModeratedException(String provider, String message) {
    super(provider, message, null);
  }
}
