package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Attempt;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.spi.http.Json;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.provider.sandbox.SandboxProvider;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requirement: the selector chooses among at least four providers for flux-schnell by
 * price, and fails over when the cheapest answers 503.
 *
 * <p>Runware, Together and Hugging Face (its route to fal's queue) each run against their own
 * local server, found by {@code providersFromEnvironment()} from an environment holding their keys
 * and {@code UNIGEN_<PROVIDER>_BASE_URL}; the fourth provider is the sandbox with a catalog that
 * prices flux-schnell at $0.01 an image. The servers answer with the payloads the provider modules'
 * own tests use: Runware's {@code {"data":[...]}} echoing the task UUID with its {@code cost},
 * Together's {@code {"data":[{"b64_json":...}]}}, and fal's queue (submit, status, result) behind
 * the Hugging Face router.
 *
 * <p>The prices, worked out by hand from each module's {@code catalog.json} for one 1024x1024
 * picture (1,048,576 pixels):
 * <ol>
 *   <li>Runware, per-megapixel with megapixelBase 2^20 = 1,048,576: 1,048,576 / 1,048,576 = 1 MP
 *       x $0.0013 = $0.0013
 *   <li>Together, per-megapixel with megapixelBase 10^6: 1,048,576 / 1,000,000 = 1.048576 MP
 *       x $0.0027 = $0.0028311552 (rounding "none")
 *   <li>Hugging Face, fal's per-megapixel rate passed through, megapixelBase 2^20 rounded up:
 *       exactly 1 MP x $0.003 = $0.003
 *   <li>sandbox, per-image from this test's catalog: 1 image x $0.01 = $0.01
 * </ol>
 */
class CheapestFluxFailoverTest {
  /** Keys start with "test-key-" so CI can search target/test.log for a leak. */
  private static final String HF_KEY = "test-key-hf-0123456789abcdef";
  private static final String RUNWARE_KEY = "test-key-runware-0123456789abcdef";
  private static final String TOGETHER_KEY = "test-key-together-0123456789abcdef";
  /**
   * Runware ships its FLUX.1 [schnell] offer unpriced (it bills by compute time and publishes no
   * rate); this test gives it a price of its own, $0.0013 a 2^20-pixel megapixel, so that four
   * providers rank by price.
   */
  private static final dev.unigen.catalog.Catalog RUNWARE_TEST_PRICE = dev.unigen.catalog.Catalog.parse("""
      {"format": 1, "offers": [{"provider": "runware", "model": "flux-schnell", "endpoint": "runware:100@1",
        "tasks": ["text-to-image", "image-to-image", "inpaint"],
        "capabilities": {"sizes": {"min": 128, "max": 2048, "multipleOf": 64}, "defaultSize": "1024x1024",
          "maxCount": 20, "maxLoras": 4},
        "price": {"kind": "per-megapixel", "price": "0.0013", "megapixelBase": 1048576, "rounding": "none"},
        "asOf": "2026-12-06", "source": "https://example.com/a-test-price"}]}
      """, "test price");

  private static final String HF_SUBMIT = "/fal-ai/fal-ai/flux/schnell?_subdomain=queue";
  private static final String PROMPT = "a red bicycle in the rain";

  /** The sandbox's own catalog replaced by one priced offer, so it ranks fourth instead of first at $0. */
  private static final Catalog SANDBOX_PRICES = Catalog.parse("""
      {"format": 1, "provider": "sandbox", "offers": [
        {"model": "flux-schnell", "endpoint": "sandbox/flux-schnell", "tasks": ["text-to-image"],
         "capabilities": {"sizes": {"min": 256, "max": 2048, "multipleOf": 8}, "defaultSize": "1024x1024",
                          "maxCount": 4},
         "price": {"kind": "per-image", "price": "0.01"},
         "asOf": "2026-11-23", "source": "CheapestFluxFailoverTest"}]}
      """, "CheapestFluxFailoverTest");

  private MockWebServer huggingface;
  private MockWebServer runware;
  private MockWebServer together;
  private final SandboxProvider[] sandbox = new SandboxProvider[1];
  private Generator gen;

  @BeforeEach
  void start() throws IOException {
    huggingface = new MockWebServer();
    runware = new MockWebServer();
    together = new MockWebServer();
    huggingface.start();
    runware.start();
    together.start();
    // Every provider healthy until a test takes one down.
    answer(huggingface, CheapestFluxFailoverTest::falThroughTheRouter);
    answer(runware, CheapestFluxFailoverTest::runwareResult);
    answer(together, r -> json(200, togetherB64(png(1024, 1024))));
    gen = Generator.builder()
        .environment(Map.of(
            "HF_TOKEN", HF_KEY, "UNIGEN_HUGGINGFACE_BASE_URL", huggingface.url("/").toString(),
            "RUNWARE_API_KEY", RUNWARE_KEY, "UNIGEN_RUNWARE_BASE_URL", runware.url("/v1").toString(),
            "TOGETHER_API_KEY", TOGETHER_KEY, "UNIGEN_TOGETHER_BASE_URL", together.url("/v1").toString()))
        .providersFromEnvironment()
        .provider(ctx -> sandbox[0] = SandboxProvider.builder().catalog(SANDBOX_PRICES).build(ctx))
        .catalog(RUNWARE_TEST_PRICE)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20))
        .allowLoopbackDownloads(true).build();
  }

  @AfterEach
  void stop() {
    gen.close();
    huggingface.close();
    runware.close();
    together.close();
  }

  @Test
  void fourProvidersAreRankedByPriceWithoutCallingAny() {
    assertEquals(List.of("huggingface", "runware", "sandbox", "together"), gen.providers().stream().sorted()
        .collect(Collectors.toList()));

    Plan plan = gen.image("flux-schnell").prompt(PROMPT).size(1024, 1024).quote();

    assertEquals(List.of(
        "runware runware:100@1 per-megapixel 0.0013",
        "together black-forest-labs/FLUX.1-schnell per-megapixel 0.0028311552",
        "huggingface fal-ai:fal-ai/flux/schnell per-megapixel 0.003",
        "sandbox sandbox/flux-schnell per-image 0.01"), describe(plan.quotes()));
    assertEquals(Money.usd("0.0013"), plan.quotes().get(0).estimate().orElseThrow());
    assertEquals(Money.usd("0.0028311552"), plan.quotes().get(1).estimate().orElseThrow());
    assertEquals(Money.usd("0.003"), plan.quotes().get(2).estimate().orElseThrow());
    assertEquals(Money.usd("0.01"), plan.quotes().get(3).estimate().orElseThrow());
    assertEquals(List.of(), plan.excluded());
    // A quote is priced from the catalogs alone.
    assertEquals(0, huggingface.getRequestCount() + runware.getRequestCount() + together.getRequestCount());
    assertEquals(0, sandbox[0].submits());
  }

  @Test
  void whenTheCheapestAnswers503TheNextCheapestServes() throws Exception {
    answer(runware, r -> json(503, RUNWARE_DOWN));

    Generation g = gen.image("flux-schnell").prompt(PROMPT).size(1024, 1024).generate();

    // Sent once and retried twice (the default two retries), then Together at the next price.
    assertEquals(List.of("runware:FAILED:3", "together:SUCCEEDED:1"), outcomes(g));
    Attempt failed = g.attempts().get(0);
    assertTrue(failed.reason().startsWith("ProviderFailureException: runware: 503"), failed.reason());
    assertTrue(((ProviderFailureException) failed.error().orElseThrow()).retryable());
    assertEquals(Money.usd("0.0013"), failed.estimate().orElseThrow());
    assertEquals("together", g.provider());
    assertEquals("black-forest-labs/FLUX.1-schnell", g.endpoint());

    // What went over the wire: three imageInference tasks to Runware, one request to Together, nothing elsewhere.
    assertEquals(3, runware.getRequestCount());
    for (int i = 0; i < 3; i++) {
      RecordedRequest r = take(runware);
      assertEquals("POST", r.getMethod());
      assertEquals("/v1", r.getUrl().encodedPath());
      assertEquals("Bearer " + RUNWARE_KEY, r.getHeaders().get("Authorization"));
      Map<String, Object> task = runwareTask(r);
      assertEquals("imageInference", task.get("taskType"));
      assertEquals("runware:100@1", task.get("model"));
      assertEquals(PROMPT, task.get("positivePrompt"));
      assertEquals(new BigDecimal(1024), task.get("width"));
      assertEquals(new BigDecimal(1024), task.get("height"));
    }
    assertEquals(1, together.getRequestCount());
    RecordedRequest sent = take(together);
    assertEquals("POST", sent.getMethod());
    assertEquals("/v1/images/generations", sent.getUrl().encodedPath());
    assertEquals("Bearer " + TOGETHER_KEY, sent.getHeaders().get("Authorization"));
    Map<String, Object> body = Json.object(Json.parse(sent.getBody().utf8()));
    assertEquals("black-forest-labs/FLUX.1-schnell", body.get("model"));
    assertEquals(PROMPT, body.get("prompt"));
    assertEquals(new BigDecimal(1024), body.get("width"));
    assertEquals(new BigDecimal(1024), body.get("height"));
    assertEquals(0, huggingface.getRequestCount());
    assertEquals(0, sandbox[0].submits());

    // The cost: Together reports none, so the actual is computed from the decoded 1024x1024 PNG,
    // 1.048576 MP x $0.0027, the same as the estimate.
    assertEquals(Money.usd("0.0028311552"), g.cost().estimate().orElseThrow());
    assertEquals(Money.usd("0.0028311552"), g.cost().actual().orElseThrow());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals("per-megapixel", g.cost().rule());
    assertEquals(1024, g.assets().get(0).width().getAsInt());

    // The ledger keeps both attempts; only the one that produced the picture is charged.
    List<LedgerEntry> entries = gen.ledger().entries();
    assertEquals(2, entries.size());
    LedgerEntry rw = entries.get(0);
    assertEquals("runware", rw.provider());
    assertEquals(LedgerEntry.Outcome.FAILED, rw.outcome());
    assertFalse(rw.billed(), "a 503 is not billed");
    assertEquals(Money.usd("0.0013"), rw.estimate().orElseThrow());
    assertTrue(rw.actual().isEmpty());
    LedgerEntry tg = entries.get(1);
    assertEquals("together", tg.provider());
    assertEquals(LedgerEntry.Outcome.SUCCEEDED, tg.outcome());
    assertEquals(Money.usd("0.0028311552"), tg.actual().orElseThrow());
    assertEquals(CostBasis.COMPUTED, tg.basis());
    assertEquals(Money.usd("0.0028311552"), gen.ledger().total());
  }

  @Test
  void whenTheTwoCheapestAreDownHuggingFaceServesThroughFalsQueue() throws Exception {
    answer(runware, r -> json(503, RUNWARE_DOWN));
    answer(together, r -> json(503, TOGETHER_DOWN));

    Generation g = gen.image("flux-schnell").prompt(PROMPT).size(1024, 1024).generate();

    assertEquals(List.of("runware:FAILED:3", "together:FAILED:3", "huggingface:SUCCEEDED:1"), outcomes(g));
    assertEquals("fal-ai:fal-ai/flux/schnell", g.endpoint());
    RecordedRequest submit = take(huggingface);
    assertEquals("POST", submit.getMethod());
    assertEquals(HF_SUBMIT, submit.getTarget());
    assertEquals("Bearer " + HF_KEY, submit.getHeaders().get("Authorization"));
    Map<String, Object> body = Json.object(Json.parse(submit.getBody().utf8()));
    assertEquals(PROMPT, body.get("prompt"));
    assertEquals(Map.of("width", new BigDecimal(1024), "height", new BigDecimal(1024)), body.get("image_size"));
    assertEquals(0, sandbox[0].submits());
    // The router reports no cost: the actual is computed from the 1024x1024 image fal made,
    // 1,048,576 px on a 2^20 base = 1 MP x $0.003.
    assertEquals(Money.usd("0.003"), g.cost().actual().orElseThrow());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals(1024, g.assets().get(0).width().getAsInt());
  }

  @Test
  void withEveryRealProviderDownTheSandboxServesLast() {
    answer(huggingface, r -> json(503, "{\"error\":\"Service Unavailable\"}"));
    answer(runware, r -> json(503, RUNWARE_DOWN));
    answer(together, r -> json(503, TOGETHER_DOWN));

    Generation g = gen.image("flux-schnell").prompt(PROMPT).size(1024, 1024).generate();

    assertEquals(List.of("runware:FAILED:3", "together:FAILED:3", "huggingface:FAILED:3", "sandbox:SUCCEEDED:1"),
        outcomes(g));
    assertEquals(Money.usd("0.01"), g.cost().actual().orElseThrow());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals(Money.usd("0.01"), gen.ledger().total());
  }

  @Test
  void cheapestFluxPrintsTheRankingAndTheFailover(@TempDir Path dir) throws Exception {
    answer(runware, r -> json(503, RUNWARE_DOWN));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Path saved;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      saved = CheapestFlux.run(gen, dir, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertTrue(text.matches("(?s).*\\n  1 +runware +runware:100@1 +per-megapixel +0\\.0013 USD\\n  2 +together"
        + " +black-forest-labs/FLUX\\.1-schnell +per-megapixel +0\\.0028311552 USD\\n  3 +huggingface"
        + " +fal-ai:fal-ai/flux/schnell +per-megapixel +0\\.003 USD\\n  4 +sandbox +sandbox/flux-schnell"
        + " +per-image +0\\.01 USD\\n  excluded: none\\n.*"), text);
    assertTrue(text.matches("(?s).*\\n  runware +FAILED +3 ProviderFailureException: runware: 503[^\\n]*\\n  together"
        + " +SUCCEEDED +1\\n.*"), text);
    assertTrue(text.contains("Made on together (black-forest-labs/FLUX.1-schnell)"), text);
    assertTrue(text.contains("cost: 0.0028311552 USD COMPUTED"), text);
    // Together's picture comes inline as base64 and is written as it came.
    assertTrue(saved.startsWith(dir), saved.toString());
    BufferedImage picture = ImageIO.read(saved.toFile());
    assertNotNull(picture, saved + " is not a readable image");
    assertEquals(1024, picture.getWidth());
    assertFalse(text.contains(RUNWARE_KEY) || text.contains(HF_KEY) || text.contains(TOGETHER_KEY));
  }

  // --- the providers' payloads, shaped as in their modules' tests ---

  private static final String RUNWARE_DOWN = "{\"errors\":[{\"code\":\"serviceUnavailable\",\"message\":\"capacity\"}]}";
  private static final String TOGETHER_DOWN = "{\"error\":{\"message\":\"The server is overloaded or not ready yet.\","
      + "\"type\":\"server_error\",\"param\":null,\"code\":null}}";

  /**
   * fal's queue behind the Hugging Face router: the submit answers with the request's URLs, the
   * status says {@code COMPLETED}, the result lists one 1024x1024 image served by the same server.
   */
  private static MockResponse falThroughTheRouter(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (request.getMethod().equals("POST")) {
      return json(200, "{\"request_id\":\"req-7\",\"response_url\":\"https://queue.fal.run/fal-ai/flux/requests/req-7\","
          + "\"status_url\":\"https://queue.fal.run/fal-ai/flux/requests/req-7/status\","
          + "\"cancel_url\":\"https://queue.fal.run/fal-ai/flux/requests/req-7/cancel\"}");
    }
    if (path.endsWith("/status")) return json(200, "{\"status\":\"COMPLETED\",\"logs\":[]}");
    if (path.startsWith("/files/")) return image(png(1024, 1024), "image/png");
    String url = request.getUrl().newBuilder().encodedPath("/files/a.png").query(null).build().toString();
    return json(200, "{\"images\":[{\"url\":\"" + url + "\",\"width\":1024,\"height\":1024,"
        + "\"content_type\":\"image/png\"}],\"seed\":123,\"has_nsfw_concepts\":[false]}");
  }

  /**
   * Runware's answer to an imageInference task: {@code data} holding one result that echoes the
   * request's taskUUID and reports its cost; a GET of the result's URL returns the JPEG.
   */
  private static MockResponse runwareResult(RecordedRequest request) {
    if (request.getMethod().equals("GET")) return image(jpeg(1024, 1024), "image/jpeg");
    String uuid = (String) runwareTask(request).get("taskUUID");
    String imageUuid = "b7db282d-2943-4f12-992f-77df3ad3ec71";
    String url = request.getUrl().newBuilder().encodedPath("/image/ws/2/ii/" + imageUuid + ".jpg").build().toString();
    return json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + uuid + "\",\"imageUUID\":\""
        + imageUuid + "\",\"imageURL\":\"" + url + "\",\"seed\":3614157524222286418,\"cost\":0.0013}]}");
  }

  /** The single task of a Runware request, whose body is always a one-element JSON array. */
  private static Map<String, Object> runwareTask(RecordedRequest request) {
    List<Object> tasks = Json.array(Json.parse(request.getBody().utf8()));
    assertEquals(1, tasks.size(), "one task per request");
    return Json.object(tasks.get(0));
  }

  /** Together's ImageResponse with one base64 item. */
  private static String togetherB64(byte[] png) {
    return "{\"id\":\"oHpD53L-2kFHot-998e0de9fe14d8a1-SEA\",\"model\":\"black-forest-labs/FLUX.1-schnell\","
        + "\"object\":\"list\",\"data\":[{\"index\":0,\"b64_json\":\"" + Base64.getEncoder().encodeToString(png)
        + "\",\"type\":\"b64_json\"}]}";
  }

  // --- helpers ---

  /** Makes {@code server} answer every request with {@code answer}. */
  private static void answer(MockWebServer server, Function<RecordedRequest, MockResponse> answer) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer.apply(request);
      }
    });
  }

  private static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(r, "no request reached the server");
    return r;
  }

  private static List<String> outcomes(Generation g) {
    return g.attempts().stream().map(a -> a.provider() + ":" + a.outcome() + ":" + a.tries())
        .collect(Collectors.toList());
  }

  private static List<String> describe(List<Quote> quotes) {
    return quotes.stream().map(q -> q.provider() + " " + q.offer().endpoint() + " " + q.rule() + " "
        + q.estimate().orElseThrow().amount().stripTrailingZeros().toPlainString()).collect(Collectors.toList());
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse image(byte[] bytes, String type) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", type).body(new Buffer().write(bytes)).build();
  }

  private static byte[] png(int width, int height) {
    return encode(width, height, "png");
  }

  private static byte[] jpeg(int width, int height) {
    return encode(width, height, "jpg");
  }

  private static byte[] encode(int width, int height, String format) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) img.setRGB(x, x % height, 0xFF3366);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
