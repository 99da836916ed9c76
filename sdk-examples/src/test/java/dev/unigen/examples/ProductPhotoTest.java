package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generator;
import dev.unigen.catalog.Catalog;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.provider.sandbox.SandboxProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ProductPhoto offline on the sandbox: the files it writes decode, the cut-out is transparent
 * where the background was, and step 2 picks the cheapest of inpainting and ControlNet. Every
 * generator reads an empty environment, so a key on the test machine never spends money.
 */
class ProductPhotoTest {
  @TempDir Path dir;

  /** Runs the pipeline and returns what it printed. */
  private static String run(Generator gen, Path photo, Path dir, List<Path> written) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      written.addAll(ProductPhoto.run(gen, photo, dir, out));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static BufferedImage decode(Path file) {
    assertTrue(Files.isRegularFile(file), file + " missing");
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      assertNotNull(img, file + " is not a readable image");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void runsEveryStepOnTheSandboxFromADrawnPhoto() {
    List<Path> written = new ArrayList<>();
    String text;
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().build()) {
      text = run(gen, null, dir, written);
      assertEquals(List.of("cutout", "scene", "upscale"), gen.ledger().entries().stream()
          .map(e -> e.tags().get("step")).collect(Collectors.toList()));
      assertTrue(gen.ledger().entries().stream().allMatch(e -> e.outcome() == LedgerEntry.Outcome.SUCCEEDED));
    }

    assertEquals(List.of("product.png", "cutout.png", "mask.png", "pose.png", "scene.png", "scene-4x.png"),
        written.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
    assertTrue(written.stream().allMatch(p -> p.getParent().equals(dir)), written.toString());
    written.forEach(ProductPhotoTest::decode);

    BufferedImage cutout = decode(dir.resolve("cutout.png"));
    assertEquals(512, cutout.getWidth());
    assertEquals(0, cutout.getRGB(5, 5) >>> 24, "the background corner is transparent");
    assertEquals(255, cutout.getRGB(256, 400) >>> 24, "the bottle is kept");
    BufferedImage mask = decode(dir.resolve("mask.png"));
    assertEquals(0xffffffff, mask.getRGB(5, 5), "the background is repainted");
    assertEquals(0xff000000, mask.getRGB(256, 400), "the bottle is kept");
    BufferedImage scene = decode(dir.resolve("scene.png"));
    assertEquals(512, scene.getWidth());
    assertEquals(512, scene.getHeight());
    BufferedImage big = decode(dir.resolve("scene-4x.png"));
    assertEquals(2048, big.getWidth());
    assertEquals(2048, big.getHeight());

    assertTrue(text.contains("1. Remove the background\n  1. sandbox/sandbox-rembg"), text);
    // Two inpainting models and one OpenPose model, all free: inpainting wins the tie, first by name.
    assertTrue(text.contains("2. New scene: 3 way(s) quoted"), text);
    assertTrue(text.contains("   chosen: inpainting on flux-dev\n  1. sandbox/flux-dev"), text);
    assertTrue(text.contains("3. Upscale 4x\n  1. sandbox/sandbox-upscale"), text);
    assertTrue(text.endsWith("Total: 0 USD\n"), text);
  }

  @Test
  void aPhotoOfYourOwnKeepsItsSize() throws IOException {
    Path photo = dir.resolve("in/my-bottle.png");
    Files.createDirectories(photo.getParent());
    BufferedImage sample = ProductPhoto.sampleBottle();
    BufferedImage small = new BufferedImage(256, 320, BufferedImage.TYPE_INT_RGB);
    small.createGraphics().drawImage(sample, 0, 0, 256, 320, null);
    ImageIO.write(small, "png", photo.toFile());
    Path out = dir.resolve("out");

    List<Path> written = new ArrayList<>();
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().build()) {
      run(gen, photo, out, written);
    }

    assertFalse(Files.exists(out.resolve("product.png")), "nothing is drawn when a photo is given");
    assertEquals(320, decode(out.resolve("scene.png")).getHeight());
    BufferedImage big = decode(out.resolve("scene-4x.png"));
    assertEquals(1024, big.getWidth());
    assertEquals(1280, big.getHeight());
  }

  @Test
  void aCheaperControlNetOfferWinsOverInpainting() {
    // Worked by hand: 0.005 (cut-out) + 0.01 (ControlNet picture) + 0.002 (upscale) = 0.017;
    // inpainting at 0.04 an image loses to ControlNet at 0.01.
    Catalog priced = Catalog.parse("""
        {"format": 1, "provider": "sandbox", "offers": [
          {"model": "sandbox-rembg", "endpoint": "sandbox/remove-background", "tasks": ["remove-background"],
           "price": {"kind": "per-request", "price": "0.005"}, "asOf": "2026-11-23", "source": "test"},
          {"model": "flux-dev", "endpoint": "sandbox/flux-dev", "tasks": ["inpaint"],
           "capabilities": {"sizes": {"min": 256, "max": 2048, "multipleOf": 8}, "maxCount": 4},
           "price": {"kind": "per-image", "price": "0.04"}, "asOf": "2026-11-23", "source": "test"},
          {"model": "sdxl", "endpoint": "sandbox/sdxl", "tasks": ["text-to-image"],
           "capabilities": {"sizes": {"min": 256, "max": 2048, "multipleOf": 8}, "maxCount": 4,
                            "controlNets": ["openpose"]},
           "price": {"kind": "per-image", "price": "0.01"}, "asOf": "2026-11-23", "source": "test"},
          {"model": "sandbox-upscale", "endpoint": "sandbox/upscale", "tasks": ["upscale"],
           "capabilities": {"upscaleFactors": [2, 4]},
           "price": {"kind": "per-request", "price": "0.002"}, "asOf": "2026-11-23", "source": "test"}]}
        """, "ProductPhotoTest");
    List<Path> written = new ArrayList<>();
    String text;
    try (Generator gen = Generator.builder().environment(Map.of())
        .provider(ctx -> SandboxProvider.builder().context(ctx).catalog(priced).build()).build()) {
      text = run(gen, null, dir, written);
      assertEquals(Money.usd("0.017"), gen.ledger().total());
    }

    assertTrue(text.contains("   - inpainting on flux-dev         best 0.04 USD on sandbox\n"
        + "   - OpenPose ControlNet on sdxl    best 0.01 USD on sandbox\n"
        + "   chosen: OpenPose ControlNet on sdxl\n"), text);
    assertTrue(text.endsWith("Total: 0.017 USD\n"), text);
    assertEquals(512, decode(dir.resolve("scene.png")).getWidth());
    assertEquals(2048, decode(dir.resolve("scene-4x.png")).getWidth());
  }
}
