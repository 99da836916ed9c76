package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A null argument fails at once, naming the argument, before anything is planned or sent. */
class NullArgumentsTest {
  private final FakeProvider provider = FakeProvider.flux("cheap", "0.001");
  private final Generator gen = Generator.builder().providers(provider).build();

  @AfterEach
  void close() {
    gen.close();
  }

  private static void names(String argument, Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertEquals(argument, e.getMessage());
  }

  @Test
  void everyNullArgumentIsNamed() {
    names("key", () -> gen.image("flux-schnell").tag(null, "u-1"));
    names("value", () -> gen.image("flux-schnell").tag("user", null));
    names("media", () -> gen.image("flux-schnell").reference(null));
    names("options", () -> gen.image("flux-schnell").providerOptions("cheap", null));
    names("kind", () -> ControlNet.of(null, Media.url("https://example.com/pose.png")));
    names("guide", () -> ControlNet.of(ControlNet.Kind.OPENPOSE, null));
    names("kind", () -> gen.preprocess(null));
    names("bytes", () -> Media.bytes(null, "image/png"));
  }

  @Test
  void aNullProviderOptionKeyIsRefusedInTheBuilderAndNothingIsSent() {
    Map<String, Object> options = new HashMap<>();
    options.put(null, 1);
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> gen.image("flux-schnell").prompt("x").providerOptions("cheap", options).generate());
    assertEquals("providerOptions(cheap): a key is null", e.getMessage());
    assertEquals(0, provider.submits());
  }
}
