package dev.unigen.provider.bfl.wire;

import com.squareup.moshi.JsonWriter;
import dev.unigen.http.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import okio.Buffer;

/**
 * Writes a submit body, kept as an ordered map, as JSON: strings, booleans, whole and decimal
 * numbers, nested maps and lists, in the map's order, leaving out null values. Numbers never pass
 * through a {@code double} unless the caller handed one in.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class JsonBody {
  private JsonBody() {}

  /**
   * Returns {@code body} as UTF-8 JSON.
   *
   * @throws IllegalArgumentException naming the key, if a value has no JSON form
   */
  public static byte[] write(Map<String, ?> body) {
    Buffer out = new Buffer();
    try (JsonWriter writer = JsonWriter.of(out)) {
      value(writer, body, "$");
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.readByteArray();
  }

  /** A seed as the JSON number BFL takes: all 64 bits, unsigned when the top bit is set. */
  public static BigInteger seed(long seed) {
    return new BigInteger(Seeds.format(seed));
  }

  private static void value(JsonWriter w, Object v, String at) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof CharSequence) {
      w.value(v.toString());
    } else if (v instanceof Boolean) {
      w.value((boolean) (Boolean) v);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      w.value(((Number) v).longValue());
    } else if (v instanceof BigDecimal || v instanceof BigInteger) {
      w.value((Number) v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException(at + " is not a JSON number: " + v);
      // Only values a caller passed as a double arrive here; keep their shortest decimal form.
      w.value(new BigDecimal(Double.toString(d)));
    } else if (v instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) throw new IllegalArgumentException(at + " has a key that is not a string");
        if (e.getValue() == null) continue;
        w.name((String) e.getKey());
        value(w, e.getValue(), at + "." + e.getKey());
      }
      w.endObject();
    } else if (v instanceof Collection) {
      w.beginArray();
      int i = 0;
      for (Object item : (Collection<?>) v) value(w, item, at + "[" + i++ + "]");
      w.endArray();
    } else {
      throw new IllegalArgumentException(at + ": a " + v.getClass().getSimpleName() + " has no JSON form");
    }
  }
}
