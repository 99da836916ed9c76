package dev.unigen.provider.sandbox;

import static dev.unigen.provider.sandbox.Fixtures.decode;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.assets.Asset;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTransformTest {
  private static final int WHITE = 0xffffffff;
  private static final int RED = 0xffff0000;

  private final SandboxProvider sandbox = SandboxProvider.builder().build(TestContext.of(Map.of()));

  /** A 40x30 white picture with a 10x10 red square at (15, 10). */
  private static byte[] redSquarePng() {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) img.setRGB(x, y, x >= 15 && x < 25 && y >= 10 && y < 20 ? RED : WHITE);
    }
    return png(img);
  }

  private static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private ProviderOutput run(Task task, String model, Media input) {
    return run(Request.builder(task).model(model).image(input).build());
  }

  private ProviderOutput run(Request r) {
    return await(sandbox.submit(call(sandbox, r))).output().orElseThrow();
  }

  @Test
  void upscaleDoublesTheDecodedInputByDefault() {
    Media input = Media.bytes(redSquarePng(), "image/png");

    ProviderOutput out = run(Task.UPSCALE, "sandbox-upscale", input);

    Asset a = out.assets().get(0);
    BufferedImage img = decode(a.bytes());
    assertEquals(80, img.getWidth());
    assertEquals(60, img.getHeight());
    assertEquals(80, a.width().getAsInt());
    assertEquals("image/png", a.mediaType());
    // The middle of the square stays red: (20, 15) becomes (40, 30).
    assertEquals(RED, img.getRGB(40, 30));
    assertEquals(List.of(Size.of(80, 60)), out.usage().images());
    assertEquals(List.of(Size.of(40, 30)), out.usage().inputImages());
  }

  @Test
  void upscaleByFourIntoJpeg() {
    Request r = Request.builder(Task.UPSCALE).model("sandbox-upscale")
        .image(Media.bytes(redSquarePng(), "image/png")).upscaleFactor(4).outputFormat("jpg").build();

    Asset a = run(r).assets().get(0);

    assertEquals("image/jpeg", a.mediaType());
    BufferedImage img = decode(a.bytes());
    assertEquals(160, img.getWidth());
    assertEquals(120, img.getHeight());
  }

  @Test
  void upscaleByFiveAsSeedVrDoes() {
    // A 5x upscale (the premium-image chain's last step): 40x30 becomes 200x150, billed as that output.
    Request r = Request.builder(Task.UPSCALE).model("sandbox-upscale")
        .image(Media.bytes(redSquarePng(), "image/png")).upscaleFactor(5).build();

    ProviderOutput out = run(r);

    Asset a = out.assets().get(0);
    BufferedImage img = decode(a.bytes());
    assertEquals(200, img.getWidth());
    assertEquals(150, img.getHeight());
    assertEquals(RED, img.getRGB(100, 75));
    assertEquals(List.of(Size.of(200, 150)), out.usage().images());
  }

  @Test
  void upscaleFactorNotOfferedIsRejected() {
    Request r = Request.builder(Task.UPSCALE).model("sandbox-upscale")
        .image(Media.bytes(redSquarePng(), "image/png")).upscaleFactor(3).build();

    InvalidRequestException e = assertInstanceOf(InvalidRequestException.class,
        TestCalls.failure(sandbox.submit(call(sandbox, r))));
    assertTrue(e.getMessage().contains("upscale factor 3 not offered"), e.getMessage());
  }

  @Test
  void inputFromAFile(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("in.png"), redSquarePng());

    assertEquals(80, decode(run(Task.UPSCALE, "sandbox-upscale", Media.file(file)).assets().get(0).bytes()).getWidth());
  }

  @Test
  void inputFromADataUri() {
    Media input = Media.dataUri("data:image/png;base64," + Base64.getEncoder().encodeToString(redSquarePng()));

    assertEquals(80, decode(run(Task.UPSCALE, "sandbox-upscale", input).assets().get(0).bytes()).getWidth());
  }

  @Test
  void inputFromAUrlIsFetchedWithTheContextsClient() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().body(new Buffer().write(redSquarePng()))
          .addHeader("Content-Type", "image/png").build());
      server.start();

      ProviderOutput out = run(Task.UPSCALE, "sandbox-upscale", Media.url(server.url("/inputs/bike.png").toString()));

      assertEquals(80, decode(out.assets().get(0).bytes()).getWidth());
      RecordedRequest sent = server.takeRequest(1, TimeUnit.SECONDS);
      assertEquals("GET", sent.getMethod());
      assertEquals("/inputs/bike.png", sent.getTarget());
    }
  }

  @Test
  void theBuildersHttpClientFetchesInputUrls() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().body(new Buffer().write(redSquarePng()))
          .addHeader("Content-Type", "image/png").build());
      server.start();
      okhttp3.OkHttpClient proxying = new okhttp3.OkHttpClient.Builder()
          .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Through", "own-client").build()))
          .build();
      SandboxProvider own = SandboxProvider.builder().httpClient(proxying).build(TestContext.of(Map.of()));
      Request r = Request.builder(Task.UPSCALE).model("sandbox-upscale")
          .image(Media.url(server.url("/inputs/bike.png").toString())).build();

      await(own.submit(call(own, r)));

      assertEquals("own-client", server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("X-Through"));
    }
  }

  @Test
  void aMissingUrlIsAnInvalidRequest() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(404).build());
      server.start();
      Request r = Request.builder(Task.UPSCALE).model("sandbox-upscale")
          .image(Media.url(server.url("/gone.png").toString())).build();

      Throwable e = TestCalls.failure(sandbox.submit(call(sandbox, r)));

      assertInstanceOf(InvalidRequestException.class, e);
      assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }
  }

  @Test
  void bytesThatAreNotAnImageAreAnInvalidRequest() {
    Request r = Request.builder(Task.UPSCALE).model("sandbox-upscale")
        .image(Media.bytes("not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8), "image/png")).build();

    assertInstanceOf(InvalidRequestException.class, TestCalls.failure(sandbox.submit(call(sandbox, r))));
  }

  @Test
  void removeBackgroundMakesTheCornerColourTransparent() {
    ProviderOutput out = run(Task.REMOVE_BACKGROUND, "sandbox-rembg", Media.bytes(redSquarePng(), "image/png"));

    Asset a = out.assets().get(0);
    assertEquals("image/png", a.mediaType());
    BufferedImage img = decode(a.bytes());
    assertTrue(img.getColorModel().hasAlpha());
    assertEquals(40, img.getWidth());
    assertEquals(0, img.getRGB(0, 0) >>> 24, "background alpha");
    assertEquals(0, img.getRGB(39, 29) >>> 24, "background alpha");
    assertEquals(RED, img.getRGB(20, 15), "the subject stays opaque red");
  }

  @Test
  void segmentationIsAWhiteSubjectOnBlack() {
    BufferedImage img = decode(run(Task.SEGMENTATION, "sandbox-preprocess",
        Media.bytes(redSquarePng(), "image/png")).assets().get(0).bytes());

    assertEquals(0xff000000, img.getRGB(0, 0));
    assertEquals(WHITE, img.getRGB(20, 15));
  }

  @Test
  void depthMapIsLuminance() {
    BufferedImage img = decode(run(Task.DEPTH_MAP, "sandbox-preprocess",
        Media.bytes(redSquarePng(), "image/png")).assets().get(0).bytes());

    // White: 255. Pure red: 255 * 299 / 1000 = 76.
    assertEquals(0xffffffff, img.getRGB(0, 0));
    assertEquals(0xff4c4c4c, img.getRGB(20, 15));
  }

  @Test
  void edgeMapIsBrightOnTheEdgeAndDarkElsewhere() {
    // Black left half, white right half from x = 20.
    BufferedImage split = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) for (int x = 20; x < 40; x++) split.setRGB(x, y, WHITE);

    BufferedImage img = decode(run(Task.EDGE_MAP, "sandbox-preprocess", Media.bytes(png(split), "image/png"))
        .assets().get(0).bytes());

    // At x = 19 the Sobel x-gradient is 255 + 2 * 255 + 255 = 1020, clamped to 255.
    assertEquals(WHITE, img.getRGB(19, 15));
    assertEquals(WHITE, img.getRGB(20, 15));
    assertEquals(0xff000000, img.getRGB(5, 15));
    assertEquals(0xff000000, img.getRGB(35, 15));
  }

  @Test
  void poseMapDrawsASkeletonOnBlack() {
    ProviderOutput out = run(Task.POSE_MAP, "sandbox-preprocess", Media.bytes(redSquarePng(), "image/png"));

    BufferedImage img = decode(out.assets().get(0).bytes());
    assertEquals(40, img.getWidth());
    assertEquals(0xff000000, img.getRGB(0, 0));
    int coloured = 0;
    for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) if ((img.getRGB(x, y) & 0xffffff) != 0) coloured++;
    assertTrue(coloured > 20, "skeleton pixels: " + coloured);
    assertTrue(out.warnings().get(0).contains("fixed skeleton"));
  }

  @Test
  void eachPreprocessTaskUsesItsOwnEndpoint() {
    var offer = sandbox.catalog().offer("sandbox", "sandbox-preprocess").get();

    assertEquals("sandbox/pose-map", offer.endpoint(Task.POSE_MAP));
    assertEquals("sandbox/segmentation", offer.endpoint(Task.SEGMENTATION));
  }
}
