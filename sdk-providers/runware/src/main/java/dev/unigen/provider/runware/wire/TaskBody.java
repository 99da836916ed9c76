package dev.unigen.provider.runware.wire;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okio.Buffer;

/**
 * One JSON object of a Runware request — a task such as {@code imageInference}, or a nested
 * object such as an entry of {@code controlNet[]} — with its fields in the order they were put.
 * Values are strings, numbers, booleans, other bodies, lists and maps of those; numbers are
 * written exactly as given (a {@link BigDecimal} in plain notation). A {@code double} that a
 * caller passes in raw provider options is written as its shortest decimal form
 * ({@link BigDecimal#valueOf(double)}); nothing the module computes goes through a double.
 *
 * <p>Internal to the Runware module: it is public only because the provider lives in the parent
 * package. Not threadsafe.
 */
public final class TaskBody {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private TaskBody() {}

  /** Returns an empty object, for nested values such as {@code inputs}. */
  public static TaskBody object() {
    return new TaskBody();
  }

  /** Returns a task object starting with {@code taskType} and {@code taskUUID}. */
  public static TaskBody task(String taskType, String taskUUID) {
    return new TaskBody().put("taskType", taskType).put("taskUUID", taskUUID);
  }

  /**
   * Sets field {@code name} to {@code value}; a null value removes the field.
   *
   * @throws IllegalArgumentException if the value is of a type JSON cannot hold
   */
  public TaskBody put(String name, Object value) {
    Objects.requireNonNull(name, "name");
    if (value == null) {
      fields.remove(name);
      return this;
    }
    check(value);
    fields.put(name, value);
    return this;
  }

  /** True if field {@code name} is set. */
  public boolean has(String name) {
    return fields.containsKey(name);
  }

  /** The value of field {@code name}, or null. */
  public Object get(String name) {
    return fields.get(name);
  }

  /** The fields, in order; the map is read-only. */
  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  /** Returns this object as JSON. */
  public String toJson() {
    return write(this);
  }

  /** Returns {@code tasks} as the JSON array Runware always takes as its request body. */
  public static String array(List<TaskBody> tasks) {
    return write(new ArrayList<>(tasks));
  }

  private static void check(Object v) {
    if (v instanceof String || v instanceof Boolean || v instanceof TaskBody) return;
    if (v instanceof Number) {
      if ((v instanceof Double || v instanceof Float) && !Double.isFinite(((Number) v).doubleValue())) {
        throw new IllegalArgumentException("JSON has no " + v);
      }
      return;
    }
    if (v instanceof List) {
      for (Object o : (List<?>) v) {
        if (o != null) check(o);
      }
      return;
    }
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) throw new IllegalArgumentException("JSON object keys must be strings: " + e.getKey());
        if (e.getValue() != null) check(e.getValue());
      }
      return;
    }
    throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
  }

  private static String write(Object value) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      value(w, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void value(JsonWriter w, Object v) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof TaskBody) {
      members(w, ((TaskBody) v).fields);
    } else if (v instanceof Map) {
      members(w, (Map<?, ?>) v);
    } else if (v instanceof List) {
      w.beginArray();
      for (Object o : (List<?>) v) value(w, o);
      w.endArray();
    } else if (v instanceof String) {
      w.value((String) v);
    } else if (v instanceof Boolean) {
      w.value(((Boolean) v).booleanValue());
    } else if (v instanceof BigDecimal) {
      w.value(new Plain(((BigDecimal) v).toPlainString()));
    } else if (v instanceof Double || v instanceof Float) {
      w.value(new Plain(BigDecimal.valueOf(((Number) v).doubleValue()).toPlainString()));
    } else if (v instanceof Number) {
      w.value(new Plain(v.toString()));
    } else {
      throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
    }
  }

  private static void members(JsonWriter w, Map<?, ?> map) throws IOException {
    w.beginObject();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      w.name((String) e.getKey());
      value(w, e.getValue());
    }
    w.endObject();
  }

  @Override
  public String toString() {
    return "TaskBody(" + fields.keySet() + ")";
  }

  /** A number whose text is written as it is: JsonWriter writes {@code toString()} of a Number. */
  private static final class Plain extends Number {
    private static final long serialVersionUID = 1L;
    private final String text;

    Plain(String text) {
      this.text = text;
    }

    @Override public int intValue() { return new BigDecimal(text).intValue(); }
    @Override public long longValue() { return new BigDecimal(text).longValue(); }
    @Override public float floatValue() { return new BigDecimal(text).floatValue(); }
    @Override public double doubleValue() { return new BigDecimal(text).doubleValue(); }
    @Override public String toString() { return text; }
  }
}
