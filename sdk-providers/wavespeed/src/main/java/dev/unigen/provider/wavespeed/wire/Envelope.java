package dev.unigen.provider.wavespeed.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The v3 answer envelope {@code {"code": 200, "message": "success", "data": {...}}}. Error
 * answers carry the same shape with another code and a {@code message} (WaveSpeed's own CLI also
 * reads an {@code error_code} next to it). Immutable.
 */
public final class Envelope {
  private final Map<String, Object> root;

  private Envelope(Map<String, Object> root) {
    this.root = root;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public static Envelope parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    return new Envelope(Json.object(parsed));
  }

  /** Parses {@code text}, or returns an empty envelope when it is not JSON. */
  public static Envelope lenient(String text) {
    return new Envelope(Json.lenient(text));
  }

  /** {@code code}: 200 on success. */
  public Optional<Integer> code() {
    return Json.decimal(root, "code").map(BigDecimal::intValue);
  }

  /** True unless the envelope states a code other than 200. */
  public boolean ok() {
    return code().map(c -> c == 200).orElse(true);
  }

  /** {@code message}. */
  public Optional<String> message() {
    return Json.text(root, "message");
  }

  /** {@code error_code}, when an error answer names one. */
  public Optional<String> errorCode() {
    Object v = root.get("error_code");
    if (v instanceof String && !((String) v).isBlank()) return Optional.of((String) v);
    if (v instanceof BigDecimal) return Optional.of(((BigDecimal) v).toPlainString());
    return Optional.empty();
  }

  /** {@code data} as an object (empty when absent). */
  public Map<String, Object> data() {
    return Json.object(root, "data");
  }

  /** True if {@code data} is an object. */
  public boolean hasData() {
    return root.get("data") instanceof Map;
  }

  /** {@code data} read as a prediction. */
  public Prediction prediction() {
    return Prediction.of(data());
  }

  /** {@code data.download_url} of an upload answer, or {@code data.url} (the other documented shape). */
  public Optional<String> uploadedUrl() {
    Optional<String> url = Json.text(data(), "download_url");
    return url.isPresent() ? url : Json.text(data(), "url");
  }

  /**
   * {@code data.unit_price} of a pricing answer (the documented field); WaveSpeed's CLI also
   * reads {@code discounted_price} and {@code price}, which are tried next.
   */
  public Optional<BigDecimal> unitPrice() {
    Map<String, Object> d = data();
    for (String field : new String[] {"unit_price", "discounted_price", "price"}) {
      Optional<BigDecimal> v = Json.decimal(d, field);
      if (v.isPresent()) return v;
    }
    return Optional.empty();
  }

  /** {@code data.currency} of a pricing answer. */
  public Optional<String> currency() {
    return Json.text(data(), "currency");
  }
}
