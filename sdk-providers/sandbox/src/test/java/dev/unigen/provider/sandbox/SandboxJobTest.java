package dev.unigen.provider.sandbox;

import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.JobCanceledException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

class SandboxJobTest {
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

  private final ProviderContext context = TestContext.of(Map.of());

  private SandboxProvider.Builder sandbox() {
    return SandboxProvider.builder().clock(clock);
  }

  private static Request.Builder video(String model) {
    return Request.builder(Task.TEXT_TO_VIDEO).model(model).prompt("the bicycle rides away");
  }

  private static JobRef accepted(SandboxProvider sandbox, Request r) {
    Submission s = await(sandbox.submit(call(sandbox, r)));
    assertTrue(s.output().isEmpty(), "videos run as jobs");
    JobRef job = s.job().orElseThrow();
    assertEquals(sandbox.name(), job.provider());
    return job;
  }

  private static ProviderOutput finished(SandboxProvider sandbox, JobRef job) {
    PollResult p = await(sandbox.poll(job));
    assertEquals(PollResult.State.SUCCEEDED, p.state(), p.toString());
    return p.output().orElseThrow();
  }

  @Test
  void runningWithAPercentUntilTheLatencyHasPassedByTheClock() {
    SandboxProvider sandbox = sandbox().latency(Duration.ofSeconds(10)).build(context);
    JobRef job = accepted(sandbox, video("kling-2.1-pro").build());

    PollResult first = await(sandbox.poll(job));
    assertEquals(PollResult.State.RUNNING, first.state());
    assertEquals(0, first.progress().get().percent().getAsInt());
    assertFalse(first.isDone());

    clock.advance(Duration.ofMillis(2500));
    PollResult quarter = await(sandbox.poll(job));
    assertEquals(PollResult.State.RUNNING, quarter.state());
    Progress p = quarter.progress().get();
    assertEquals(25, p.percent().getAsInt());
    assertEquals("RUNNING", p.state().get());
    // 7.5 s remain; the hint is capped at one second.
    assertEquals(Duration.ofSeconds(1), quarter.retryAfter().get());

    clock.advance(Duration.ofMillis(7499));
    assertEquals(99, await(sandbox.poll(job)).progress().get().percent().getAsInt());

    clock.advance(Duration.ofMillis(1));
    ProviderOutput out = finished(sandbox, job);
    assertEquals(1, out.assets().size());
  }

  @Test
  void zeroLatencyJobIsDoneAtTheFirstPoll() {
    SandboxProvider sandbox = sandbox().build(context);
    JobRef job = accepted(sandbox, video("kling-2.1-pro").build());

    assertTrue(await(sandbox.poll(job)).isDone());
  }

  @Test
  void gifHasOneFrameAQuarterSecondAndLoops() throws IOException {
    SandboxProvider sandbox = sandbox().build(context);
    // 5 s at 4 fps: 20 frames of 25 hundredths = 500 hundredths.
    Asset five = finished(sandbox, accepted(sandbox, video("kling-2.1-pro").duration(Duration.ofSeconds(5)).build()))
        .assets().get(0);
    Gif gif5 = Gif.read(five.bytes());
    assertEquals(20, gif5.frames);
    assertEquals(500, gif5.totalDelay);
    assertTrue(gif5.loops);
    assertEquals("image/gif", five.mediaType());
    assertEquals(0, five.durationSeconds().get().compareTo(new BigDecimal("5")));

    // 10 s: 40 frames, 1000 hundredths.
    Asset ten = finished(sandbox, accepted(sandbox, video("kling-2.1-pro").duration(Duration.ofSeconds(10)).build()))
        .assets().get(0);
    Gif gif10 = Gif.read(ten.bytes());
    assertEquals(40, gif10.frames);
    assertEquals(1000, gif10.totalDelay);
    assertEquals(0, ten.durationSeconds().get().compareTo(BigDecimal.TEN));
  }

  @Test
  void defaultDurationComesFromTheOffer() throws IOException {
    SandboxProvider sandbox = sandbox().build(context);
    // veo-3's catalog entry states defaultDuration 8: 32 frames, 800 hundredths.
    Asset a = finished(sandbox, accepted(sandbox, video("veo-3").build())).assets().get(0);

    Gif gif = Gif.read(a.bytes());
    assertEquals(32, gif.frames);
    assertEquals(800, gif.totalDelay);
  }

  @Test
  void aLengthThatIsNotAQuarterMultipleEndsOnAShorterFrame() {
    // 5.1 s = 510 hundredths: 20 frames of 25 and a last one of 10.
    int[] delays = Renderer.frameDelays(5100);

    assertEquals(21, delays.length);
    assertEquals(25, delays[0]);
    assertEquals(10, delays[20]);
    assertEquals(510, Arrays.stream(delays).sum());
  }

  @Test
  void gifIsSmallAndKeepsTheAspectRatio() throws IOException {
    SandboxProvider sandbox = sandbox().build(context);
    // 1080p 16:9 is 1920x1080; at 320 px wide it is 320x180.
    Asset wide = finished(sandbox, accepted(sandbox, video("kling-2.1-pro").resolution("1080p").build())).assets().get(0);
    assertEquals(320, wide.width().getAsInt());
    assertEquals(180, wide.height().getAsInt());
    assertEquals(320, Gif.read(wide.bytes()).width);
    assertEquals(180, Gif.read(wide.bytes()).height);

    // 9:16 at 1080p is 1080x1920; at 320 px tall it is 180x320.
    Asset tall = finished(sandbox, accepted(sandbox,
        video("kling-2.1-pro").resolution("1080p").aspectRatio("9:16").build())).assets().get(0);
    assertEquals(180, tall.width().getAsInt());
    assertEquals(320, tall.height().getAsInt());
  }

  @Test
  void usageStatesWhatARealProviderWouldHaveMade() {
    SandboxProvider sandbox = sandbox().build(context);
    Request r = video("veo-3").duration(Duration.ofSeconds(6)).resolution("1080p").audio(true).seed(9).build();

    ProviderOutput out = finished(sandbox, accepted(sandbox, r));

    Usage u = out.usage();
    assertEquals(0, u.outputSeconds().get().compareTo(new BigDecimal("6")));
    assertEquals("1080p", u.resolution().get());
    assertTrue(u.audio());
    assertEquals(1, u.count());
    assertEquals(1, u.requests());
    assertEquals(Size.of(1920, 1080), u.images().get(0));
    assertEquals(9, out.assets().get(0).seed().getAsLong());
    assertTrue(out.warnings().get(0).contains("without sound"), out.warnings().toString());
  }

  @Test
  void sameSeedSameGif() {
    SandboxProvider sandbox = sandbox().build(context);
    Request r = video("kling-2.1-pro").seed(5).build();

    byte[] a = finished(sandbox, accepted(sandbox, r)).assets().get(0).bytes();
    byte[] b = finished(sandbox, accepted(sandbox, r)).assets().get(0).bytes();
    byte[] c = finished(sandbox, accepted(sandbox, video("kling-2.1-pro").seed(6).build())).assets().get(0).bytes();

    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void imageToVideoIsAJobToo() {
    SandboxProvider sandbox = sandbox().build(context);
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.1-pro").prompt("it rides away")
        .image(Media.bytes(new byte[] {1}, "image/png")).build();

    assertEquals(1, finished(sandbox, accepted(sandbox, r)).assets().size());
  }

  @Test
  void cancelReturnsTrueAndLaterPollsReportCanceled() {
    SandboxProvider sandbox = sandbox().latency(Duration.ofMinutes(1)).build(context);
    JobRef job = accepted(sandbox, video("kling-2.1-pro").build());

    assertTrue(await(sandbox.cancel(job)));

    PollResult p = await(sandbox.poll(job));
    assertEquals(PollResult.State.CANCELED, p.state());
    assertTrue(p.isDone());
    assertInstanceOf(JobCanceledException.class, p.error().get());
    clock.advance(Duration.ofMinutes(2));
    assertEquals(PollResult.State.CANCELED, await(sandbox.poll(job)).state());
    assertTrue(await(sandbox.cancel(job)), "canceling again still says yes");
  }

  @Test
  void cancelAfterTheJobFinishedReturnsFalse() {
    SandboxProvider sandbox = sandbox().latency(Duration.ofSeconds(1)).build(context);
    JobRef job = accepted(sandbox, video("kling-2.1-pro").build());
    clock.advance(Duration.ofSeconds(1));

    assertFalse(await(sandbox.cancel(job)));
    assertEquals(PollResult.State.SUCCEEDED, await(sandbox.poll(job)).state());
  }

  @Test
  void aSandboxInARestartedProcessResumesTheJobFromItsRef() {
    SandboxProvider before = sandbox().latency(Duration.ofSeconds(30)).build(context);
    JobRef job = accepted(before, video("kling-2.1-pro").seed(3).build());
    // The journal keeps only the JobRef; copy it as a journal would.
    JobRef restored = JobRef.of(job.provider(), job.id(), null, null, job.attributes());
    clock.advance(Duration.ofSeconds(30));

    SandboxProvider after = sandbox().latency(Duration.ofSeconds(30)).build(context);
    byte[] resumed = finished(after, restored).assets().get(0).bytes();

    assertArrayEquals(finished(before, job).assets().get(0).bytes(), resumed);
  }

  @Test
  void aJobOfAnotherProviderIsRefused() {
    SandboxProvider a = sandbox().name("sandbox-a").build(context);
    SandboxProvider b = sandbox().name("sandbox-b").build(context);
    JobRef job = accepted(a, video("kling-2.1-pro").build());

    assertThrows(IllegalArgumentException.class, () -> b.poll(job));
    assertThrows(IllegalArgumentException.class, () -> b.cancel(job));
  }

  @Test
  void anUnknownJobIsAProviderFailure() {
    SandboxProvider sandbox = sandbox().build(context);
    JobRef bogus = JobRef.of("sandbox", "nope", null, null, java.util.Map.of());

    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, TestCalls.failure(sandbox.poll(bogus)));
    assertEquals(404, e.status().getAsInt());
  }

  @Test
  void outageOnAJobIsReportedByThePollAsFailed() {
    SandboxProvider sandbox = sandbox().latency(Duration.ofSeconds(5)).fail(SandboxFailure.OUTAGE).build(context);
    JobRef job = accepted(sandbox, video("kling-2.1-pro").build());

    assertEquals(PollResult.State.RUNNING, await(sandbox.poll(job)).state());
    clock.advance(Duration.ofSeconds(5));
    PollResult p = await(sandbox.poll(job));

    assertEquals(PollResult.State.FAILED, p.state());
    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, p.error().get());
    assertEquals(503, e.status().getAsInt());
    // The script moved on: the next job succeeds.
    JobRef next = accepted(sandbox, video("kling-2.1-pro").build());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(PollResult.State.SUCCEEDED, await(sandbox.poll(next)).state());
  }

  @Test
  void moderationOnAJobIsReportedByThePoll() {
    SandboxProvider sandbox = sandbox().fail(SandboxFailure.MODERATION).build(context);
    JobRef job = accepted(sandbox, video("kling-2.1-pro").build());

    GenerationException e = await(sandbox.poll(job)).error().get();
    assertInstanceOf(ContentModeratedException.class, e);
  }

  @Test
  void loraTrainingIsAJobThatReturnsSafetensorsWeights() {
    SandboxProvider sandbox = sandbox().latency(Duration.ofSeconds(60)).build(context);
    Request r = Request.builder(Task.LORA_TRAINING).model("sandbox-lora-trainer")
        .image(Media.bytes(new byte[] {'P', 'K'}, "application/zip")).steps(1000).triggerWord("TOK \"cat\"").seed(11).build();
    JobRef job = accepted(sandbox, r);
    assertEquals(PollResult.State.RUNNING, await(sandbox.poll(job)).state());
    clock.advance(Duration.ofSeconds(60));

    ProviderOutput out = finished(sandbox, job);

    Asset weights = out.assets().get(0);
    assertEquals("application/octet-stream", weights.mediaType());
    assertEquals(11, weights.seed().getAsLong());
    byte[] bytes = weights.bytes();
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8);
    // Two float32 tensors of 4 x 64 values: 2 * 4 * 64 * 4 = 2048 bytes after the header.
    assertEquals(8 + headerLength + 2048, bytes.length);
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).strip();
    assertTrue(header.contains("\"lora_down.weight\":{\"dtype\":\"F32\",\"shape\":[4,64],\"data_offsets\":[0,1024]}"), header);
    assertTrue(header.contains("\"trigger_word\":\"TOK \\\"cat\\\"\""), header);
    assertTrue(header.contains("\"steps\":\"1000\""), header);
    assertEquals(1000, out.usage().steps().getAsInt());

    JobRef again = accepted(sandbox, r);
    clock.advance(Duration.ofSeconds(60));
    assertArrayEquals(bytes, finished(sandbox, again).assets().get(0).bytes());
  }

  /** What the tests read back from a GIF: frames, their total delay, the loop extension. */
  private static final class Gif {
    int frames;
    int totalDelay;
    boolean loops;
    int width;
    int height;

    static Gif read(byte[] bytes) throws IOException {
      Gif g = new Gif();
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
        reader.setInput(in);
        g.frames = reader.getNumImages(true);
        g.width = reader.getWidth(0);
        g.height = reader.getHeight(0);
        for (int i = 0; i < g.frames; i++) {
          IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
          for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("GraphicControlExtension")) {
              g.totalDelay += Integer.parseInt(((IIOMetadataNode) n).getAttribute("delayTime"));
            }
            if (n.getNodeName().equals("ApplicationExtensions")) {
              IIOMetadataNode app = (IIOMetadataNode) n.getFirstChild();
              g.loops |= "NETSCAPE".equals(app.getAttribute("applicationID"));
            }
          }
        }
      } finally {
        reader.dispose();
      }
      return g;
    }
  }
}
