package dev.unigen.provider.replicate;

import static dev.unigen.provider.replicate.Fixtures.ID;
import static dev.unigen.provider.replicate.Fixtures.KEY;
import static dev.unigen.provider.replicate.Fixtures.KEY_B;
import static dev.unigen.provider.replicate.Fixtures.pending;
import static dev.unigen.provider.replicate.Fixtures.prediction;
import static dev.unigen.provider.replicate.Fixtures.problem;
import static dev.unigen.provider.replicate.Fixtures.succeeded;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestGenerators.attempts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Through a real Generator: failover from one Replicate account (server A) to a second (server B),
 * polling, and the actual cost computed from what was produced — per image for official models,
 * and predict_time x the hardware rate for a run-time-billed model.
 */
class ReplicateGeneratorTest {
  private static final String SCHNELL = "black-forest-labs/flux-schnell";
  private static final String ONE_IMAGE = "[\"https://replicate.delivery/xezq/a/out-0.webp\"]";

  @StartStop private final MockWebServer a = TestServers.started();
  @StartStop private final MockWebServer b = TestServers.started();
  private Generator gen = generator(null);

  private Generator generator(Catalog overrides) {
    Generator.Builder builder = TestGenerators.twoAccounts(ReplicateProvider::builder, Fixtures.env(a), KEY_B, b.url("/v1"));
    if (overrides != null) builder.catalog(overrides);
    return builder.build();
  }

  @AfterEach
  void stop() {
    gen.close();
  }

  private Generation schnell(int count) {
    return gen.image("flux-schnell").prompt("a red bicycle").count(count).generate();
  }

  @Test
  void anOutageIsRetriedThenFailsOverToTheSecondAccount() throws Exception {
    for (int i = 0; i < 3; i++) a.enqueue(problem(503, "Service Unavailable", "The service is temporarily unavailable"));
    b.enqueue(json(201, succeeded(ID, SCHNELL, "{\"prompt\":\"a red bicycle\",\"num_outputs\":2}",
        "[\"https://replicate.delivery/xezq/a/out-0.webp\",\"https://replicate.delivery/xezq/b/out-1.webp\"]", "1.1")));
    Generation g = schnell(2);
    assertEquals(List.of("replicate:FAILED:3", "replicate-b:SUCCEEDED:1"), attempts(g));
    assertEquals("Bearer " + KEY_B, b.takeRequest().getHeaders().get("Authorization"));
    // Official model charged by output: 2 images x $0.003 = $0.006.
    assertEquals(Money.usd("0.006"), g.cost().actual().get());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals(2, g.assets().size());
  }

  @Test
  void aRejectedTokenFailsOverAtOnceAndNeverShows() {
    a.enqueue(problem(401, "Unauthenticated", "You did not pass a valid authentication token: " + KEY));
    b.enqueue(json(201, succeeded(ID, SCHNELL, "{}", ONE_IMAGE, "0.5")));
    Generation g = schnell(1);
    assertEquals(List.of("replicate:FAILED:1", "replicate-b:SUCCEEDED:1"), attempts(g));
    String reason = g.attempts().get(0).reason();
    assertTrue(reason.startsWith("AuthenticationException: replicate: 401 Unauthenticated"), reason);
    assertFalse(reason.contains("test-key-"), reason);
  }

  @Test
  void aJobIsPolledToTheEnd() {
    a.enqueue(json(201, pending(ID, SCHNELL, "processing", "{}")));
    a.enqueue(json(200, pending(ID, SCHNELL, "processing", "{}")));
    a.enqueue(json(200, succeeded(ID, SCHNELL, "{\"aspect_ratio\":\"4:3\"}", ONE_IMAGE, "2.0")));
    Generation g = schnell(1);
    assertEquals(List.of("replicate:SUCCEEDED:1"), attempts(g));
    assertEquals(1152, g.assets().get(0).width().getAsInt());
    assertEquals(3, a.getRequestCount());
    assertEquals(Money.usd("0.003"), g.cost().actual().get());
  }

  @Test
  void aPredictionThatFailsUnbilledFailsOverAndAnAbortedOneToo() {
    // flux-schnell bills by output, so a failed run costs nothing and another account may try.
    a.enqueue(json(201, pending(ID, SCHNELL, "processing", "{}")));
    a.enqueue(json(200, prediction(ID, SCHNELL, "failed", "{}", "null", "\"E6716: Timeout starting prediction\"", "", null)));
    b.enqueue(json(201, succeeded(ID, SCHNELL, "{}", ONE_IMAGE, "0.5")));
    assertEquals(List.of("replicate:FAILED:1", "replicate-b:SUCCEEDED:1"), attempts(schnell(1)));

    a.enqueue(json(201, pending(ID, SCHNELL, "starting", "{}")));
    a.enqueue(json(200, prediction(ID, SCHNELL, "aborted", "{}", "null", "null", "", null)));
    b.enqueue(json(201, succeeded(ID, SCHNELL, "{}", ONE_IMAGE, "0.5")));
    Generation g = schnell(1);
    assertEquals(List.of("replicate:FAILED:1", "replicate-b:SUCCEEDED:1"), attempts(g));
    assertTrue(g.attempts().get(0).reason().startsWith("GenerationTimeoutException"), g.attempts().get(0).reason());
  }

  /** The shipped ControlNet offer priced by run time, as a user who knows its hardware would (it ships unpriced). */
  private static Catalog byTime(String failureBilling) {
    return Catalog.parse("{\"format\": 1, \"provider\": \"replicate\", \"offers\": [{"
        + "\"model\": \"sd-1.5-controlnet-openpose\","
        + "\"endpoint\": \"jagilley/controlnet-pose:0304f7f774ba7341ef754231f794b1ba3d129e3c46af3022241325ae0c50fb99\","
        + "\"tasks\": [\"text-to-image\"],"
        + "\"capabilities\": {\"maxCount\": 4, \"controlNets\": [\"openpose\"], \"requiresControlNet\": true},"
        + "\"price\": {\"kind\": \"compute-seconds\", \"hardware\": \"L40S\", \"perSecond\": \"0.000975\", \"expectedSeconds\": 4"
        + failureBilling + "},"
        + "\"asOf\": \"2026-11-23\", \"source\": \"https://replicate.com/pricing\"}]}", "test override");
  }

  @Test
  void aFailedRunOfATimeBilledModelIsReportedNotPaidForTwice() {
    gen.close();
    gen = generator(byTime(", \"failureBilling\": {\"providerError\": true, \"canceledAfterStart\": true}"));
    // The community ControlNet model bills failed runs for their time (failureBilling.providerError).
    a.enqueue(json(201, pending(ID, "jagilley/controlnet-pose", "processing", "{}")));
    a.enqueue(json(200, prediction(ID, "jagilley/controlnet-pose", "failed", "{}", "null",
        "\"E1001: Model ran out of memory (OOM killed)\"", "", "9.2")));
    ProviderFailureException e = assertThrows(ProviderFailureException.class, () -> gen.image("sd-1.5-controlnet-openpose")
        .prompt("a dancer").controlNet(ControlNet.Kind.OPENPOSE, Media.url("https://example.com/person.jpg")).generate());
    assertTrue(e.getMessage().contains("E1001"), e.getMessage());
    assertEquals(0, b.getRequestCount(), "the billed failure is reported, not sent to the second account");
  }

  @Test
  void predictTimeTimesTheHardwareRateWhenTheOfferIsBilledByRunTime() {
    // A user who knows the model's hardware prices it by run time (the shipped offer is unpriced).
    gen.close();
    gen = generator(byTime(""));
    a.enqueue(json(201, succeeded(ID, "jagilley/controlnet-pose", "{\"prompt\":\"a dancer\",\"num_samples\":\"1\"}",
        "[\"https://replicate.delivery/pbxt/m/output_0.png\",\"https://replicate.delivery/pbxt/i/output_1.png\"]", "3.804")));
    Generation g = gen.image("sd-1.5-controlnet-openpose").prompt("a dancer")
        .controlNet(ControlNet.Kind.OPENPOSE, Media.url("https://example.com/person.jpg")).generate();
    // Estimate: 4 s x $0.000975 = $0.0039. Actual: predict_time 3.804 s x $0.000975 (L40S) = $0.0037089.
    assertEquals(0, new BigDecimal("0.0039").compareTo(g.cost().estimate().get().amount()));
    assertEquals(0, new BigDecimal("0.0037089").compareTo(g.cost().actual().get().amount()));
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals(1, g.assets().size());
    assertEquals("image/png", g.assets().get(0).mediaType());
  }

  @Test
  void wanIsBilledOnItsFramesAtSixteenPerSecond() {
    String model = "wavespeedai/wan-2.1-t2v-720p";
    // wan-2.1 ships unpriced; this test prices it at figures of its own, $0.09/s at 480p and $0.25/s at 720p.
    gen.close();
    gen = generator(Catalog.parse("{\"format\": 1, \"provider\": \"replicate\", \"offers\": [{\"model\": \"wan-2.1\","
        + "\"endpoints\": {\"text-to-video\": \"wavespeedai/wan-2.1-t2v-{resolution}\"}, \"tasks\": [\"text-to-video\"],"
        + "\"capabilities\": {\"durations\": [5], \"defaultDuration\": 5, \"aspectRatios\": [\"16:9\", \"9:16\"],"
        + " \"resolutions\": [\"480p\", \"720p\"], \"fps\": [16]},"
        + "\"price\": {\"kind\": \"per-second\", \"rates\": [{\"resolution\": \"480p\", \"price\": \"0.09\"},"
        + " {\"resolution\": \"720p\", \"price\": \"0.25\"}]},"
        + "\"asOf\": \"2026-12-06\", \"source\": \"https://example.com/a-test-price\"}]}", "test price"));
    a.enqueue(json(201, pending(ID, model, "starting", "{}")));
    a.enqueue(json(200, succeeded(ID, model, "{\"prompt\":\"a fox\",\"num_frames\":81}",
        "\"https://replicate.delivery/xezq/w/output.mp4\"", "120.0")));
    Generation g = gen.video("wan-2.1").prompt("a fox").resolution("720p").generate();
    // Estimate: 5 s x $0.25 = $1.25. Actual: 81 frames / 16 fps = 5.0625 s x $0.25 = $1.265625.
    assertEquals(0, new BigDecimal("1.25").compareTo(g.cost().estimate().get().amount()));
    assertEquals(0, new BigDecimal("1.265625").compareTo(g.cost().actual().get().amount()));
    assertTrue(a.getRequestCount() >= 2);
  }
}
