package dev.unigen;

/**
 * Polling lost track of an accepted job (its polls kept failing, or it outlived the job timeout)
 * and the provider could not cancel it: it may still run and be billed. It stays in the journal
 * as accepted, for {@code jobs().resume()}, and is never bought again from another offer.
 */
final class LostJobException extends OutcomeUnknownException {
  private static final long serialVersionUID = 1L;

  LostJobException(String provider, String message, Throwable cause) {
    super(provider, message, cause);
  }
}
