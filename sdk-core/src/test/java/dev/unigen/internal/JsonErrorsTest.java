package dev.unigen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {
  private static String problem(String json) {
    return assertThrows(JsonPathException.class, () -> JsonTree.parse(json)).problem();
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    assertEquals("malformed JSON: line 3, column 3: a trailing comma before '}'",
        problem("{\n  \"a\": 1,\n  }\n"));
    assertEquals("malformed JSON: line 2, column 9: expected ',' or '}'",
        problem("{\"a\": 1,\n \"b\": 2 \"c\": 3}"));
    assertEquals("malformed JSON: line 1, column 7: expected a value (an object, array, string, number, true, false or null)",
        problem("{\"a\": }"));
    assertEquals("malformed JSON: line 1, column 12: the text ends too early", problem("{\"a\": [1, 2"));
    assertEquals("malformed JSON: line 1, column 2: expected a field name in double quotes", problem("{a: 1}"));
  }

  @Test
  void wellFormedJsonHasNoSyntaxError() {
    assertEquals(Optional.empty(), JsonSyntax.firstError("{\"a\": [1, -2.5e3, \"x\\\"y\", true, null, {}], \"b\": []}"));
  }

  @Test
  void unknownFieldSuggestsTheNearestKnownOne() {
    JsonFields f = JsonFields.of(JsonTree.parse("{\"name\": \"x\", \"sise\": \"1024x1024\"}"), "$");
    f.string("name");
    f.string("size");
    f.string("count");
    JsonPathException e = assertThrows(JsonPathException.class, f::rejectUnknown);
    assertEquals("$.sise", e.path());
    assertEquals("unknown field (did you mean 'size'?)", e.problem());
  }

  @Test
  void suggestionsOnlyForLikelyMisspellings() {
    List<String> models = List.of("flux-schnell", "flux-dev", "flux-pro", "sdxl");
    assertEquals(Optional.of("flux-schnell"), Suggest.closest("flux-schnel", models));
    assertEquals(Optional.of("flux-schnell"), Suggest.closest("FLUX-Schnell", models));
    assertEquals(Optional.of("sdxl"), Suggest.closest("sdx1", models));
    assertEquals(Optional.empty(), Suggest.closest("kling-2.1-pro", models));
    assertEquals("", Suggest.didYouMean("veo-3", models));
    // "flux-dev" and "flux-pro" are 3 edits apart: too far for an 8-letter word (limit 2)
    assertEquals(Optional.empty(), Suggest.closest("flux-xyz", List.of("flux-pro-ultra")));
  }
}
