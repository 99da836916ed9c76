package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.protocol.FalQueue;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The queue protocol: submit, every status value, the result, billed units and cancel. */
class FalQueueTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final FalProvider fal = FalProvider.builder().startTimeout(Duration.ofSeconds(30)).priority("low")
      .build(Fixtures.context(server));

  private static Request schnell() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red bicycle in the rain")
        .size(1024, 1024).count(2).seed(2147483647L).build();
  }

  @Test
  void submitPollsEveryStatusAndPricesTheBilledUnits() throws Exception {
    server.enqueue(Fixtures.queued(server, "fal-ai/flux"));
    JobRef job = Fixtures.submit(fal, schnell());

    RecordedRequest submit = server.takeRequest();
    assertEquals("POST", submit.getMethod());
    assertEquals("/fal-ai/flux/schnell", submit.getUrl().encodedPath());
    assertEquals("Key " + Fixtures.KEY, submit.getHeaders().get("Authorization"));
    assertEquals("low", submit.getHeaders().get("X-Fal-Queue-Priority"));
    assertEquals("30", submit.getHeaders().get("X-Fal-Request-Timeout"));
    assertTrue(submit.getHeaders().get("Content-Type").startsWith("application/json"));
    String raw = submit.getBody().utf8();
    assertTrue(raw.contains("\"seed\":2147483647"), raw);
    Map<String, Object> body = Json.object(Json.parse(raw));
    assertEquals("a red bicycle in the rain", body.get("prompt"));
    assertEquals(new BigDecimal(1024), Json.object(body, "image_size").get("width"));
    assertEquals(new BigDecimal(2), body.get("num_images"));

    assertEquals(Fixtures.REQUEST_ID, job.id());
    assertEquals("fal-ai/flux/requests/" + Fixtures.REQUEST_ID, job.attributes().get(FalProvider.ATTR_REQUEST_PATH));
    assertTrue(job.pollUrl().get().endsWith("/fal-ai/flux/requests/" + Fixtures.REQUEST_ID + "/status"));
    assertTrue(job.cancelUrl().get().endsWith("/cancel"));
    assertFalse(job.attributes().toString().contains(Fixtures.KEY));

    server.enqueue(TestCalls.json(202, "{\"status\":\"IN_QUEUE\",\"queue_position\":3,\"response_url\":\"x\"}"));
    PollResult queued = TestCalls.await(fal.poll(job));
    assertEquals(PollResult.State.QUEUED, queued.state());
    assertEquals(3, queued.progress().get().queuePosition().getAsInt());
    RecordedRequest status = server.takeRequest();
    assertEquals("GET", status.getMethod());
    // The status URL keeps only owner and app: fal-ai/flux, not fal-ai/flux/schnell.
    assertEquals("/fal-ai/flux/requests/" + Fixtures.REQUEST_ID + "/status", status.getUrl().encodedPath());
    assertEquals("1", status.getUrl().queryParameter("logs"));
    assertEquals("Key " + Fixtures.KEY, status.getHeaders().get("Authorization"));

    server.enqueue(TestCalls.json(202, "{\"status\":\"IN_PROGRESS\",\"logs\":[{\"message\":\"step 2/4\",\"level\":\"INFO\","
        + "\"source\":\"USER\",\"timestamp\":\"2026-11-23T10:00:01Z\"}]}"));
    PollResult running = TestCalls.await(fal.poll(job));
    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals("INFO step 2/4", running.progress().get().logs().get(0));
    server.takeRequest();

    server.enqueue(Fixtures.completed());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .addHeader("X-Fal-Billable-Units", "4").addHeader("x-fal-request-id", Fixtures.REQUEST_ID)
        .body("{\"images\":[{\"url\":\"https://v3.fal.media/files/rabbit/a.jpeg\",\"width\":1024,\"height\":1024,"
            + "\"content_type\":\"image/jpeg\"},{\"url\":\"https://v3.fal.media/files/rabbit/b.jpeg\",\"width\":1024,"
            + "\"height\":1024,\"content_type\":\"image/jpeg\"}],\"timings\":{\"inference\":1.22},"
            + "\"seed\":196619188014358660,\"has_nsfw_concepts\":[false,true],\"prompt\":\"a red bicycle in the rain\"}").build());
    PollResult done = TestCalls.await(fal.poll(job));
    assertEquals(PollResult.State.SUCCEEDED, done.state());
    server.takeRequest();
    RecordedRequest result = server.takeRequest();
    assertEquals("/fal-ai/flux/requests/" + Fixtures.REQUEST_ID, result.getUrl().encodedPath());
    ProviderOutput out = done.output().get();
    assertEquals(2, out.assets().size());
    assertEquals("https://v3.fal.media/files/rabbit/a.jpeg", out.assets().get(0).url().get());
    assertEquals(196619188014358660L, out.assets().get(0).seed().getAsLong());
    assertFalse(out.assets().get(0).nsfw());
    assertTrue(out.assets().get(1).nsfw());
    assertEquals(new BigDecimal(4), out.usage().billedUnits().get());

    // By hand: 4 billed units (two 1024x1024 images, one megapixel each on 2^20, fal's count) x $0.003 = $0.012.
    PriceRule rule = fal.catalog().offer("fal", "flux-schnell").get().price().get();
    Charge charge = rule.actual(out.usage());
    assertEquals(CostBasis.REPORTED, charge.basis());
    assertEquals(0, Money.usd("0.012").amount().compareTo(charge.amount().get().amount()));
  }

  @Test
  void withoutBilledUnitsTheCostIsComputedFromTheImages() throws Exception {
    PollResult done = Fixtures.run(server, fal, schnell(), "fal-ai/flux", TestCalls.json(200,
        "{\"images\":[{\"url\":\"https://v3.fal.media/files/a.jpeg\",\"width\":1536,\"height\":1024}],\"seed\":7}"));
    ProviderOutput out = done.output().get();
    Charge c = fal.catalog().offer("fal", "flux-schnell").get().price().get().actual(out.usage());
    // By hand: 1536x1024 = 1,572,864 px = 1.5 MP on 2^20, rounded up to 2 MP x $0.003 = $0.006.
    assertEquals(CostBasis.COMPUTED, c.basis());
    assertEquals(0, new BigDecimal("0.006").compareTo(c.amount().get().amount()));
  }

  @Test
  void aCompletedStatusWithAnErrorIsAFailure() throws Exception {
    server.enqueue(Fixtures.queued(server, "fal-ai/flux"));
    JobRef job = Fixtures.submit(fal, schnell());
    server.enqueue(TestCalls.json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + Fixtures.REQUEST_ID + "\",\"logs\":[],"
        + "\"error\":\"Runner disconnected\",\"error_type\":\"runner_disconnected\"}"));
    PollResult r = TestCalls.await(fal.poll(job));
    assertEquals(PollResult.State.FAILED, r.state());
    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, r.error().get());
    assertEquals(503, e.status().getAsInt());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("runner_disconnected"));
    assertEquals(2, server.getRequestCount(), "no result is read for a failed request");

    server.enqueue(TestCalls.json(200, "{\"status\":\"COMPLETED\",\"error\":\"Request timed out\",\"error_type\":\"request_timeout\"}"));
    assertEquals(504, ((ProviderFailureException) TestCalls.await(fal.poll(job)).error().get()).status().getAsInt());

    server.enqueue(TestCalls.json(200, "{\"status\":\"COMPLETED\",\"error\":\"Output blocked by content policy\",\"error_type\":\"content_policy_violation\"}"));
    assertInstanceOf(ContentModeratedException.class, TestCalls.await(fal.poll(job)).error().get());
  }

  @Test
  void aResultWithoutOutputOrAModelErrorFailsTheJob() throws Exception {
    PollResult empty = Fixtures.run(server, fal, schnell(), "fal-ai/flux",
        TestCalls.json(200, "{\"images\":[],\"seed\":1,\"has_nsfw_concepts\":[]}"));
    assertInstanceOf(NoOutputException.class, empty.error().get());
    assertTrue(empty.ran(), "COMPLETED says the work ran, so the empty result is billed");

    PollResult invalid = Fixtures.run(server, fal, schnell(), "fal-ai/flux", TestCalls.json(422,
        "{\"detail\":[{\"loc\":[\"body\",\"image_size\"],\"msg\":\"Image too large\",\"type\":\"image_too_large\","
            + "\"url\":\"https://docs.fal.ai/errors/#image_too_large\",\"ctx\":{\"max_height\":1024}}]}"));
    assertEquals(PollResult.State.FAILED, invalid.state());
    assertEquals("dev.unigen.InvalidRequestException", invalid.error().get().getClass().getName());
    assertTrue(invalid.error().get().getMessage().contains("Image too large"));
  }

  @Test
  void transientReadFailuresArePolledAgainAndUnknownStatusesFail() throws Exception {
    server.enqueue(Fixtures.queued(server, "fal-ai/flux"));
    JobRef job = Fixtures.submit(fal, schnell());
    server.enqueue(TestCalls.json(500, "{\"detail\":\"Internal error\",\"error_type\":\"internal_error\"}"));
    ProviderFailureException e = TestCalls.failure(ProviderFailureException.class, fal.poll(job));
    assertTrue(e.retryable(), "status reads retry a 500, as fal-js does");
    server.enqueue(TestCalls.json(200, "{\"status\":\"PAUSED\"}"));
    assertEquals(PollResult.State.FAILED, TestCalls.await(fal.poll(job)).state());
    server.enqueue(TestCalls.json(200, "{\"status\":\"CANCELED\"}"));
    PollResult canceled = TestCalls.await(fal.poll(job));
    assertEquals(PollResult.State.CANCELED, canceled.state());
    assertInstanceOf(JobCanceledException.class, canceled.error().get());
  }

  @Test
  void aSubmitAnswerWithoutARequestIdIsAnUnknownOutcome() throws Exception {
    server.enqueue(TestCalls.json(200, "{\"status\":\"IN_QUEUE\"}"));
    TestCalls.failure(OutcomeUnknownException.class, fal.submit(TestCalls.call(fal, schnell())));
  }

  @Test
  void cancelSendsAPutAndReadsEveryStatus() throws Exception {
    server.enqueue(Fixtures.queued(server, "fal-ai/flux"));
    JobRef job = Fixtures.submit(fal, schnell());
    server.takeRequest();
    String[][] cases = {{"200", "OK", "true"}, {"202", "CANCELLATION_REQUESTED", "true"},
        {"400", "ALREADY_COMPLETED", "false"}, {"404", "NOT_FOUND", "false"}};
    for (String[] c : cases) {
      server.enqueue(TestCalls.json(Integer.parseInt(c[0]), "{\"status\":\"" + c[1] + "\"}"));
      assertEquals(Boolean.parseBoolean(c[2]), TestCalls.await(fal.cancel(job)), c[1]);
      RecordedRequest put = server.takeRequest();
      assertEquals("PUT", put.getMethod());
      assertEquals("/fal-ai/flux/requests/" + Fixtures.REQUEST_ID + "/cancel", put.getUrl().encodedPath());
      assertEquals("Key " + Fixtures.KEY, put.getHeaders().get("Authorization"));
    }
  }

  @Test
  void aResumedJobIsFoundRelativeToTheConfiguredBaseUrl() throws Exception {
    // A journal written against another host: only the path is kept, the key goes to the configured base.
    JobRef journaled = JobRef.of("fal", Fixtures.REQUEST_ID, "https://queue.fal.run/fal-ai/flux/requests/x/status", null,
        Map.of(JobRef.ENDPOINT, "fal-ai/flux/schnell", FalProvider.ATTR_TASK, "text-to-image"));
    server.enqueue(TestCalls.json(202, "{\"status\":\"IN_QUEUE\",\"queue_position\":0}"));
    assertEquals(PollResult.State.QUEUED, TestCalls.await(fal.poll(journaled)).state());
    assertEquals("/fal-ai/flux/requests/" + Fixtures.REQUEST_ID + "/status", server.takeRequest().getUrl().encodedPath());
  }

  @Test
  void theOwnerAppRuleKeepsNamespacesAndDropsSubpaths() {
    assertEquals("fal-ai/flux", FalQueue.ownerApp("fal-ai/flux/dev"));
    assertEquals("fal-ai/kling-video", FalQueue.ownerApp("fal-ai/kling-video/v2.6/pro/image-to-video"));
    assertEquals("wan/v2.6", FalQueue.ownerApp("wan/v2.6/text-to-video"));
    assertEquals("workflows/me/my-flow", FalQueue.ownerApp("workflows/me/my-flow/run"));
    assertEquals("fal-ai/flux-lora", FalQueue.ownerApp("fal-ai/flux-lora"));
    assertNull(FalQueue.pathOf("not a url", okhttp3.HttpUrl.get("https://queue.fal.run"), false).orElse(null));
  }
}
