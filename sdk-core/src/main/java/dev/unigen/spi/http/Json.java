package dev.unigen.spi.http;

import com.squareup.moshi.JsonWriter;
import dev.unigen.internal.JsonTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okio.Buffer;

/**
 * Lenient reading of provider responses parsed with {@link JsonTree}: numbers stay
 * {@link BigDecimal}, unknown fields are ignored (providers add fields), and a missing or
 * mistyped field reads as empty rather than failing. And writing of request bodies built as maps
 * and lists, with exact numbers.
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

  /**
   * {@code text} as a JSON object, or an empty map when it is blank, not JSON, or JSON of another
   * kind: for error bodies and deliveries, which may as well be HTML or plain text.
   */
  public static Map<String, Object> lenient(String text) {
    if (text == null || text.isBlank()) return Map.of();
    try {
      return object(parse(text));
    } catch (IllegalArgumentException notJson) {
      return Map.of();
    }
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

  /** The string at {@code key}, unless it is blank: providers send {@code ""} for "none". */
  public static Optional<String> text(Map<String, Object> o, String key) {
    return string(o, key).filter(s -> !s.isBlank());
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

  /**
   * Returns {@code value} — maps with string keys, collections, strings, booleans and numbers — as
   * JSON. Map entries whose value is null are left out; integers and {@link BigDecimal}s are written
   * exactly, floats and doubles from their shortest decimal text.
   *
   * @throws IllegalArgumentException naming where, if a value has no JSON form
   */
  public static String write(Object value) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      write(w, value, "$");
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return buffer.readUtf8();
  }

  /** {@link #write(Object)} as UTF-8 bytes. */
  public static byte[] bytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }


  private static void write(JsonWriter w, Object v, String path) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof String) {
      w.value((String) v);
    } else if (v instanceof Boolean) {
      w.value((Boolean) v);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      w.value(((Number) v).longValue());
    } else if (v instanceof BigDecimal || v instanceof BigInteger) {
      w.value((Number) v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException(path + ": not a JSON number: " + v);
      w.value(new BigDecimal(Double.toString(d)));
    } else if (v instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) throw new IllegalArgumentException(path + ": object keys must be strings");
        if (e.getValue() == null) continue;
        w.name((String) e.getKey());
        write(w, e.getValue(), path + "." + e.getKey());
      }
      w.endObject();
    } else if (v instanceof Collection) {
      w.beginArray();
      int i = 0;
      for (Object item : (Collection<?>) v) write(w, item, path + "[" + i++ + "]");
      w.endArray();
    } else {
      throw new IllegalArgumentException(path + ": a " + v.getClass().getSimpleName() + " has no JSON form");
    }
  }
}
