package dev.unigen.provider.replicate.wire;

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
 * Writes JSON built from ordered maps and lists with Moshi's {@link JsonWriter}: strings,
 * booleans, exact numbers, nested objects and arrays. Nothing passes through a {@code double}
 * unless the caller handed one in.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class JsonOut {
  private JsonOut() {}

  /**
   * Returns {@code value} as UTF-8 JSON; map entries whose value is null are left out.
   *
   * @throws IllegalArgumentException if a value is of a type JSON cannot hold (the message names
   *     where it is)
   */
  public static byte[] write(Object value) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      write(w, value, "$");
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a memory buffer failed", e);
    }
    return buffer.readByteArray();
  }

  /** The JSON number for a 64-bit seed, unsigned when its top bit is set. */
  public static BigInteger seed(long seed) {
    return new BigInteger(Seeds.format(seed));
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
      throw new IllegalArgumentException(path + ": a " + v.getClass().getSimpleName() + " cannot be sent as JSON");
    }
  }
}
