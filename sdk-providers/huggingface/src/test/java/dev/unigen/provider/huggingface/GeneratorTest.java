package dev.unigen.provider.huggingface;

import static dev.unigen.provider.huggingface.Fixtures.image;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestGenerators.attempts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Attempt;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestMedia;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider inside a real Generator: quotes, the loading wait, the fal queue, failover and the PRO credit. */
class GeneratorTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private Generator gen;

  @AfterEach
  void stop() {
    if (gen != null) gen.close();
  }

  /** A second provider that always answers, dearer than Hugging Face for flux-schnell. */
  static final class Backup implements Provider {
    final AtomicInteger submits = new AtomicInteger();

    @Override
    public String name() {
      return "backup";
    }

    @Override
    public Catalog catalog() {
      return Catalog.of(List.of(Offer.builder("backup", "flux-schnell").endpoint("backup/flux-schnell")
          .tasks(Task.TEXT_TO_IMAGE).price(PriceRule.perRequest(Money.usd("0.01")))
          .provenance(LocalDate.of(2026, 11, 23), "test").build()));
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderCall call) {
      submits.incrementAndGet();
      return CompletableFuture.completedFuture(Submission.completed(ProviderOutput.builder()
          .asset(Asset.builder("image/png").bytes(TestMedia.png(8, 8)).size(8, 8).build())
          .usage(Usage.builder().image(8, 8).build()).build()));
    }
  }

  /**
   * An hf-inference offer of flux-dev priced by compute time, as a user's override would give it; the
   * bundled catalog prices no hf-inference route. The figures are the test's own.
   */
  private static Catalog hfInference() {
    return Catalog.parse("{\"format\":1,\"provider\":\"huggingface\",\"offers\":[{\"model\":\"flux-dev\","
        + "\"endpoint\":\"hf-inference:black-forest-labs/FLUX.1-dev\",\"tasks\":[\"text-to-image\"],"
        + "\"capabilities\":{\"sizes\":{\"min\":64,\"max\":2048}},"
        + "\"price\":{\"kind\":\"compute-seconds\",\"hardware\":\"hf-inference GPU\",\"perSecond\":\"0.00012\",\"expectedSeconds\":10},"
        + "\"asOf\":\"2026-12-06\",\"source\":\"https://huggingface.co/docs/inference-providers/pricing\"}]}", "test override");
  }

  private Generator.Builder builder() {
    return TestGenerators.quick().environment(Fixtures.env(server)).provider(ctx -> HuggingFaceProvider.builder().build(ctx));
  }

  @Test
  void quotesTheBundledOffers() {
    gen = builder().build();
    Plan plan = gen.image("flux-dev").prompt("x").quote();
    // fal's default 1024x768 = 0.75 MP of 2^20, rounded up to 1 MP x $0.025
    assertEquals(Money.usd("0.025"), plan.best().orElseThrow().estimate().orElseThrow());
    Plan big = gen.image("flux-schnell").prompt("x").size(2048, 2048).quote();
    // 2048x2048 = 4 MP x $0.003
    assertEquals(Money.usd("0.012"), big.best().orElseThrow().estimate().orElseThrow());
    Plan sd35 = gen.image("sd-3.5-large").prompt("x").quote();
    assertTrue(sd35.quotes().isEmpty(), "unpriced, so the cheapest strategy leaves it out");
    assertEquals("UNPRICED", sd35.excluded().get(0).reason().name());
  }

  @Test
  void a503FailsOverToTheNextProviderAfterTheRetries() {
    Backup backup = new Backup();
    gen = builder().providers(backup).maxRetries(1).build();
    server.enqueue(json(503, "{\"error\":\"Service Unavailable\"}"));
    server.enqueue(json(503, "{\"error\":\"Service Unavailable\"}"));

    Generation g = gen.image("flux-schnell").prompt("a red bicycle").generate();

    assertEquals(List.of("huggingface:FAILED:2", "backup:SUCCEEDED:1"), attempts(g));
    assertEquals("backup", g.provider());
    assertEquals(2, server.getRequestCount());
    assertEquals(1, backup.submits.get());
  }

  @Test
  void a401FailsOverAtOnce() {
    Backup backup = new Backup();
    gen = builder().providers(backup).build();
    server.enqueue(json(401, "{\"error\":\"Invalid username or password.\"}"));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("huggingface:FAILED:1", "backup:SUCCEEDED:1"), attempts(g));
    Attempt first = g.attempts().get(0);
    assertEquals("AuthenticationException: huggingface: 401 Invalid username or password.", first.reason());
  }

  @Test
  void aLoadingModelIsOneAttemptThatWaited() {
    gen = builder().catalog(hfInference()).build();
    server.enqueue(json(503, "{\"error\":\"Model black-forest-labs/FLUX.1-dev is currently loading\",\"estimated_time\":0.05}"));
    server.enqueue(image(TestMedia.png(32, 32), "image/png"));

    Generation g = gen.image("flux-dev").prompt("a harbour at dawn").generate();

    assertEquals(List.of("huggingface:SUCCEEDED:1"), attempts(g));
    assertEquals(2, server.getRequestCount());
    assertEquals("hf-inference:black-forest-labs/FLUX.1-dev", g.endpoint());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    // the override's 10 s x $0.00012/s
    assertEquals(Money.usd("0.0012"), g.cost().estimate().orElseThrow());
    assertTrue(g.cost().actual().orElseThrow().amount().signum() > 0);
    assertTrue(g.warnings().stream().anyMatch(w -> w.startsWith("hf-inference reports no compute time")), g.warnings().toString());
  }

  @Test
  void aFalQueueRouteIsSubmittedPolledAndPricedFromTheImage() throws Exception {
    Catalog fal = Catalog.parse("{\"format\":1,\"provider\":\"huggingface\",\"offers\":[{\"model\":\"flux-schnell\","
        + "\"endpoint\":\"fal-ai:fal-ai/flux/schnell\",\"tasks\":[\"text-to-image\"],\"capabilities\":{\"maxCount\":4},"
        + "\"price\":{\"kind\":\"per-megapixel\",\"price\":\"0.003\",\"rounding\":\"up\"},"
        + "\"asOf\":\"2026-11-23\",\"source\":\"https://fal.ai/models/fal-ai/flux/schnell\"}]}", "test override");
    gen = builder().catalog(fal).build();
    server.enqueue(json(200, "{\"request_id\":\"req-7\",\"response_url\":\"https://queue.fal.run/fal-ai/flux/requests/req-7\","
        + "\"status_url\":\"https://queue.fal.run/fal-ai/flux/requests/req-7/status\","
        + "\"cancel_url\":\"https://queue.fal.run/fal-ai/flux/requests/req-7/cancel\"}"));
    server.enqueue(json(202, "{\"status\":\"IN_QUEUE\",\"queue_position\":0}"));
    server.enqueue(json(202, "{\"status\":\"IN_PROGRESS\",\"logs\":[]}"));
    server.enqueue(json(200, "{\"status\":\"COMPLETED\",\"logs\":[]}"));
    server.enqueue(json(200, "{\"images\":[{\"url\":\"https://v3.fal.media/files/a.jpeg\",\"width\":1024,\"height\":768,"
        + "\"content_type\":\"image/jpeg\"}],\"seed\":123,\"has_nsfw_concepts\":[false],\"timings\":{\"inference\":0.3}}"));

    Generation g = gen.image("flux-schnell").prompt("a kite").size(1024, 768).generate();

    assertEquals("fal-ai:fal-ai/flux/schnell", g.endpoint());
    assertEquals("https://v3.fal.media/files/a.jpeg", g.assets().get(0).url().orElseThrow());
    assertEquals(123L, g.assets().get(0).seed().getAsLong());
    // 1024 x 768 = 786,432 px = 0.786432 MP, rounded up to 1 MP x $0.003
    assertEquals(Money.usd("0.003"), g.cost().actual().orElseThrow());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals("req-7", g.providerRequestId().orElseThrow());
    assertEquals(5, server.getRequestCount());
    RecordedRequest submit = server.takeRequest();
    assertEquals("/fal-ai/fal-ai/flux/schnell?_subdomain=queue", submit.getTarget());
    assertEquals("/fal-ai/fal-ai/flux/requests/req-7/status?_subdomain=queue", server.takeRequest().getTarget());
    server.takeRequest();
    server.takeRequest();
    assertEquals("/fal-ai/fal-ai/flux/requests/req-7?_subdomain=queue", server.takeRequest().getTarget());
  }

  @Test
  void theProPlansIncludedCreditPaysFirst() {
    gen = builder().catalog(hfInference()).subscribedTo("huggingface", "pro").build();
    server.enqueue(image(TestMedia.png(16, 16), "image/png"));

    Generation g = gen.image("flux-dev").prompt("x").generate();

    LedgerEntry e = gen.ledger().entries().get(0);
    Money actual = g.cost().actual().orElseThrow();
    assertEquals(actual, e.actual().orElseThrow());
    assertEquals(actual, e.credited(), "the $2 included credit pays the whole call");
    assertEquals(Money.usd("0"), e.charged().orElseThrow());
    assertEquals(Money.usd("2").minus(actual), gen.ledger().remainingCredit("huggingface").orElseThrow());
    assertTrue(actual.amount().compareTo(new BigDecimal("2")) < 0);
  }
}
