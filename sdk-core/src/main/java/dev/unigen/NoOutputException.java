package dev.unigen;

/**
 * The provider answered success (often HTTP 200) but with nothing usable: no image, an empty
 * list, or a result that expired. Failover moves on to the next offer.
 */
public class NoOutputException extends ProviderFailureException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} with a message. */
  public NoOutputException(String provider, String message) {
    super(provider, message, 0, false, null);
  }
}
