package dev.unigen.internal;

/**
 * A JSON document that is malformed or does not fit its format, with the path of the offending
 * field. Internal: callers rethrow it with the name of the file.
 */
public final class JsonPathException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final String problem;

  /** Creates the exception for the field at {@code path}. */
  public JsonPathException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  /** Where in the document the problem is. */
  public String path() {
    return path;
  }

  /** What is wrong there. */
  public String problem() {
    return problem;
  }
}
