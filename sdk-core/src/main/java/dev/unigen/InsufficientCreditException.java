package dev.unigen;

/** The account is out of credit or over its spending limit (HTTP 402, OpenAI's insufficient_quota). Failover moves on to the next offer. */
public class InsufficientCreditException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} with a message and an optional cause. */
  public InsufficientCreditException(String provider, String message, Throwable cause) {
    super(provider, message, cause);
  }

  /** Creates the exception for {@code provider} with a message. */
  public InsufficientCreditException(String provider, String message) {
    super(provider, message, null);
  }
}
