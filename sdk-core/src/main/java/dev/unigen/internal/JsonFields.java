package dev.unigen.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, path-aware access to one JSON object from {@link JsonTree}. Every field read is marked,
 * and {@link #rejectUnknown()} fails on any field that nobody read, so a misspelt field is an
 * error rather than silently ignored. Internal: not a public API.
 */
public final class JsonFields {
  private final Map<String, Object> map;
  private final String path;
  private final Set<String> read = new HashSet<>();

  private JsonFields(Map<String, Object> map, String path) {
    this.map = map;
    this.path = path;
  }

  /**
   * Wraps {@code value}, which must be a JSON object, found at {@code path}.
   *
   * @throws JsonPathException if it is not an object
   */
  @SuppressWarnings("unchecked")
  public static JsonFields of(Object value, String path) {
    if (!(value instanceof Map)) throw new JsonPathException(path, "expected an object");
    return new JsonFields((Map<String, Object>) value, path);
  }

  /** The path of this object. */
  public String path() {
    return path;
  }

  /** The path of {@code key} in this object. */
  public String path(String key) {
    return path + "." + key;
  }

  /** True if the object has {@code key} with a non-null value. */
  public boolean has(String key) {
    return map.get(key) != null;
  }

  /** Returns an error for {@code key}. */
  public JsonPathException error(String key, String problem) {
    return new JsonPathException(path(key), problem);
  }

  private Object get(String key) {
    read.add(key);
    return map.get(key);
  }

  /** The raw value at {@code key} (map, list, string, boolean, BigDecimal), or null. */
  public Object raw(String key) {
    return get(key);
  }

  /** The string at {@code key}. */
  public Optional<String> string(String key) {
    Object v = get(key);
    if (v == null) return Optional.empty();
    if (!(v instanceof String)) throw error(key, "expected a string");
    if (((String) v).isBlank()) throw error(key, "is blank");
    return Optional.of((String) v);
  }

  /** The string at {@code key}, which must be present. */
  public String requireString(String key) {
    return string(key).orElseThrow(() -> error(key, "is required"));
  }

  /** A decimal at {@code key}, given as a JSON number or a decimal string. */
  public Optional<BigDecimal> decimal(String key) {
    Object v = get(key);
    if (v == null) return Optional.empty();
    if (v instanceof BigDecimal) return Optional.of((BigDecimal) v);
    if (v instanceof String) {
      try {
        return Optional.of(new BigDecimal((String) v));
      } catch (NumberFormatException e) {
        throw error(key, "not a decimal number: '" + v + "'");
      }
    }
    throw error(key, "expected a number");
  }

  /** A decimal at {@code key}, which must be present. */
  public BigDecimal requireDecimal(String key) {
    return decimal(key).orElseThrow(() -> error(key, "is required"));
  }

  /** A non-negative decimal at {@code key}. */
  public Optional<BigDecimal> nonNegative(String key) {
    Optional<BigDecimal> d = decimal(key);
    if (d.isPresent() && d.get().signum() < 0) throw error(key, "must not be negative");
    return d;
  }

  /** A non-negative decimal at {@code key}, which must be present. */
  public BigDecimal requireNonNegative(String key) {
    return nonNegative(key).orElseThrow(() -> error(key, "is required"));
  }

  /** A whole number at {@code key}. */
  public Optional<Long> integer(String key) {
    Optional<BigDecimal> d = decimal(key);
    if (d.isEmpty()) return Optional.empty();
    try {
      return Optional.of(d.get().longValueExact());
    } catch (ArithmeticException e) {
      throw error(key, "expected a whole number: " + d.get());
    }
  }

  /** A positive whole number at {@code key} that fits an int. */
  public Optional<Integer> positiveInt(String key) {
    Optional<Long> n = integer(key);
    if (n.isEmpty()) return Optional.empty();
    if (n.get() < 1 || n.get() > Integer.MAX_VALUE) throw error(key, "must be a positive whole number");
    return Optional.of(n.get().intValue());
  }

  /** A boolean at {@code key}. */
  public Optional<Boolean> bool(String key) {
    Object v = get(key);
    if (v == null) return Optional.empty();
    if (!(v instanceof Boolean)) throw error(key, "expected true or false");
    return Optional.of((Boolean) v);
  }

  /** The object at {@code key}. */
  public Optional<JsonFields> object(String key) {
    Object v = get(key);
    return v == null ? Optional.empty() : Optional.of(of(v, path(key)));
  }

  /** The array at {@code key}; empty if absent. */
  @SuppressWarnings("unchecked")
  public List<Object> array(String key) {
    Object v = get(key);
    if (v == null) return List.of();
    if (!(v instanceof List)) throw error(key, "expected an array");
    return (List<Object>) v;
  }

  /** The array of objects at {@code key}; empty if absent. */
  public List<JsonFields> objects(String key) {
    List<Object> raw = array(key);
    List<JsonFields> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) out.add(of(raw.get(i), path(key) + "[" + i + "]"));
    return out;
  }

  /** The array of strings at {@code key}; empty if absent. */
  public List<String> strings(String key) {
    List<Object> raw = array(key);
    List<String> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.get(i) instanceof String)) throw new JsonPathException(path(key) + "[" + i + "]", "expected a string");
      out.add((String) raw.get(i));
    }
    return out;
  }

  /** The array of decimals at {@code key}; empty if absent. */
  public List<BigDecimal> decimals(String key) {
    List<Object> raw = array(key);
    List<BigDecimal> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      Object v = raw.get(i);
      if (v instanceof BigDecimal) out.add((BigDecimal) v);
      else if (v instanceof String) {
        try {
          out.add(new BigDecimal((String) v));
        } catch (NumberFormatException e) {
          throw new JsonPathException(path(key) + "[" + i + "]", "not a decimal number: '" + v + "'");
        }
      } else throw new JsonPathException(path(key) + "[" + i + "]", "expected a number");
    }
    return out;
  }

  /**
   * Fails on the first field of this object that was never read.
   *
   * @throws JsonPathException naming the unknown field
   */
  public void rejectUnknown() {
    for (String key : map.keySet()) {
      if (!read.contains(key)) throw error(key, "unknown field" + Suggest.didYouMean(key, read));
    }
  }
}
