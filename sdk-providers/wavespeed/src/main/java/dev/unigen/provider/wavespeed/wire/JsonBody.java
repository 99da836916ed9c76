package dev.unigen.provider.wavespeed.wire;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Writes request bodies: a map of field names to strings, booleans, numbers, lists and maps, in
 * the map's order. Numbers keep their digits ({@link BigDecimal} is written as it is, never
 * through a {@code double}). Threadsafe (it has no state).
 */
public final class JsonBody {
  private JsonBody() {}

  /**
   * Returns {@code fields} as a JSON object.
   *
   * @throws IllegalArgumentException if a value is of a type JSON cannot carry
   */
  public static String write(Map<String, ?> fields) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(false);
      value(w, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void value(JsonWriter w, Object v) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof String) {
      w.value((String) v);
    } else if (v instanceof Boolean) {
      w.value((Boolean) v);
    } else if (v instanceof BigDecimal) {
      w.value((BigDecimal) v);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      w.value(((Number) v).longValue());
    } else if (v instanceof Number) {
      // Float and Double from user options: their decimal text, not a binary expansion.
      w.value(new BigDecimal(v.toString()));
    } else if (v instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        w.name(String.valueOf(e.getKey()));
        value(w, e.getValue());
      }
      w.endObject();
    } else if (v instanceof List) {
      w.beginArray();
      for (Object item : (List<?>) v) value(w, item);
      w.endArray();
    } else {
      throw new IllegalArgumentException("a " + v.getClass().getSimpleName() + " cannot be sent as JSON");
    }
  }
}
