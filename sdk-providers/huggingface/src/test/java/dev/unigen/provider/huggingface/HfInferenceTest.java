package dev.unigen.provider.huggingface;

import static dev.unigen.provider.huggingface.Fixtures.KEY;
import static dev.unigen.provider.huggingface.Fixtures.call;
import static dev.unigen.provider.huggingface.Fixtures.image;
import static dev.unigen.provider.huggingface.Fixtures.prompt;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The hf-inference route: the task-spec body, raw image answers, and the 503 "model is loading" wait. */
class HfInferenceTest {
  private static final String SCHNELL = "hf-inference:black-forest-labs/FLUX.1-schnell";

  @StartStop private final MockWebServer server = TestServers.started();
  private final HuggingFaceProvider provider = HuggingFaceProvider.builder().build(Fixtures.context(server));

  @Test
  void sendsTheTaskSpecificationBodyToTheModelsPath() throws Throwable {
    byte[] png = TestMedia.png(64, 48);
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
        .addHeader("x-request-id", "Root=1-abc").body(new okio.Buffer().write(png)).build());

    Submission s = await(provider.submit(call(SCHNELL, prompt("a red bicycle").negativePrompt("blur").size(1024, 768)
        .steps(4).guidance(new BigDecimal("3.5")).seed(42).build())));

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/hf-inference/models/black-forest-labs/FLUX.1-schnell", r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals("image/png", r.getHeaders().get("Accept"));
    assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"));
    assertNull(r.getHeaders().get("X-HF-Bill-To"));
    assertEquals("{\"inputs\":\"a red bicycle\",\"parameters\":{\"guidance_scale\":3.5,\"negative_prompt\":\"blur\","
        + "\"num_inference_steps\":4,\"width\":1024,\"height\":768,\"seed\":42}}", r.getBody().utf8());

    ProviderOutput out = s.output().orElseThrow();
    Asset a = out.assets().get(0);
    assertEquals("image/png", a.mediaType());
    assertArrayEquals(png, a.bytes());
    assertEquals(64, a.width().getAsInt(), "size read from the PNG header, not the request");
    assertEquals(48, a.height().getAsInt());
    assertEquals(1, out.usage().count());
    assertEquals(List.of(dev.unigen.request.Size.of(64, 48)), out.usage().images());
    assertTrue(out.usage().computeSeconds().isPresent(), "the measured wall time stands for the compute time");
    assertTrue(out.warnings().get(0).startsWith("hf-inference reports no compute time"), out.warnings().toString());
    assertEquals("Root=1-abc", out.providerRequestId().orElseThrow());
  }

  @Test
  void aPromptAloneSendsNoParameters() throws Throwable {
    server.enqueue(image(TestMedia.jpeg(32, 32), "image/jpeg"));
    ProviderOutput out = await(provider.submit(call(SCHNELL, prompt("a cat").build()))).output().orElseThrow();
    assertEquals("{\"inputs\":\"a cat\"}", server.takeRequest().getBody().utf8());
    assertEquals("image/jpeg", out.assets().get(0).mediaType());
    assertEquals(32, out.assets().get(0).width().getAsInt());
  }

  @Test
  void aSeedIsSentAsTheSignedNumberItIs() throws Throwable {
    server.enqueue(image(TestMedia.png(8, 8), "image/png"));
    await(provider.submit(call(SCHNELL, prompt("x").seed(2147483647L).build())));
    assertEquals("{\"inputs\":\"x\",\"parameters\":{\"seed\":2147483647}}", server.takeRequest().getBody().utf8());
    assertThrows(dev.unigen.InvalidRequestException.class, () -> call(SCHNELL, prompt("x").seed(-1L).build()));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void anAspectRatioBecomesAWidthAndHeightOfAboutOneMegapixel() throws Throwable {
    server.enqueue(image(TestMedia.png(8, 8), "image/png"));
    await(provider.submit(call(SCHNELL, prompt("x").aspectRatio("16:9").build())));
    // sqrt(1048576 * 16/9) = 1365.3 -> 1344; sqrt(1048576 * 9/16) = 768
    assertEquals("{\"inputs\":\"x\",\"parameters\":{\"width\":1344,\"height\":768}}", server.takeRequest().getBody().utf8());
  }

  @Test
  void billToAndRawParametersComeFromProviderOptions() throws Throwable {
    server.enqueue(image(TestMedia.png(8, 8), "image/png"));
    await(provider.submit(call(SCHNELL, prompt("x").steps(2)
        .providerOptions("huggingface", Map.of("billTo", "my-org", "scheduler", "EulerDiscreteScheduler")).build())));
    RecordedRequest r = server.takeRequest();
    assertEquals("my-org", r.getHeaders().get("X-HF-Bill-To"));
    assertEquals("{\"inputs\":\"x\",\"parameters\":{\"num_inference_steps\":2,\"scheduler\":\"EulerDiscreteScheduler\"}}",
        r.getBody().utf8());
  }

  @Test
  void aBase64JsonAnswerIsAcceptedAsTheClientDoes() throws Throwable {
    byte[] png = TestMedia.png(20, 10);
    server.enqueue(json(200, "{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png) + "\"}]}"));
    ProviderOutput out = await(provider.submit(call(SCHNELL, prompt("x").build()))).output().orElseThrow();
    assertEquals("image/png", out.assets().get(0).mediaType());
    assertArrayEquals(png, out.assets().get(0).bytes());
    assertEquals(20, out.assets().get(0).width().getAsInt());
  }

  @Test
  void anOutputUrlAnswerIsAnAssetUrl() throws Throwable {
    server.enqueue(json(200, "{\"output\":[\"https://cdn.example/out/img.png\"]}"));
    ProviderOutput out = await(provider.submit(call(SCHNELL, prompt("x").build()))).output().orElseThrow();
    assertEquals("https://cdn.example/out/img.png", out.assets().get(0).url().orElseThrow());
    assertEquals("image/png", out.assets().get(0).mediaType());
    assertEquals(1, out.usage().count());
  }

  @Test
  void aTwoHundredWithoutAnImageIsNoOutput() {
    server.enqueue(json(200, "{}"));
    NoOutputException e = TestCalls.failure(NoOutputException.class,
        () -> provider.submit(call(SCHNELL, prompt("x").build())));
    assertTrue(e.getMessage().contains("without an image"), e.getMessage());

    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").build());
    TestCalls.failure(NoOutputException.class, () -> provider.submit(call(SCHNELL, prompt("x").build())));

    server.enqueue(json(200, "{\"error\":\"CUDA out of memory\"}"));
    NoOutputException withError = TestCalls.failure(NoOutputException.class,
        () -> provider.submit(call(SCHNELL, prompt("x").build())));
    assertEquals("huggingface: 200 without an image: CUDA out of memory", withError.getMessage());
  }

  @Test
  void aLoadingModelIsWaitedForAndTheSameRequestSentAgain() throws Throwable {
    server.enqueue(json(503, "{\"error\":\"Model black-forest-labs/FLUX.1-schnell is currently loading\",\"estimated_time\":0.05}"));
    server.enqueue(json(503, "{\"error\":\"Model black-forest-labs/FLUX.1-schnell is currently loading\",\"estimated_time\":0.1}"));
    server.enqueue(image(TestMedia.png(16, 16), "image/png"));

    ProviderOutput out = await(provider.submit(call(SCHNELL, prompt("a lighthouse").seed(7).build()))).output().orElseThrow();

    assertEquals(3, server.getRequestCount());
    String first = server.takeRequest().getBody().utf8();
    assertEquals(first, server.takeRequest().getBody().utf8());
    assertEquals(first, server.takeRequest().getBody().utf8());
    assertEquals(16, out.assets().get(0).width().getAsInt());
    // 0.05 s is raised to the 0.1 s floor; 0.1 s; so 0.2 s waited in 2 retries
    assertTrue(out.warnings().contains("black-forest-labs/FLUX.1-schnell was loading: waited 0.2 s over 2 retries before it answered"),
        out.warnings().toString());
  }

  @Test
  void aLoadingWaitPastTheBudgetGivesUpWithoutSendingAgain() throws Throwable {
    HuggingFaceProvider impatient = HuggingFaceProvider.builder().maxLoadingWait(Duration.ofSeconds(1))
        .build(Fixtures.context(server));
    server.enqueue(json(503, "{\"error\":\"Model black-forest-labs/FLUX.1-schnell is currently loading\",\"estimated_time\":219.5}"));

    ProviderFailureException e = TestCalls.failure(ProviderFailureException.class,
        () -> impatient.submit(call(SCHNELL, prompt("x").build())));
    assertEquals(503, e.status().getAsInt());
    assertFalse(e.retryable(), "the provider already waited; the generator should move on, not re-send");
    assertEquals("huggingface: 503 Model black-forest-labs/FLUX.1-schnell is currently loading (219.5 s); waited 0 s over"
        + " 0 retries and will not wait past 1 s", e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aPlain503IsARetryableFailureNotAWait() {
    server.enqueue(json(503, "{\"error\":\"Service Unavailable\"}"));
    ProviderFailureException e = TestCalls.failure(ProviderFailureException.class,
        () -> provider.submit(call(SCHNELL, prompt("x").build())));
    assertTrue(e.retryable());
    assertEquals(1, server.getRequestCount());
  }
}
