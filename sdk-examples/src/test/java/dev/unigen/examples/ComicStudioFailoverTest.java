package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Attempt;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.InsufficientCreditException;
import dev.unigen.spi.http.Json;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A comic panel failing over between the two providers the comic studio's published comparison
 * weighs. Black Forest Labs and fal both serve FLUX.2 [pro] multi-reference edits; each runs
 * against its own local server, found by {@code providersFromEnvironment()} from their keys and
 * {@code UNIGEN_<PROVIDER>_BASE_URL}. The servers answer as the provider modules' own tests do:
 * BFL's submit {@code {id, polling_url, cost, input_mp, output_mp}} and then
 * {@code {status: "Ready", result: {sample}}} at the polling URL; fal's queue submit, status and
 * result.
 *
 * <p>The panel: a wide 1536x1024 establishing shot drawn from two 1024x1024 references (the
 * character sheet and a location). Its estimates, worked out by hand from the two modules'
 * {@code catalog.json} (both {@code tiered-megapixel}: first output megapixel, each further output
 * megapixel, each input megapixel, on 2^20-pixel megapixels):
 * <ul>
 *   <li>BFL, in credits of $0.01, fractions kept: the output is 1,572,864 / 1,048,576 = 1.5 MP,
 *       3 + (1.5 − 1) × 1.5 = 3.75 credits; the inputs 2 × 1 MP × 1.5 = 3 credits; 6.75 credits =
 *       <b>$0.0675</b>.
 *   <li>fal, in dollars, megapixels rounded up: the output 1.5 → 2 MP, $0.03 + 1 × $0.015 = $0.045;
 *       the inputs 2 MP × $0.015 = $0.03; <b>$0.075</b>.
 * </ul>
 * BFL is cheaper, so it is tried first. (At ComicStudio' square panel with one reference the two
 * tie: BFL 3 + 1 × 1.5 = 4.5 credits = $0.045, fal $0.03 + 1 × $0.015 = $0.045; equal prices rank
 * by provider name, BFL first again. fal rounds up and charges the same rates, so it is never the
 * cheaper one for FLUX.2 [pro].)
 */
class ComicStudioFailoverTest {
  /** Keys start with "test-key-" so CI can search target/test.log for a leak. */
  private static final String BFL_KEY = "test-key-bfl-0123456789abcdef";
  private static final String FAL_KEY = "test-key-fal-0123456789abcdef";

  private static final String BFL_TASK = "d5ba37dc-ba09-4658-852e-deea7e176439";
  private static final String FAL_REQUEST = "80e732af-660e-45cd-bd63-580e4f2a94cc";
  private static final String FAL_APP = "/fal-ai/flux-2-pro";
  private static final String ACTION = "stands at the gate of the night market, wide establishing shot";
  private static final int WIDE = 1536;
  private static final int HIGH = 1024;

  @TempDir Path dir;
  private MockWebServer bfl;
  private MockWebServer fal;
  /** How many more BFL submits the account has credit for; then BFL answers 402. */
  private final AtomicInteger bflCredit = new AtomicInteger();
  private Generator gen;
  private Path sheet;
  private Path location;
  private List<Media> refs;

  @BeforeEach
  void start() throws IOException {
    bfl = new MockWebServer();
    fal = new MockWebServer();
    bfl.start();
    fal.start();
    answer(bfl, this::bflAnswer);
    answer(fal, this::falAnswer);
    gen = Generator.builder()
        .environment(Map.of(
            "BFL_API_KEY", BFL_KEY, "UNIGEN_BFL_BASE_URL", bfl.url("/").toString(),
            "FAL_KEY", FAL_KEY, "UNIGEN_FAL_BASE_URL", fal.url("/").toString()))
        .providersFromEnvironment()
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(10))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .allowLoopbackDownloads(true).build();
    sheet = write(png(1024, 1024, 0x3366CC), dir.resolve("character-sheet.png"));
    location = write(png(1024, 1024, 0xCC6633), dir.resolve("night-market.png"));
    refs = List.of(ComicStudio.reference(sheet), ComicStudio.reference(location));
  }

  @AfterEach
  void stop() {
    gen.close();
    bfl.close();
    fal.close();
  }

  @Test
  void bothProvidersArePricedByHandWithoutCallingEither() {
    assertEquals(List.of("bfl", "fal"), gen.providers().stream().sorted().collect(Collectors.toList()));

    Plan wide = ComicStudio.panel(gen, "flux-2-pro", ACTION, refs).size(WIDE, HIGH).quote();
    assertEquals(List.of("bfl flux-2-pro 0.0675", "fal fal-ai/flux-2-pro/edit 0.075"), describe(wide));

    // ComicStudio' own panel, 1024x1024 from the sheet alone: a tie at $0.045, BFL first by name.
    Plan square = ComicStudio.panel(gen, "flux-2-pro", ACTION, refs.subList(0, 1)).quote();
    assertEquals(List.of("bfl flux-2-pro 0.045", "fal fal-ai/flux-2-pro/edit 0.045"), describe(square));

    // ComicStudio picks the cheapest FLUX.2 able to take the references. One reference:
    // fal flux-2-flash 1 MP x $0.005 + 1 MP x $0.005 = $0.010, cheapest of all. Five: only the
    // 8-reference models are left (klein, flash, turbo and dev take 4); flux-2-pro at
    // 3 + 5 x 1.5 = 10.5 credits = $0.105 on BFL (and $0.03 + 5 x $0.015 = $0.105 on fal) beats
    // flex (5 + 5 x 5 = 30 credits) and max (7 + 5 x 3 = 22 credits).
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals("flux-2-flash", ComicStudio.cheapestFlux2(gen, refs.subList(0, 1), quiet));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Media> five = List.of(refs.get(0), refs.get(1), refs.get(1), refs.get(1), refs.get(1));
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      assertEquals("flux-2-pro", ComicStudio.cheapestFlux2(gen, five, out));
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("  flux-2-pro       0.105 USD on bfl\n"), text);
    assertTrue(text.contains("  flux-2-flash     none: fal: 5 reference images asked, 4 allowed\n"), text);
    assertTrue(text.contains("  flux-2-max       0.22 USD on bfl\n"), text);

    assertEquals(0, bfl.getRequestCount() + fal.getRequestCount(), "a quote calls no provider");
  }

  @Test
  void whenBflIsOutOfCreditThePanelIsMadeOnFal() throws Exception {
    bflCredit.set(0);

    Generation g = ComicStudio.panel(gen, "flux-2-pro", ACTION, refs).size(WIDE, HIGH).generate();

    // A 402 is not retried (more credit will not appear in a second), so fal is tried at once.
    assertEquals(List.of("bfl:FAILED:1", "fal:SUCCEEDED:1"), outcomes(g));
    Attempt failed = g.attempts().get(0);
    assertTrue(failed.error().orElseThrow() instanceof InsufficientCreditException, failed.reason());
    assertEquals(Money.usd("0.0675"), failed.estimate().orElseThrow());
    assertFalse(failed.reason().contains(BFL_KEY), failed.reason());
    assertEquals("fal", g.provider());
    assertEquals("flux-2-pro", g.model());
    assertEquals("fal-ai/flux-2-pro/edit", g.endpoint());
    String prompt = g.request().prompt().orElseThrow();
    assertTrue(prompt.contains(ACTION), prompt);

    // BFL received one submit: both references inline as base64, the sheet in the first slot.
    assertEquals(1, bfl.getRequestCount());
    RecordedRequest toBfl = take(bfl);
    assertEquals("POST", toBfl.getMethod());
    assertEquals("/v1/flux-2-pro", toBfl.getUrl().encodedPath());
    assertEquals(BFL_KEY, toBfl.getHeaders().get("x-key"));
    Map<String, Object> bflBody = Json.object(Json.parse(toBfl.getBody().utf8()));
    assertEquals(prompt, bflBody.get("prompt"));
    assertEquals(base64(sheet), bflBody.get("input_image"));
    assertEquals(base64(location), bflBody.get("input_image_2"));
    assertFalse(bflBody.containsKey("input_image_3"));
    assertEquals(new BigDecimal(WIDE), bflBody.get("width"));
    assertEquals(new BigDecimal(HIGH), bflBody.get("height"));

    // fal received the same panel on its edit endpoint, the references as data URIs, then was polled.
    RecordedRequest toFal = take(fal);
    assertEquals("POST", toFal.getMethod());
    assertEquals(FAL_APP + "/edit", toFal.getUrl().encodedPath());
    assertEquals("Key " + FAL_KEY, toFal.getHeaders().get("Authorization"));
    Map<String, Object> falBody = Json.object(Json.parse(toFal.getBody().utf8()));
    assertEquals(prompt, falBody.get("prompt"));
    assertEquals(List.of("data:image/png;base64," + base64(sheet), "data:image/png;base64," + base64(location)),
        Json.array(falBody, "image_urls"));
    assertEquals(Map.of("width", new BigDecimal(WIDE), "height", new BigDecimal(HIGH)),
        Json.object(falBody, "image_size"));
    RecordedRequest status = take(fal);
    assertEquals("GET", status.getMethod());
    assertEquals(FAL_APP + "/requests/" + FAL_REQUEST + "/status", status.getUrl().encodedPath());
    assertEquals("Key " + FAL_KEY, status.getHeaders().get("Authorization"));
    RecordedRequest result = take(fal);
    assertEquals("GET", result.getMethod());
    assertEquals(FAL_APP + "/requests/" + FAL_REQUEST, result.getUrl().encodedPath());

    // fal reports no money: the actual is computed from the 1536x1024 image it returned and the
    // two 1024x1024 references sent, the same $0.075 as the estimate by hand above.
    assertEquals(Money.usd("0.075"), g.cost().estimate().orElseThrow());
    assertEquals(Money.usd("0.075"), g.cost().actual().orElseThrow());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals("tiered-megapixel", g.cost().rule());

    // Only the panel that was made is charged.
    List<LedgerEntry> entries = gen.ledger().entries();
    assertEquals(List.of("bfl:FAILED", "fal:SUCCEEDED"), entries.stream()
        .map(e -> e.provider() + ":" + e.outcome()).collect(Collectors.toList()));
    assertFalse(entries.get(0).billed(), "a refused submit is not billed");
    assertEquals(Money.usd("0.075"), gen.ledger().total());

    // The panel is fal's link until saved; it decodes at the size asked.
    Path saved = g.assets().get(0).saveTo(dir.resolve("panel.jpg"));
    BufferedImage panel = ImageIO.read(saved.toFile());
    assertNotNull(panel, saved + " is not a readable image");
    assertEquals(WIDE, panel.getWidth());
    assertEquals(HIGH, panel.getHeight());
  }

  @Test
  void bflChargesWhatItReportsUntilItsCreditRunsOutThenFalTakesOver() throws Exception {
    bflCredit.set(1);

    Generation first = ComicStudio.panel(gen, "flux-2-pro", ACTION, refs).size(WIDE, HIGH).tag("panel", "1").generate();
    Generation second = ComicStudio.panel(gen, "flux-2-pro", "walks through the crowd, medium shot", refs)
        .size(WIDE, HIGH).tag("panel", "2").generate();

    // Panel 1 on BFL: its submit answered "cost": 6.75 credits, so the actual is BFL's own
    // figure, 6.75 x $0.01 = $0.0675, REPORTED (it equals the estimate by hand above).
    assertEquals(List.of("bfl:SUCCEEDED:1"), outcomes(first));
    assertEquals("flux-2-pro", first.endpoint());
    assertEquals(BFL_TASK, first.providerRequestId().orElseThrow());
    assertEquals(Money.usd("0.0675"), first.cost().actual().orElseThrow());
    assertEquals(CostBasis.REPORTED, first.cost().basis());
    RecordedRequest submit = take(bfl);
    assertEquals("/v1/flux-2-pro", submit.getUrl().encodedPath());
    Map<String, Object> body = Json.object(Json.parse(submit.getBody().utf8()));
    assertEquals(base64(sheet), body.get("input_image"));
    assertEquals(base64(location), body.get("input_image_2"));
    // BFL's polling URL names its cluster host; the key goes only to the configured base URL.
    RecordedRequest poll = take(bfl);
    assertEquals("GET", poll.getMethod());
    assertEquals("/v1/get_result", poll.getUrl().encodedPath());
    assertEquals(BFL_TASK, poll.getUrl().queryParameter("id"));
    assertEquals(BFL_KEY, poll.getHeaders().get("x-key"));

    // Panel 2: BFL is out of credit (402), fal makes it at its computed $0.075.
    assertEquals(List.of("bfl:FAILED:1", "fal:SUCCEEDED:1"), outcomes(second));
    assertEquals(Money.usd("0.075"), second.cost().actual().orElseThrow());
    assertEquals(CostBasis.COMPUTED, second.cost().basis());
    assertEquals(3, bfl.getRequestCount(), "submit, poll, and the refused second submit");
    assertEquals("/v1/flux-2-pro", take(bfl).getUrl().encodedPath());

    // The episode so far: $0.0675 + $0.075 = $0.1425, each panel under its own tag.
    assertEquals(Money.usd("0.1425"), gen.ledger().total());
    List<LedgerEntry> entries = gen.ledger().entries();
    // The refused submit keeps only its estimate and is not billed.
    assertEquals(List.of("bfl:SUCCEEDED:1:REPORTED:true", "bfl:FAILED:2:ESTIMATED:false", "fal:SUCCEEDED:2:COMPUTED:true"),
        entries.stream().map(e -> e.provider() + ":" + e.outcome() + ":" + e.tags().get("panel") + ":" + e.basis()
            + ":" + e.billed()).collect(Collectors.toList()));
    assertTrue(entries.get(1).actual().isEmpty());
  }

  // --- the providers' answers, shaped as in their modules' tests ---

  private MockResponse bflAnswer(RecordedRequest r) {
    String path = r.getUrl().encodedPath();
    if (r.getMethod().equals("POST") && path.equals("/v1/flux-2-pro")) {
      if (bflCredit.getAndDecrement() <= 0) return json(402, "{\"detail\":\"Insufficient credits\"}");
      // BFL's AsyncResponse: the polling URL on a cluster host, the cost in credits, the megapixels it counted.
      return json(200, "{\"id\":\"" + BFL_TASK + "\",\"polling_url\":\"https://api.eu2.bfl.ai/v1/get_result?id="
          + BFL_TASK + "\",\"cost\":6.75,\"input_mp\":2.0,\"output_mp\":1.5}");
    }
    if (path.equals("/v1/get_result")) {
      String sample = bfl.url("/results/8f/2d1c0e/sample.jpeg").toString();
      return json(200, "{\"id\":\"" + BFL_TASK + "\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + sample + "\","
          + "\"seed\":42,\"start_time\":1763892600.12,\"end_time\":1763892604.87,\"duration\":4.75},"
          + "\"progress\":null,\"details\":null}");
    }
    if (path.endsWith("/sample.jpeg")) return image(jpeg(WIDE, HIGH));
    return json(404, "{\"detail\":\"Not Found\"}");
  }

  private MockResponse falAnswer(RecordedRequest r) {
    String path = r.getUrl().encodedPath();
    String requestPath = FAL_APP + "/requests/" + FAL_REQUEST;
    if (r.getMethod().equals("POST") && path.equals(FAL_APP + "/edit")) {
      // The queue's submit answer; the status and result URLs keep only owner and app.
      String base = fal.url(requestPath).toString();
      return json(200, "{\"request_id\":\"" + FAL_REQUEST + "\",\"response_url\":\"" + base + "\",\"status_url\":\""
          + base + "/status\",\"cancel_url\":\"" + base + "/cancel\"}");
    }
    if (path.equals(requestPath + "/status")) {
      return json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + FAL_REQUEST + "\",\"logs\":[],"
          + "\"metrics\":{\"inference_time\":1.2}}");
    }
    if (path.equals(requestPath)) {
      return json(200, "{\"images\":[{\"url\":\"" + fal.url("/files/panel.jpeg") + "\",\"width\":" + WIDE
          + ",\"height\":" + HIGH + ",\"content_type\":\"image/jpeg\"}],\"seed\":196619188014358660}");
    }
    if (path.equals("/files/panel.jpeg")) return image(jpeg(WIDE, HIGH));
    return json(404, "{\"detail\":\"Not Found\"}");
  }

  // --- helpers ---

  private static void answer(MockWebServer server, java.util.function.Function<RecordedRequest, MockResponse> answer) {
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

  private static List<String> describe(Plan plan) {
    return plan.quotes().stream().map((Quote q) -> q.provider() + " " + q.offer().endpoint(plan.request().task()) + " "
        + q.estimate().orElseThrow().amount().stripTrailingZeros().toPlainString()).collect(Collectors.toList());
  }

  private static String base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse image(byte[] bytes) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/jpeg").body(new Buffer().write(bytes))
        .build();
  }

  private static Path write(byte[] bytes, Path file) throws IOException {
    return Files.write(file, bytes);
  }

  private static byte[] png(int width, int height, int rgb) {
    return encode(width, height, rgb, "png");
  }

  private static byte[] jpeg(int width, int height) {
    return encode(width, height, 0x998877, "jpg");
  }

  private static byte[] encode(int width, int height, int rgb, String format) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) img.setRGB(x, x % height, rgb);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
