package dev.unigen;

/** The job was canceled by the caller; whether the provider bills it is recorded in the ledger. */
public final class JobCanceledException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} (may be null) with a message. */
  public JobCanceledException(String provider, String message) {
    super(provider, message, null);
  }
}
