package dev.unigen.provider.replicate.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * An error answer: RFC 7807 problem details, {@code Content-Type: application/problem+json},
 * {@code {type?, title?, status, detail, instance?}}, as Replicate sends for 401, 402, 404, 422,
 * 429 and server errors. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class Problem {
  private final String title;
  private final String detail;

  private Problem(String title, String detail) {
    this.title = title;
    this.detail = detail;
  }

  /** Reads {@code text}; a body that is not problem details yields an empty problem. */
  public static Problem parse(String text) {
    Map<String, Object> o = Json.lenient(text);
    return new Problem(Json.string(o, "title").orElse(null), Json.string(o, "detail").orElse(null));
  }

  /** {@code title}, a short summary such as {@code Unauthenticated}. */
  public Optional<String> title() { return Optional.ofNullable(title); }
  /** {@code detail}, the explanation of this occurrence. */
  public Optional<String> detail() { return Optional.ofNullable(detail); }

  /** {@code title: detail}, or whichever of the two is present; empty when neither is. */
  public Optional<String> message() {
    if (title != null && detail != null) return Optional.of(title + ": " + detail);
    return Optional.ofNullable(detail != null ? detail : title);
  }
}
