package dev.unigen.catalog;

/**
 * A catalog file or override that does not fit the format: the message names the file, the offer
 * and the field, such as
 * {@code fal.json: offers[3] (fal/flux-dev): price.megapixelBase: must be 1000000 or 1048576}.
 */
public final class CatalogException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming file, offer and field. */
  public CatalogException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the cause. */
  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
