package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prompt-writing example runs offline: the sandbox writes the prompt and draws it. */
class PromptWriterTest {
  @Test
  void theSandboxWritesThePromptAndDrawsIt(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Path saved;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      saved = PromptWriter.run("a lighthouse in a storm", dir, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(dir.resolve("prompted.png"), saved);
    assertNotNull(ImageIO.read(saved.toFile()), saved + " is not a readable image");
    // The sandbox stands in for grok-4.3: the idea with three style phrases, priced at zero.
    assertTrue(text.contains("Prompt by sandbox/grok-4.3 ("), text);
    assertTrue(text.contains("  a lighthouse in a storm, "), text);
    // Four characters a token, each message rounded up: the idea (23 characters) 6, the instructions (137) 35.
    assertTrue(text.contains("(41 tokens in, "), text);
    assertTrue(text.contains("Drawn by sandbox/"), text);
    assertTrue(text.contains("Both steps: 0.00 USD"), text);
  }
}
