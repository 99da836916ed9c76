package dev.unigen;

/** The provider rejected the API key or its permissions (HTTP 401 or 403). Failover moves on to the next offer. */
public class AuthenticationException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} with a message and an optional cause. */
  public AuthenticationException(String provider, String message, Throwable cause) {
    super(provider, message, cause);
  }

  /** Creates the exception for {@code provider} with a message. */
  public AuthenticationException(String provider, String message) {
    super(provider, message, null);
  }
}
