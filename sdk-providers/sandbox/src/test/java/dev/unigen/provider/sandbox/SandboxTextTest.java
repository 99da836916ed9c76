package dev.unigen.provider.sandbox;

import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.TestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxTextTest {
  private final SandboxProvider sandbox = SandboxProvider.builder().build(TestContext.of(Map.of()));

  private ProviderOutput write(String prompt, long seed) {
    Request r = Request.builder(Task.TEXT).model("sandbox-text").prompt(prompt).seed(seed).build();
    return await(sandbox.submit(call(sandbox, r))).output().orElseThrow();
  }

  @Test
  void rewritesThePromptDeterministically() {
    ProviderOutput out = write("a red bicycle", 1);

    String text = out.text().orElseThrow();
    assertTrue(text.startsWith("a red bicycle, "), text);
    // Three phrases added, each after a comma.
    assertEquals(3, text.split(",", -1).length - 1, text);
    assertTrue(out.assets().isEmpty());
    assertEquals(text, write("a red bicycle", 1).text().get());
  }

  @Test
  void seedsChooseDifferentPhrases() {
    // Five phrases per slot: some pair of seeds among the first ten differ.
    String first = write("a red bicycle", 0).text().get();
    boolean differs = false;
    for (long seed = 1; seed < 10; seed++) differs |= !write("a red bicycle", seed).text().get().equals(first);

    assertTrue(differs);
  }

  @Test
  void maxTokensCutsTheTextAndTheSystemMessageCountsAsInput() {
    Request r = Request.builder(Task.TEXT).model("sandbox-text").system("You write image prompts.")
        .prompt("a red bicycle").maxTokens(4).seed(1).build();
    ProviderOutput out = await(sandbox.submit(call(sandbox, r))).output().orElseThrow();

    // 4 tokens of four characters: the first 16 characters of the rewritten prompt.
    assertEquals("a red bicycle, g".length(), out.text().get().length());
    assertTrue(out.text().get().startsWith("a red bicycle, "), out.text().get());
    assertEquals(4, out.usage().textOutputTokens());
    // "a red bicycle" is 4 tokens, "You write image prompts." (24 characters) 6.
    assertEquals(10, out.usage().textInputTokens());
  }

  @Test
  void usageCountsTokensAtFourCharactersEach() {
    ProviderOutput out = write("a red bicycle", 1);

    // "a red bicycle" is 13 characters: (13 + 3) / 4 = 4 tokens.
    assertEquals(4, out.usage().textInputTokens());
    assertEquals((out.text().get().length() + 3) / 4, out.usage().textOutputTokens());
    assertNotEquals(0, out.usage().textOutputTokens());
    assertEquals(1, out.usage().requests());
  }
}
