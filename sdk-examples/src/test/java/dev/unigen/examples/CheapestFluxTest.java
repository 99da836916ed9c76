package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generator;
import dev.unigen.provider.sandbox.SandboxFailure;
import dev.unigen.provider.sandbox.SandboxProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CheapestFlux offline: on the sandbox that {@code providersFromEnvironment()} falls back to with
 * no key (an empty environment, so a key on the test machine never spends money), and on two
 * scripted sandboxes to show the failover it prints.
 */
class CheapestFluxTest {
  @TempDir Path dir;

  @Test
  void runsOnTheSandboxWhenNoKeyIsSet() throws Exception {
    Path saved;
    String text;
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().build()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
        saved = CheapestFlux.run(gen, dir, out);
      }
      text = bytes.toString(StandardCharsets.UTF_8);
    }

    assertTrue(text.contains("Providers: sandbox"), text);
    assertTrue(text.matches("(?s).*\\n  1 +sandbox +sandbox/flux-schnell +per-request +0 USD\\n"
        + "  excluded: none\\n.*"), text);
    assertTrue(text.matches("(?s).*\\nAttempts:\\n  sandbox +SUCCEEDED +1\\n.*"), text);
    assertTrue(text.contains("Made on sandbox (sandbox/flux-schnell)"), text);
    assertTrue(text.contains("cost: 0 USD COMPUTED (1 request × 0 USD/request), estimated 0 USD (per-request)"), text);
    assertEquals(dir.resolve("flux-schnell.png"), saved);
    BufferedImage picture = ImageIO.read(saved.toFile());
    assertNotNull(picture, saved + " is not a readable image");
    assertEquals(1024, picture.getWidth());
    assertEquals(1024, picture.getHeight());
  }

  @Test
  void printsEveryAttemptAfterAFailover() throws Exception {
    String text;
    Path saved;
    // Equal prices rank by name, so the broken sandbox-a is tried first.
    try (Generator gen = Generator.builder().environment(Map.of())
        .provider(ctx -> SandboxProvider.builder().name("sandbox-a")
            .failAlways(SandboxFailure.OUTAGE).build(ctx))
        .provider(ctx -> SandboxProvider.builder().name("sandbox-b").build(ctx))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .build()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
        saved = CheapestFlux.run(gen, dir, out);
      }
      text = bytes.toString(StandardCharsets.UTF_8);
    }

    assertTrue(text.matches("(?s).*\\n  1 +sandbox-a +sandbox/flux-schnell .*\\n"
        + "  2 +sandbox-b +sandbox/flux-schnell .*"), text);
    assertTrue(text.matches("(?s).*\\n  sandbox-a +FAILED +3 ProviderFailureException: sandbox-a: .+\\n"
        + "  sandbox-b +SUCCEEDED +1\\n.*"), text);
    assertTrue(text.contains("Made on sandbox-b (sandbox/flux-schnell)"), text);
    assertNotNull(ImageIO.read(saved.toFile()), saved + " is not a readable image");
  }
}
