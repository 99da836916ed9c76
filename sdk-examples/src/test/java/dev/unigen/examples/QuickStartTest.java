package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, {@code exec:java} on QuickStart, must work offline on a clean machine. */
class QuickStartTest {

  @Test
  void mainSavesTwoPicturesAndAVideoThatDecode(@TempDir Path dir) throws Exception {
    QuickStart.main(new String[] {dir.toString()});

    for (String name : List.of("bicycle-1.png", "bicycle-2.png")) {
      Path png = dir.resolve(name);
      assertTrue(Files.isRegularFile(png), png + " missing");
      BufferedImage image = ImageIO.read(png.toFile());
      assertNotNull(image, png + " is not a readable image");
      assertEquals(1024, image.getWidth());
      assertEquals(1024, image.getHeight());
    }
    Path gif = dir.resolve("bicycle-rides-away.gif");
    assertTrue(Files.isRegularFile(gif), gif + " missing");
    assertNotNull(ImageIO.read(gif.toFile()), gif + " is not a readable image");
    // 5 s at the sandbox's 4 frames a second: an animation, not a still.
    assertEquals(20, frames(gif));
  }

  @Test
  void runPrintsThePlanTheCostsAndTheLedger(@TempDir Path dir) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Path> saved;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      saved = QuickStart.run(dir, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(List.of(dir.resolve("bicycle-1.png"), dir.resolve("bicycle-2.png"),
        dir.resolve("bicycle-rides-away.gif")), saved);
    assertTrue(text.contains("Providers: sandbox"), text);
    assertTrue(text.matches("(?s).*\\n  1 +sandbox +flux-schnell +per-request +0.00 USD\\n.*"), text);
    assertTrue(text.contains("excluded: none"), text);
    assertTrue(text.contains("cost: 0.00 USD COMPUTED (1 request × 0 USD/request), estimated 0.00 USD (per-request)"), text);
    assertTrue(text.contains("Video made on sandbox (kling-2.1-pro)"), text);
    assertTrue(text.contains("Ledger: 2 attempt(s), total charged 0.00 USD"), text);
  }

  @Test
  void extensionsFollowTheMediaType() {
    assertEquals("png", QuickStart.extension("image/png"));
    assertEquals("jpg", QuickStart.extension("image/jpeg"));
    assertEquals("gif", QuickStart.extension("image/gif"));
    assertEquals("mp4", QuickStart.extension("video/mp4"));
    assertEquals("bin", QuickStart.extension("application/octet-stream"));
  }

  private static int frames(Path gif) throws Exception {
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      assertTrue(readers.hasNext(), "no GIF reader");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        return reader.getNumImages(true);
      } finally {
        reader.dispose();
      }
    }
  }
}
