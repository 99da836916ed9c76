package dev.unigen.provider.huggingface;

import static dev.unigen.provider.huggingface.Fixtures.KEY;
import static dev.unigen.provider.huggingface.Fixtures.call;
import static dev.unigen.provider.huggingface.Fixtures.prompt;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The fal-ai route: the queue submit through the router, the status polls and the result. */
class FalQueueTest {
  private static final String SCHNELL = "fal-ai:fal-ai/flux/schnell";
  private static final String ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";
  /** Shaped like fal's documented submit answer; the URLs point at fal's own queue host. */
  private static final String SUBMITTED = "{\"status\":\"IN_QUEUE\",\"request_id\":\"" + ID + "\","
      + "\"response_url\":\"https://queue.fal.run/fal-ai/flux/requests/" + ID + "\","
      + "\"status_url\":\"https://queue.fal.run/fal-ai/flux/requests/" + ID + "/status\","
      + "\"cancel_url\":\"https://queue.fal.run/fal-ai/flux/requests/" + ID + "/cancel\",\"queue_position\":0}";

  @StartStop private final MockWebServer server = TestServers.started();
  private final HuggingFaceProvider provider = HuggingFaceProvider.builder().build(Fixtures.context(server));

  private JobRef submit() throws Throwable {
    server.enqueue(json(200, SUBMITTED));
    JobRef job = await(provider.submit(call(SCHNELL, prompt("a fox").build()))).job().orElseThrow();
    server.takeRequest();
    return job;
  }

  @Test
  void submitsToTheQueueSubdomainAndReturnsAJobToPoll() throws Throwable {
    server.enqueue(json(200, SUBMITTED));
    JobRef job = await(provider.submit(call(SCHNELL, prompt("a fox in the snow").size(1024, 768).steps(4)
        .guidance(new BigDecimal("3.5")).seed(2147483647L).count(2).outputFormat("png")
        .providerOptions("huggingface", Map.of("billTo", "acme", "enable_safety_checker", false)).build()))).job().orElseThrow();

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/fal-ai/fal-ai/flux/schnell", r.getUrl().encodedPath());
    assertEquals("queue", r.getUrl().queryParameter("_subdomain"));
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals("acme", r.getHeaders().get("X-HF-Bill-To"));
    assertEquals("{\"prompt\":\"a fox in the snow\",\"image_size\":{\"width\":1024,\"height\":768},"
        + "\"num_inference_steps\":4,\"guidance_scale\":3.5,\"seed\":2147483647,\"num_images\":2,"
        + "\"output_format\":\"png\",\"enable_safety_checker\":false}", r.getBody().utf8());

    assertEquals(ID, job.id());
    assertEquals("huggingface", job.provider());
    // The path comes from response_url (owner/app only), rebased onto the router under /fal-ai.
    assertEquals(server.url("/fal-ai/fal-ai/flux/requests/" + ID + "/status?_subdomain=queue").toString(), job.pollUrl().orElseThrow());
    assertEquals("fal-ai/flux/requests/" + ID, job.attributes().get("falPath"));
    assertEquals("fal-ai:fal-ai/flux/schnell", job.attributes().get("endpoint"));
    assertEquals("fal-ai", job.attributes().get("route"));
    assertEquals("acme", job.attributes().get("billTo"));
    assertTrue(job.cancelUrl().isEmpty(), "cancel through the router is not documented, so none is offered");
    assertFalse(job.toString().contains(KEY) || job.attributes().toString().contains(KEY));
  }

  @Test
  void pollsEveryStatusThenFetchesTheResult() throws Throwable {
    JobRef job = submit();
    server.enqueue(json(202, "{\"status\":\"IN_QUEUE\",\"queue_position\":2,\"response_url\":\"https://queue.fal.run/fal-ai/flux/requests/" + ID + "\"}"));
    server.enqueue(json(202, "{\"status\":\"IN_PROGRESS\",\"logs\":[{\"message\":\"step 1/4\",\"level\":\"INFO\",\"source\":\"USER\",\"timestamp\":\"2026-11-23T10:00:00Z\"}]}"));
    server.enqueue(json(200, "{\"status\":\"COMPLETED\",\"logs\":[],\"metrics\":{\"inference_time\":0.41}}"));
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .addHeader("x-fal-billable-units", "1")
        .body("{\"images\":[{\"url\":\"https://v3.fal.media/files/rabbit/abc.png\",\"width\":1024,\"height\":768,"
            + "\"content_type\":\"image/png\"}],\"timings\":{\"inference\":0.41},\"seed\":2147483647,"
            + "\"has_nsfw_concepts\":[false],\"prompt\":\"a fox\"}").build());

    PollResult queued = await(provider.poll(job));
    assertEquals(PollResult.State.QUEUED, queued.state());
    assertEquals(2, queued.progress().orElseThrow().queuePosition().getAsInt());
    PollResult running = await(provider.poll(job));
    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals(List.of("step 1/4"), running.progress().orElseThrow().logs());
    PollResult done = await(provider.poll(job));
    assertEquals(PollResult.State.SUCCEEDED, done.state());

    RecordedRequest status = server.takeRequest();
    assertEquals("GET", status.getMethod());
    assertEquals("/fal-ai/fal-ai/flux/requests/" + ID + "/status", status.getUrl().encodedPath());
    assertEquals("queue", status.getUrl().queryParameter("_subdomain"));
    assertEquals("Bearer " + KEY, status.getHeaders().get("Authorization"));
    server.takeRequest();
    server.takeRequest();
    RecordedRequest result = server.takeRequest();
    assertEquals("GET", result.getMethod());
    assertEquals("/fal-ai/fal-ai/flux/requests/" + ID, result.getUrl().encodedPath());
    assertEquals("queue", result.getUrl().queryParameter("_subdomain"));
    assertEquals("Bearer " + KEY, result.getHeaders().get("Authorization"));

    ProviderOutput out = done.output().orElseThrow();
    Asset a = out.assets().get(0);
    assertEquals("https://v3.fal.media/files/rabbit/abc.png", a.url().orElseThrow());
    assertEquals("image/png", a.mediaType());
    assertEquals(1024, a.width().getAsInt());
    assertEquals(2147483647L, a.seed().getAsLong());
    assertFalse(a.nsfw());
    assertEquals(new BigDecimal("1"), out.usage().billedUnits().orElseThrow());
    assertEquals(ID, out.providerRequestId().orElseThrow());
  }

  @Test
  void aCompletedStatusWithAnErrorIsAFailedJob() throws Throwable {
    JobRef job = submit();
    server.enqueue(json(200, "{\"status\":\"COMPLETED\",\"error\":\"Runner disconnected\",\"error_type\":\"runner_disconnected\"}"));
    PollResult r = await(provider.poll(job));
    assertEquals(PollResult.State.FAILED, r.state());
    assertTrue(r.error().orElseThrow() instanceof ProviderFailureException);
    assertEquals("huggingface: Runner disconnected (runner_disconnected)", r.error().get().getMessage());
    assertEquals(2, server.getRequestCount(), "no result is fetched for a failed request");
  }

  @Test
  void aResultWithoutImagesIsNoOutputAndNsfwIsFlagged() throws Throwable {
    JobRef job = submit();
    server.enqueue(json(200, "{\"status\":\"COMPLETED\"}"));
    server.enqueue(json(200, "{\"images\":[],\"seed\":1}"));
    PollResult empty = await(provider.poll(job));
    assertTrue(empty.error().orElseThrow() instanceof NoOutputException);

    server.enqueue(json(200, "{\"status\":\"COMPLETED\"}"));
    server.enqueue(json(200, "{\"images\":[{\"url\":\"https://v3.fal.media/files/x.jpg\",\"width\":512,\"height\":512}],"
        + "\"has_nsfw_concepts\":[true]}"));
    ProviderOutput flagged = await(provider.poll(job)).output().orElseThrow();
    assertTrue(flagged.assets().get(0).nsfw());
    assertEquals("image/jpeg", flagged.assets().get(0).mediaType());
    assertTrue(flagged.warnings().get(0).contains("NSFW"));
  }

  @Test
  void aResultRefusedByTheModelFailsTheJobWithTheRightType() throws Throwable {
    JobRef job = submit();
    server.enqueue(json(200, "{\"status\":\"COMPLETED\"}"));
    server.enqueue(json(422, "{\"detail\":[{\"loc\":[\"body\",\"image_size\"],\"msg\":\"width must be a multiple of 8\",\"type\":\"value_error\"}]}"));
    PollResult invalid = await(provider.poll(job));
    assertTrue(invalid.error().orElseThrow() instanceof InvalidRequestException);
    assertEquals("huggingface: 422 [body, image_size]: width must be a multiple of 8", invalid.error().get().getMessage());

    server.enqueue(json(200, "{\"status\":\"COMPLETED\"}"));
    server.enqueue(json(422, "{\"detail\":\"NSFW content detected in the prompt\"}"));
    assertTrue(await(provider.poll(job)).error().orElseThrow() instanceof ContentModeratedException);
  }

  @Test
  void aServerErrorWhilePollingIsTransientSoTheJobIsPolledAgain() throws Throwable {
    JobRef job = submit();
    server.enqueue(json(502, "{\"detail\":\"bad gateway\"}"));
    ProviderFailureException e = TestCalls.failure(ProviderFailureException.class, () -> provider.poll(job));
    assertTrue(e.retryable());
    server.enqueue(json(404, "{\"detail\":\"Request not found\"}"));
    assertEquals(PollResult.State.FAILED, await(provider.poll(job)).state());
  }

  @Test
  void aSubmitAnswerWithoutARequestIdIsAnUnknownOutcome() {
    server.enqueue(json(200, "{\"status\":\"IN_QUEUE\"}"));
    TestCalls.failure(OutcomeUnknownException.class, () -> provider.submit(call(SCHNELL, prompt("x").build())));
  }

  @Test
  void aJobFromTheJournalIsPolledOnTheConfiguredBaseUrlOnly() throws Throwable {
    // A journaled job whose poll URL points elsewhere: the token still goes only to the router base URL.
    JobRef journaled = JobRef.of("huggingface", ID, "https://attacker.example/steal", null,
        Map.of("route", "fal-ai", "falPath", "fal-ai/flux/requests/" + ID, "endpoint", SCHNELL));
    server.enqueue(json(202, "{\"status\":\"IN_PROGRESS\"}"));
    assertEquals(PollResult.State.RUNNING, await(provider.poll(journaled)).state());
    assertEquals("/fal-ai/fal-ai/flux/requests/" + ID + "/status", server.takeRequest().getUrl().encodedPath());
    JobRef escaping = JobRef.of("huggingface", ID, null, null, Map.of("route", "fal-ai", "falPath", "../../elsewhere"));
    TestCalls.failure(IllegalArgumentException.class, () -> provider.poll(escaping));
  }

  @Test
  void withoutResponseUrlTheOwnerAndAppRuleIsUsed() throws Throwable {
    server.enqueue(json(200, "{\"request_id\":\"r-1\"}"));
    JobRef job = await(provider.submit(call("fal-ai:fal-ai/flux/dev", prompt("x").build()))).job().orElseThrow();
    assertEquals(server.url("/fal-ai/fal-ai/flux/requests/r-1/status?_subdomain=queue").toString(), job.pollUrl().orElseThrow());
  }
}
