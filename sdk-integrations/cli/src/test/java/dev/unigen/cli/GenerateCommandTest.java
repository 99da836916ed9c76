package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate with no key set: the offline sandbox makes real files at zero cost. */
class GenerateCommandTest {
  @TempDir
  Path dir;

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  @Test
  void makesAnImageOnTheSandboxAndSavesIt() throws Exception {
    Run r = Run.unigen("generate", "flux-schnell", "--prompt", "a red bicycle", "--size", "512x512", "--seed", "7",
        "--out", dir.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Providers: sandbox\n"), r.toString());
    assertTrue(r.out.contains("1  sandbox/flux-schnell"), r.toString());
    assertTrue(r.out.contains("Made on sandbox"), r.toString());
    assertTrue(r.out.contains("cost 0 USD"), r.toString());
    List<Path> files = files();
    assertEquals(1, files.size(), r.toString());
    assertTrue(files.get(0).getFileName().toString().startsWith("flux-schnell-"), files.toString());
    assertTrue(files.get(0).toString().endsWith(".png"), files.toString());
    assertTrue(r.out.contains("saved " + files.get(0) + " (image/png 512x512)"), r.toString());
    byte[] png = Files.readAllBytes(files.get(0));
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
  }

  @Test
  void makesAVideo() throws Exception {
    Run r = Run.unigen("generate", "wan-2.5", "--prompt", "waves", "--duration", "5s", "--resolution", "480p",
        "--out", dir.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("Made on sandbox"), r.toString());
    assertEquals(1, files().size(), r.toString());
  }

  @Test
  void failsClearlyWhenNothingCanMakeIt() {
    Run unknown = Run.unigen("generate", "no-such-model", "--prompt", "x", "--out", dir.toString());
    assertEquals(Cli.FAILED, unknown.status, unknown.toString());
    assertTrue(unknown.err.contains("no configured provider offers model 'no-such-model'; they offer: "), unknown.toString());

    Run tooBig = Run.unigen("generate", "flux-schnell", "--prompt", "x", "--size", "8192x8192", "--out", dir.toString());
    assertEquals(Cli.FAILED, tooBig.status, tooBig.toString());
    assertTrue(tooBig.err.startsWith("unigen generate: "), tooBig.toString());
    assertTrue(tooBig.noStackTrace(), tooBig.toString());
  }

  @Test
  void aProviderAskedForWithoutItsKeySaysWhichVariableToSet() {
    Run fal = Run.unigen("generate", "flux-schnell", "--prompt", "x", "--provider", "fal", "--out", dir.toString());
    assertEquals(Cli.FAILED, fal.status, fal.toString());
    assertEquals("unigen generate: provider fal is not configured: set FAL_KEY\n", fal.err);
    Run typo = Run.unigen("generate", "flux-schnell", "--prompt", "x", "--provider", "replicat", "--out", dir.toString());
    assertEquals(Cli.FAILED, typo.status, typo.toString());
    assertTrue(typo.err.startsWith("unigen generate: no provider named 'replicat' (did you mean 'replicate'?); there are "),
        typo.toString());
  }

  @Test
  void thePromptIsRequired() {
    Run r = Run.unigen("generate", "flux-schnell");
    assertEquals(Cli.USAGE, r.status, r.toString());
    assertTrue(r.err.contains("Missing required option: '--prompt=TEXT'"), r.toString());
  }

  @Test
  void extensionsFollowMediaTypes() {
    assertEquals("png", GenerateCommand.extension("image/png"));
    assertEquals("jpg", GenerateCommand.extension("image/jpeg; q=1"));
    assertEquals("gif", GenerateCommand.extension("image/gif"));
    assertEquals("bin", GenerateCommand.extension("application/octet-stream"));
  }
}
