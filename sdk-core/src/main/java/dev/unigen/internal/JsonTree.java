package dev.unigen.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads JSON into maps, lists, strings, booleans, nulls and {@link BigDecimal} numbers. Numbers are
 * never parsed through {@code double}, so prices keep every digit. Internal: not a public API.
 */
public final class JsonTree {
  private static final String MALFORMED = "malformed JSON: ";
  private static final String UNREADABLE = "unreadable JSON: ";

  private JsonTree() {}

  /**
   * Parses {@code json}.
   *
   * @throws JsonPathException if the text is not well-formed JSON or repeats a key
   */
  public static Object parse(String json) {
    try {
      return parse(new Buffer().writeUtf8(json));
    } catch (JsonPathException e) {
      // The streaming parser knows only a path; for a person editing a file, say where. Text in
      // memory is never "unreadable": an early end of input is a syntax error too.
      if (!e.problem().startsWith(MALFORMED) && !e.problem().startsWith(UNREADABLE)) throw e;
      String where = JsonSyntax.firstError(json).orElse(null);
      if (where == null) throw e;
      throw new JsonPathException("$", MALFORMED + where);
    }
  }

  /**
   * Parses the JSON in {@code source}.
   *
   * @throws JsonPathException if the text is not well-formed JSON or repeats a key
   */
  public static Object parse(BufferedSource source) {
    try (JsonReader reader = JsonReader.of(source)) {
      Object value = read(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new JsonPathException(reader.getPath(), "unexpected content after the JSON value");
      }
      return value;
    } catch (JsonEncodingException | JsonDataException e) {
      throw new JsonPathException("$", MALFORMED + e.getMessage());
    } catch (IOException e) {
      throw new JsonPathException("$", UNREADABLE + e.getMessage());
    }
  }

  private static Object read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          // The path is built only for the error: building it for every key cost a third of parsing.
          if (map.containsKey(name)) throw new JsonPathException(reader.getPath(), "duplicate key '" + name + "'");
          map.put(name, read(reader));
        }
        reader.endObject();
        return map;
      }
      case BEGIN_ARRAY: {
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) list.add(read(reader));
        reader.endArray();
        return list;
      }
      case STRING:
        return reader.nextString();
      case NUMBER:
        return new BigDecimal(reader.nextString());
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        return reader.nextNull();
      default:
        throw new JsonPathException(reader.getPath(), "unexpected " + reader.peek());
    }
  }
}
