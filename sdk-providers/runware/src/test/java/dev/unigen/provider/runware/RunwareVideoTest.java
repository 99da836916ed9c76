package dev.unigen.provider.runware;

import static dev.unigen.provider.runware.Fixtures.TASK;
import static dev.unigen.provider.runware.Fixtures.call;
import static dev.unigen.provider.runware.Fixtures.obj;
import static dev.unigen.provider.runware.Fixtures.str;
import static dev.unigen.provider.runware.Fixtures.task;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.failure;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** videoInference: an async submit acknowledged at once, then getResponse polls until every result is in. */
class RunwareVideoTest {
  private static final String VIDEO_URL = "https://vm.runware.ai/video/os/a21d05/ws/5/vi/9719745e-0f81-4905-b8b4-96698f2bc605.mp4";

  @StartStop private final MockWebServer server = TestServers.started();
  private final RunwareProvider provider = Fixtures.provider(server);

  private static String ack() {
    return "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + TASK + "\"}]}";
  }

  private static String processing(int progress) {
    return "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + TASK + "\",\"status\":\"processing\",\"progress\":" + progress + "}]}";
  }

  private static String success(String videoUUID, String url) {
    return "{\"taskType\":\"videoInference\",\"taskUUID\":\"" + TASK + "\",\"status\":\"success\",\"videoUUID\":\"" + videoUUID
        + "\",\"videoURL\":\"" + url + "\",\"seed\":1988852260,\"cost\":0.924}";
  }

  private JobRef submitImageToVideo() throws Exception {
    server.enqueue(json(200, ack()));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.1-master").prompt("the bicycle rides away")
        .image(Media.bytes(png, "image/png")).duration(Duration.ofSeconds(5)).build();
    Submission s = await(provider.submit(call(provider, r)));
    assertFalse(s.output().isPresent());
    return s.job().orElseThrow();
  }

  @Test
  void submitIsAsyncAndCarriesTheStartFrame() throws Exception {
    JobRef job = submitImageToVideo();
    RecordedRequest rec = take(server);
    assertEquals("POST", rec.getMethod());
    assertEquals("/v1", rec.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY, rec.getHeaders().get("Authorization"));
    Map<String, Object> t = task(rec);
    assertEquals("videoInference", str(t, "taskType"));
    assertEquals(TASK, str(t, "taskUUID"));
    assertEquals("klingai:5@3", str(t, "model"));
    assertEquals("async", str(t, "deliveryMethod"));
    assertEquals(Boolean.TRUE, t.get("includeCost"));
    assertEquals(new BigDecimal(5), t.get("duration"));
    assertEquals(new BigDecimal(1920), t.get("width"));
    assertEquals(new BigDecimal(1080), t.get("height"));
    assertEquals("MP4", str(t, "outputFormat"));
    List<Object> frames = Json.array(obj(t, "inputs"), "frameImages");
    assertEquals("first", str(Json.object(frames.get(0)), "frame"));
    assertTrue(str(Json.object(frames.get(0)), "image").startsWith("data:image/png;base64,"));

    assertEquals(TASK, job.id());
    assertEquals(RunwareProvider.NAME, job.provider());
    assertEquals(server.url("/v1").toString().replaceAll("/$", ""), job.pollUrl().get());
    assertFalse(job.cancelUrl().isPresent(), "Runware has no cancel call");
    assertFalse(job.attributes().toString().contains(Fixtures.KEY), "a job reference never holds the key");
    assertFalse(await(provider.cancel(job)));
  }

  @Test
  void anEmptyAcknowledgementIsAcceptedToo() throws Exception {
    server.enqueue(json(200, "{\"data\":[]}"));
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-master").prompt("waves").aspectRatio("9:16").build();
    JobRef job = await(provider.submit(call(provider, r))).job().orElseThrow();
    Map<String, Object> t = task(take(server));
    assertEquals(new BigDecimal(1080), t.get("width"), "9:16 is the portrait size of the model");
    assertEquals(new BigDecimal(1920), t.get("height"));
    assertFalse(t.containsKey("inputs"), "text-to-video has no frame images");
    assertEquals("1", job.attributes().get("expected"));
  }

  @Test
  void pollingGoesFromProcessingToSuccess() throws Exception {
    JobRef job = submitImageToVideo();
    take(server);
    server.enqueue(json(200, "{\"data\":[]}"));
    server.enqueue(json(200, processing(40)));
    server.enqueue(json(200, "{\"data\":[" + success("9719745e-0f81-4905-b8b4-96698f2bc605", VIDEO_URL) + "]}"));

    PollResult queued = await(provider.poll(job));
    assertEquals(PollResult.State.QUEUED, queued.state());
    Map<String, Object> poll = task(take(server));
    assertEquals("getResponse", str(poll, "taskType"));
    assertEquals(TASK, str(poll, "taskUUID"));
    assertEquals(2, poll.size(), "a getResponse task is only its type and UUID");

    PollResult running = await(provider.poll(job));
    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals(40, running.progress().get().percent().getAsInt());
    RecordedRequest second = take(server);
    assertEquals("Bearer " + Fixtures.KEY, second.getHeaders().get("Authorization"));

    PollResult done = await(provider.poll(job));
    assertEquals(PollResult.State.SUCCEEDED, done.state());
    ProviderOutput out = done.output().get();
    assertEquals(1, out.assets().size());
    assertEquals(VIDEO_URL, out.assets().get(0).url().get());
    assertEquals("video/mp4", out.assets().get(0).mediaType());
    assertEquals(0, new BigDecimal(5).compareTo(out.assets().get(0).durationSeconds().get()));
    assertEquals(1988852260L, out.assets().get(0).seed().getAsLong());
    assertEquals(Money.usd("0.924"), out.usage().reportedCost().get());
    assertEquals(0, new BigDecimal(5).compareTo(out.usage().outputSeconds().get()));
  }

  @Test
  void cumulativePollStateIsDedupedByVideoUuid() throws Exception {
    server.enqueue(json(200, "{\"data\":[]}"));
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-master").prompt("waves").count(2).build();
    JobRef job = await(provider.submit(call(provider, r))).job().orElseThrow();
    take(server);
    String first = success("v-1", "https://vm.runware.ai/video/os/x/ws/5/vi/v-1.mp4");
    String second = success("v-2", "https://vm.runware.ai/video/os/x/ws/5/vi/v-2.mp4");
    server.enqueue(json(200, "{\"data\":[" + first + ",{\"taskType\":\"videoInference\",\"taskUUID\":\"" + TASK
        + "\",\"status\":\"processing\"}]}"));
    server.enqueue(json(200, "{\"data\":[" + first + "," + first + "," + second + "]}"));

    PollResult half = await(provider.poll(job));
    assertEquals(PollResult.State.RUNNING, half.state());
    assertTrue(half.progress().get().state().get().contains("1 of 2"), half.progress().get().toString());

    ProviderOutput out = await(provider.poll(job)).output().orElseThrow();
    assertEquals(2, out.assets().size(), "v-1 was repeated but counts once");
    assertEquals(Money.usd("1.848"), out.usage().reportedCost().get(), "2 x 0.924, the repeat not billed twice");
  }

  @Test
  void aFailedResultInErrorsFailsTheJobWithTheMappedError() throws Exception {
    JobRef job = submitImageToVideo();
    take(server);
    server.enqueue(json(200, "{\"data\":[],\"errors\":[{\"code\":\"timeoutProvider\",\"message\":\"The provider timed out\","
        + "\"status\":\"error\",\"taskType\":\"videoInference\",\"taskUUID\":\"" + TASK + "\"}]}"));
    PollResult failed = await(provider.poll(job));
    assertEquals(PollResult.State.FAILED, failed.state());
    ProviderFailureException e = (ProviderFailureException) failed.error().get();
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("timeoutProvider"));
  }

  @Test
  void aFailedItemWithAnEmbeddedErrorFailsTheJob() throws Exception {
    JobRef job = submitImageToVideo();
    take(server);
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + TASK + "\",\"status\":\"error\","
        + "\"error\":{\"code\":\"contentPolicyViolation\",\"message\":\"The start frame was rejected\"}}]}"));
    PollResult failed = await(provider.poll(job));
    assertEquals(PollResult.State.FAILED, failed.state());
    assertTrue(failed.error().get() instanceof ContentModeratedException);
  }

  @Test
  void aTransientPollFailureIsRetryable() throws Exception {
    JobRef job = submitImageToVideo();
    take(server);
    server.enqueue(json(503, "{\"errors\":[{\"code\":\"serviceUnavailable\",\"message\":\"try again\"}]}"));
    assertTrue(failure(ProviderFailureException.class, provider.poll(job)).retryable());
  }

  @Test
  void aRejectedSubmitFailsAtOnce() {
    server.enqueue(json(400, "{\"errors\":[{\"code\":\"unsupportedDuration\",\"message\":\"Duration must be one of\","
        + "\"parameter\":\"duration\",\"allowedValues\":[5,10],\"taskType\":\"videoInference\",\"taskUUID\":\"" + TASK + "\"}]}"));
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-master").prompt("waves").duration(Duration.ofSeconds(10)).build();
    InvalidRequestException e = failure(InvalidRequestException.class, provider.submit(call(provider, r)));
    assertTrue(e.getMessage().contains("duration"), e.getMessage());
  }

  @Test
  void throughAGeneratorTheJobIsPolledToItsReportedCost() {
    // The generator makes its own call id, so the server echoes whatever taskUUID it is sent.
    java.util.concurrent.ConcurrentLinkedQueue<String> script = new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(
        ack(), processing(10), processing(70), "{\"data\":[" + success("9719745e-0f81-4905-b8b4-96698f2bc605", VIDEO_URL) + "]}"));
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public mockwebserver3.MockResponse dispatch(RecordedRequest request) {
        String uuid = str(task(request), "taskUUID");
        String next = script.poll();
        return next == null ? json(500, "{\"errors\":[{\"code\":\"unexpected\",\"message\":\"no more answers\"}]}")
            : json(200, next.replace(TASK, uuid));
      }
    });
    try (Generator gen = Generator.builder()
        .environment(Map.of("RUNWARE_API_KEY", Fixtures.KEY, "UNIGEN_RUNWARE_BASE_URL", server.url("/v1").toString()))
        .provider(ctx -> RunwareProvider.builder().timeout(Duration.ofSeconds(10)).build(ctx))
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(10))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .jobTimeout(Duration.ofSeconds(20))
        .build()) {
      Generation g = gen.video("kling-2.1-master").prompt("the bicycle rides away").duration(Duration.ofSeconds(5)).generate();
      assertEquals("runware", g.provider());
      assertEquals(VIDEO_URL, g.assets().get(0).url().get());
      assertEquals(CostBasis.REPORTED, g.cost().basis());
      assertEquals(Money.usd("0.924"), g.cost().actual().get());
      // 5 s x $0.1848 = $0.924: the estimate and the reported cost agree
      assertEquals(Money.usd("0.924"), g.cost().estimate().get());
      assertEquals(4, server.getRequestCount(), "one submit and three polls");
    }
  }
}
