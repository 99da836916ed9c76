package dev.unigen.cli;

/**
 * A failure the command reports in one line, without a stack trace, and exits with status 1: a
 * file that cannot be read or does not fit its format, a request no offer can serve, a failed
 * generation. The message says what and where.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
