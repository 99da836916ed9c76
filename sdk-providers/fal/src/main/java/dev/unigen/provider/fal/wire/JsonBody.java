package dev.unigen.provider.fal.wire;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Writes a model input (maps, lists, strings, booleans, whole and decimal numbers) as JSON with
 * Moshi's {@link JsonWriter}, keeping the order the caller put the fields in. Numbers are written
 * from their decimal text, never through a {@code double}.
 */
public final class JsonBody {
  private JsonBody() {}

  /**
   * Returns {@code fields} as JSON text.
   *
   * @throws IllegalArgumentException if a value is not one JSON can carry, naming its key
   */
  public static String write(Map<String, ?> fields) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(false);
      value(w, fields, "$");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void value(JsonWriter w, Object v, String path) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof String) {
      w.value((String) v);
    } else if (v instanceof Boolean) {
      w.value((Boolean) v);
    } else if (v instanceof BigDecimal || v instanceof BigInteger || v instanceof Integer || v instanceof Long
        || v instanceof Short || v instanceof Byte) {
      w.value((Number) v);
    } else if (v instanceof Number) {
      // Floats and doubles from user options: written from their shortest decimal text.
      w.value(new BigDecimal(v.toString()));
    } else if (v instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) throw new IllegalArgumentException(path + ": a key is not a string");
        if (e.getValue() == null) continue;
        w.name((String) e.getKey());
        value(w, e.getValue(), path + "." + e.getKey());
      }
      w.endObject();
    } else if (v instanceof List) {
      w.beginArray();
      int i = 0;
      for (Object item : (List<?>) v) value(w, item, path + "[" + i++ + "]");
      w.endArray();
    } else {
      throw new IllegalArgumentException(path + ": JSON cannot carry a " + v.getClass().getSimpleName());
    }
  }
}
