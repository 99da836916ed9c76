package dev.unigen.provider.bfl.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The answer to {@code GET /v1/credits}: {@code {credits}}, the account's balance in credits of
 * $0.01. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class CreditsResponse {
  private final BigDecimal credits;

  private CreditsResponse(BigDecimal credits) {
    this.credits = credits;
  }

  /**
   * Reads the answer.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public static CreditsResponse parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    return new CreditsResponse(Json.decimal(Json.object(parsed), "credits").orElse(null));
  }

  /** The balance in credits, if the answer holds one. */
  public Optional<BigDecimal> credits() { return Optional.ofNullable(credits); }
}
