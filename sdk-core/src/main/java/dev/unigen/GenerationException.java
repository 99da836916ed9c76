package dev.unigen;

import java.util.Optional;

/**
 * The root of every exception Unigen throws about a generation. Subclasses say what went wrong
 * in a way failover can act on: {@link InvalidRequestException} fails everywhere, an
 * {@link AuthenticationException} or {@link ProviderFailureException} moves on to the next
 * offer. Messages never contain an API key.
 */
public class GenerationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String provider;

  /** Creates an exception with a message. */
  public GenerationException(String message) {
    this(null, message, null);
  }

  /** Creates an exception with a message and a cause. */
  public GenerationException(String message, Throwable cause) {
    this(null, message, cause);
  }

  /** Creates an exception about {@code provider} (may be null) with a message and a cause (may be null). */
  public GenerationException(String provider, String message, Throwable cause) {
    super(provider == null ? message : provider + ": " + message, cause);
    this.provider = provider;
  }

  /** The provider the failure came from, when there is one. */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }
}
