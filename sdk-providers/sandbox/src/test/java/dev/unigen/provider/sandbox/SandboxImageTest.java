package dev.unigen.provider.sandbox;

import static dev.unigen.provider.sandbox.Fixtures.decode;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.TestContext;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxImageTest {
  private final SandboxProvider sandbox = SandboxProvider.builder().build(TestContext.of(Map.of()));

  private ProviderOutput generate(Request request) {
    Submission s = await(sandbox.submit(call(sandbox, request)));
    assertTrue(s.job().isEmpty(), "images answer at once");
    return s.output().orElseThrow();
  }

  private static Request.Builder image(String prompt) {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt(prompt);
  }

  @Test
  void pngDecodesToTheRequestedSize() {
    ProviderOutput out = generate(image("a red bicycle in the rain").size(640, 384).seed(7).build());

    assertEquals(1, out.assets().size());
    Asset a = out.assets().get(0);
    assertEquals("image/png", a.mediaType());
    BufferedImage img = decode(a.bytes());
    assertEquals(640, img.getWidth());
    assertEquals(384, img.getHeight());
    assertEquals(640, a.width().getAsInt());
    assertEquals(384, a.height().getAsInt());
    assertEquals(7, a.seed().getAsLong());
    // PNG signature: 0x89 'P' 'N' 'G'
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(a.bytes(), 4));
  }

  @Test
  void jpegWhenAskedFor() {
    for (String format : List.of("jpeg", "jpg", "JPEG")) {
      ProviderOutput out = generate(image("a lighthouse").size(384, 256).outputFormat(format).build());
      Asset a = out.assets().get(0);
      assertEquals("image/jpeg", a.mediaType());
      // JPEG starts with the SOI marker FF D8
      assertEquals((byte) 0xFF, a.bytes()[0]);
      assertEquals((byte) 0xD8, a.bytes()[1]);
      BufferedImage img = decode(a.bytes());
      assertEquals(384, img.getWidth());
      assertEquals(256, img.getHeight());
    }
  }

  @Test
  void unsupportedFormatFallsBackToPngWithAWarning() {
    ProviderOutput out = generate(image("a lighthouse").size(256, 256).outputFormat("webp").build());

    assertEquals("image/png", out.assets().get(0).mediaType());
    assertTrue(out.warnings().get(0).contains("webp"), out.warnings().toString());
  }

  @Test
  void defaultSizeComesFromTheOffer() {
    // flux-schnell's catalog entry states defaultSize 1024x1024.
    Asset a = generate(image("a cat").build()).assets().get(0);

    BufferedImage img = decode(a.bytes());
    assertEquals(1024, img.getWidth());
    assertEquals(1024, img.getHeight());
  }

  @Test
  void anInpaintKeepsTheSizeItsInputStatesUnlessASizeIsAsked() {
    // The input says 640x384 (as a chain step's input does): the inpaint is 640x384, not flux-dev's default.
    Media input = Media.url("https://example.com/in.png").withSize(640, 384);
    Media mask = Media.url("https://example.com/mask.png").withSize(640, 384);
    Request.Builder inpaint = Request.builder(Task.INPAINT).model("flux-dev").prompt("a blue dress").image(input).mask(mask);
    Asset kept = generate(inpaint.build()).assets().get(0);
    assertEquals(640, decode(kept.bytes()).getWidth());
    assertEquals(384, kept.height().getAsInt());
    // An asked size wins, and an input of no stated size gives the default.
    assertEquals(512, generate(inpaint.size(512, 512).build()).assets().get(0).width().getAsInt());
    Request unsized = Request.builder(Task.IMAGE_TO_IMAGE).model("flux-dev").prompt("a cat")
        .image(Media.url("https://example.com/in.png")).build();
    assertEquals(1024, generate(unsized).assets().get(0).width().getAsInt());
  }

  @Test
  void aspectRatioKeepsTheDefaultAreaInMultiplesOfEight() {
    // 1024x1024 at 16:9: width sqrt(1024^2 * 16/9) = 1365.3 -> 1368, height sqrt(1024^2 * 9/16) = 768.
    Asset a = generate(image("a cat").aspectRatio("16:9").build()).assets().get(0);

    assertEquals(1368, a.width().getAsInt());
    assertEquals(768, a.height().getAsInt());
    assertEquals(1368, decode(a.bytes()).getWidth());
  }

  @Test
  void countGivesThatManyImagesWithConsecutiveSeeds() {
    ProviderOutput out = generate(image("three apples").size(256, 256).count(3).seed(42).build());

    assertEquals(3, out.assets().size());
    assertEquals(42, out.assets().get(0).seed().getAsLong());
    assertEquals(43, out.assets().get(1).seed().getAsLong());
    assertEquals(44, out.assets().get(2).seed().getAsLong());
    assertFalse(Arrays.equals(out.assets().get(0).bytes(), out.assets().get(1).bytes()));
  }

  @Test
  void sameSeedGivesIdenticalBytes() {
    Request r = image("a red bicycle in the rain").size(512, 512).seed(1234).build();

    byte[] first = generate(r).assets().get(0).bytes();
    byte[] second = generate(r).assets().get(0).bytes();
    SandboxProvider other = SandboxProvider.builder().build(TestContext.of(Map.of()));
    byte[] third = await(other.submit(call(other, r))).output().get().assets().get(0).bytes();

    assertArrayEquals(first, second);
    assertArrayEquals(first, third);
  }

  @Test
  void sameSeedGivesIdenticalJpegBytes() {
    Request r = image("a red bicycle in the rain").size(512, 512).seed(1234).outputFormat("jpeg").build();

    assertArrayEquals(generate(r).assets().get(0).bytes(), generate(r).assets().get(0).bytes());
  }

  @Test
  void differentSeedGivesDifferentBytes() {
    byte[] a = generate(image("a red bicycle").size(512, 512).seed(1).build()).assets().get(0).bytes();
    byte[] b = generate(image("a red bicycle").size(512, 512).seed(2).build()).assets().get(0).bytes();

    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void withoutASeedTheSeedIsTheHashOfThePrompt() {
    // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; with the sign bit cleared, 0x2f63dc4c8601ec8c.
    Asset a = generate(image("a").size(256, 256).build()).assets().get(0);
    Asset b = generate(image("a").size(256, 256).build()).assets().get(0);

    assertEquals(0x2f63dc4c8601ec8cL, a.seed().getAsLong());
    assertArrayEquals(a.bytes(), b.bytes());
  }

  @Test
  void usageListsEveryImageAndOneRequest() {
    Usage u = generate(image("two pears").size(512, 768).count(2).steps(4).build()).usage();

    assertEquals(List.of(Size.of(512, 768), Size.of(512, 768)), u.images());
    assertEquals(2, u.count());
    assertEquals(1, u.requests());
    assertEquals(4, u.steps().getAsInt());
  }

  @Test
  void multiReferenceCountsReferencesAndSaysTheyAreNotDrawn() {
    Media ref = Media.bytes(new byte[] {1, 2, 3}, "image/png");
    Request r = Request.builder(Task.MULTI_REFERENCE).model("flux-2-pro").prompt("the same cat on a sofa")
        .size(512, 512).reference(ref).reference(ref).reference(ref).build();

    ProviderOutput out = generate(r);

    assertEquals(3, out.usage().references());
    assertEquals(512, decode(out.assets().get(0).bytes()).getWidth());
    assertTrue(out.warnings().get(0).contains("reference images"), out.warnings().toString());
  }

  @Test
  void providerRequestIdNamesTheSandboxAndTheCall() {
    Request r = image("a cat").size(256, 256).build();
    var call = call(sandbox, r);

    ProviderOutput out = await(sandbox.submit(call)).output().get();

    assertEquals("sandbox-" + call.id(), out.providerRequestId().get());
  }

  @Test
  void unusualTextStillRenders() {
    String prompt = "Ünïcödé — 日本語 😀 " + "long ".repeat(200);
    ProviderOutput out = generate(image(prompt).size(256, 256).build());

    assertEquals(256, decode(out.assets().get(0).bytes()).getWidth());
  }
}
