package dev.unigen.http;

import dev.unigen.internal.JsonTree;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lenient reading of provider responses parsed with {@link JsonTree}: numbers stay
 * {@link BigDecimal}, unknown fields are ignored (providers add fields), and a missing or
 * mistyped field reads as empty rather than failing.
 */
public final class Json {
  private Json() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  public static Object parse(String text) {
    return JsonTree.parse(text);
  }

  /** {@code value} as an object, or an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  /** {@code value} as an array, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Object> array(Object value) {
    return value instanceof List ? (List<Object>) value : List.of();
  }

  /** The object at {@code key}, or an empty map. */
  public static Map<String, Object> object(Map<String, Object> o, String key) {
    return object(o.get(key));
  }

  /** The array at {@code key}, or an empty list. */
  public static List<Object> array(Map<String, Object> o, String key) {
    return array(o.get(key));
  }

  /** The string at {@code key}. */
  public static Optional<String> string(Map<String, Object> o, String key) {
    Object v = o.get(key);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /** The number at {@code key}, also accepting a decimal string. */
  public static Optional<BigDecimal> decimal(Map<String, Object> o, String key) {
    Object v = o.get(key);
    if (v instanceof BigDecimal) return Optional.of((BigDecimal) v);
    if (v instanceof String) {
      try {
        return Optional.of(new BigDecimal(((String) v).trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The boolean at {@code key}. */
  public static Optional<Boolean> bool(Map<String, Object> o, String key) {
    Object v = o.get(key);
    return v instanceof Boolean ? Optional.of((Boolean) v) : Optional.empty();
  }
}
