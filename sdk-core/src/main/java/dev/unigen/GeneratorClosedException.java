package dev.unigen;

/**
 * The generator was closed while a job was still pending. The job stays in the journal as
 * accepted; a generator built on the same journal finishes it with {@code jobs().resume()}.
 */
public final class GeneratorClosedException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code provider} with a message. */
  public GeneratorClosedException(String provider, String message) {
    super(provider, message, null);
  }
}
