package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.Progress;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.spi.PollResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  private final List<Generator> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(Generator::close);
  }

  private Generator.Builder builder(FakeProvider... providers) {
    return Generator.builder().providers(providers).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private Generator gen(Generator.Builder b) {
    Generator g = b.build();
    open.add(g);
    return g;
  }

  private static List<String> outcomes(Generation g) {
    return g.attempts().stream().map(a -> a.provider() + ":" + a.outcome() + ":" + a.tries()).collect(Collectors.toList());
  }

  private static List<String> outcomes(AllProvidersFailedException e) {
    return e.attempts().stream().map(a -> a.provider() + ":" + a.outcome() + ":" + a.tries()).collect(Collectors.toList());
  }

  @Test
  void theGeneratorsClockZoneCurrencyAndRatesReachTheDefaultLedger() {
    // 20:00 UTC on 31 March is 03:00 on 1 April in Jakarta (UTC+7)
    java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-03-31T20:00:00Z"), java.time.ZoneOffset.UTC);
    Generator gen = gen(builder(FakeProvider.flux("cheap", "0.001")).clock(clock).zone(java.time.ZoneId.of("Asia/Jakarta"))
        .currency(java.util.Currency.getInstance("IDR"))
        .fxRates(dev.unigen.money.FxRates.builder().rate("USD", "IDR", "16000").build()));

    gen.image("flux-schnell").prompt("a red bicycle").size(1024, 1024).generate();

    assertEquals("IDR", gen.ledger().currency().getCurrencyCode());
    assertEquals(Instant.parse("2026-03-31T20:00:00Z"), gen.ledger().entries().get(0).timestamp());
    // 0.001 USD x 16000 = 16 IDR, booked on Jakarta's 1 April
    assertEquals(java.util.Map.of(java.time.LocalDate.of(2026, 4, 1), Money.of(new BigDecimal("16.00"), java.util.Currency.getInstance("IDR"))),
        gen.ledger().totals().byDay());
  }

  /**
   * A provider whose flux-schnell offer has no known price; it reports $0.30 for each call. The
   * cheapest strategy never picks an unpriced offer, so these tests rank by provider order.
   */
  private static final dev.unigen.routing.Strategy ORDER = dev.unigen.routing.Strategy.providerOrder("mystery");

  private static FakeProvider unpriced() {
    return new FakeProvider("mystery", "{'format':1,'provider':'mystery','offers':[{'model':'flux-schnell',"
        + "'endpoint':'mystery/flux','tasks':['text-to-image'],'asOf':'2026-11-01','source':'test'}]}")
        .then(call -> CompletableFuture.completedFuture(dev.unigen.spi.Submission.completed(
            dev.unigen.spi.ProviderOutput.builder().asset(Asset.builder("image/png").bytes(new byte[] {1}).size(1024, 1024).build())
                .usage(dev.unigen.pricing.Usage.builder().image(1024, 1024).reportedCost(Money.usd("0.30")).build()).build())));
  }

  @Test
  void underABudgetAnUnpricedOfferIsLeftOutWithItsReason() {
    FakeProvider mystery = unpriced();
    Generator gen = gen(builder(mystery).strategy(ORDER).budget(Budget.perDay(Money.usd("0.10"))));

    Plan plan = gen.image("flux-schnell").prompt("x").quote();

    assertTrue(plan.quotes().isEmpty());
    assertEquals(Exclusion.Reason.UNPRICED, plan.excluded().get(0).reason());
    assertTrue(plan.excluded().get(0).detail().contains("budget"), plan.excluded().get(0).detail());
    assertThrows(NoOfferException.class, () -> gen.image("flux-schnell").prompt("x").generate());
    assertEquals(0, mystery.submits());
  }

  @Test
  void aRequestsMaxCostLeavesOutAnUnpricedOfferWithoutACeiling() {
    Generator gen = gen(builder(unpriced()).strategy(ORDER));
    Plan plan = gen.image("flux-schnell").prompt("x").maxCost(Money.usd("1.00")).quote();
    assertEquals(Exclusion.Reason.UNPRICED, plan.excluded().get(0).reason());
    Plan capped = gen(builder(unpriced()).strategy(ORDER).unpricedCeiling(Money.usd("2.00"))).image("flux-schnell").prompt("x")
        .maxCost(Money.usd("1.00")).quote();
    assertEquals(Exclusion.Reason.OVER_MAX_COST, capped.excluded().get(0).reason());
  }

  @Test
  void anUnpricedCeilingIsReservedThenSettledOnTheReportedCost() {
    Budget budget = Budget.perDay(Money.usd("1.00"));
    Generator gen = gen(builder(unpriced()).strategy(ORDER).budget(budget).unpricedCeiling(Money.usd("0.50")));

    Generation g = gen.image("flux-schnell").prompt("x").generate();

    assertEquals(Money.usd("0.30"), g.cost().actual().get());
    assertEquals(Money.usd("0.30"), budget.spentToday());
    assertEquals(Money.usd("0"), budget.reserved());
    // $0.30 spent + the $0.50 ceiling = $0.80 fits, and the call settles at $0.60
    gen.image("flux-schnell").prompt("x").generate();
    assertEquals(Money.usd("0.60"), budget.spentToday());
    // now $0.60 + $0.50 > $1.00: the ceiling no longer fits, so nothing is sent
    assertThrows(BudgetExceededException.class, () -> gen.image("flux-schnell").prompt("x").generate());
  }

  @Test
  void requestsBuiltByHandAreCheckedAtEveryEntryPointBeforeAnyCall() {
    FakeProvider cheap = FakeProvider.flux("cheap", "0.001");
    Generator gen = gen(builder(cheap));
    dev.unigen.request.Request oddSize = dev.unigen.request.Request.builder(dev.unigen.request.Task.TEXT_TO_IMAGE)
        .model("flux-schnell").prompt("x").size(1023, 777).build();
    dev.unigen.request.Request huge = oddSize.toBuilder().size(100000, 100000).build();
    dev.unigen.request.Request imageWithDuration = oddSize.toBuilder().size(1024, 1024).duration(Duration.ofSeconds(5)).build();
    for (dev.unigen.request.Request r : List.of(oddSize, huge, imageWithDuration)) {
      assertThrows(InvalidRequestException.class, () -> gen.quote(r));
      assertThrows(InvalidRequestException.class, () -> gen.generate(r));
      assertThrows(InvalidRequestException.class, () -> gen.generateAsync(r));
      assertThrows(InvalidRequestException.class, () -> gen.submit(r));
    }
    assertEquals(0, cheap.submits());
  }

  @Test
  void runsOnTheCheapestAndRecordsWhatItCost() {
    FakeProvider dear = FakeProvider.flux("dear", "0.003");
    FakeProvider cheap = FakeProvider.flux("cheap", "0.001");
    Generator gen = gen(builder(dear, cheap));

    Generation g = gen.image("flux-schnell").prompt("a red bicycle").size(1024, 1024).count(2).tag("user", "u-42").generate();

    assertEquals("cheap", g.provider());
    assertEquals(0, dear.submits());
    assertEquals(2, g.assets().size());
    // two images at 0.001, computed from what was produced
    assertEquals(Money.usd("0.002"), g.cost().actual().get());
    assertEquals(Money.usd("0.002"), g.cost().estimate().get());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals("per-image", g.cost().rule());
    assertEquals(List.of("cheap:SUCCEEDED:1"), outcomes(g));
    List<LedgerEntry> entries = gen.ledger().entries();
    assertEquals(1, entries.size());
    assertEquals(LedgerEntry.Outcome.SUCCEEDED, entries.get(0).outcome());
    assertEquals("u-42", entries.get(0).tags().get("user"));
    assertEquals(g.id(), entries.get(0).generationId());
    assertEquals("req-1", entries.get(0).providerRequestId().get());
  }

  @Test
  void aProviderThatRunsNoJobsAnswersAPollWithAFailure() {
    dev.unigen.spi.Provider sync = new dev.unigen.spi.Provider() {
      @Override public String name() { return "sync"; }
      @Override public dev.unigen.catalog.Catalog catalog() { return dev.unigen.catalog.Catalog.empty(); }
      @Override public CompletableFuture<dev.unigen.spi.Submission> submit(dev.unigen.spi.ProviderCall call) { return new CompletableFuture<>(); }
    };
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> sync.poll(dev.unigen.spi.JobRef.of("sync", "j1", null, null, java.util.Map.of())).get());
    assertTrue(e.getCause() instanceof ProviderFailureException, e.getCause().toString());
    assertFalse(((ProviderFailureException) e.getCause()).retryable());
  }

  @Test
  void quoteCallsNoProvider() {
    FakeProvider a = FakeProvider.flux("a", "0.003");
    Plan plan = gen(builder(a)).image("flux-schnell").prompt("x").size(1024, 1024).quote();
    assertEquals(Money.usd("0.003"), plan.best().get().estimate().get());
    assertEquals(0, a.submits());
  }

  @Test
  void retriesAnOutageThenFailsOver() {
    FakeProvider cheap = FakeProvider.flux("cheap", "0.001")
        .thenFail(new ProviderFailureException("cheap", "503 overloaded", 503, true, null));
    FakeProvider dear = FakeProvider.flux("dear", "0.003");
    Generation g = gen(builder(cheap, dear).maxRetries(2)).image("flux-schnell").prompt("x").generate();
    assertEquals("dear", g.provider());
    // 1 try + 2 retries on cheap, then dear
    assertEquals(List.of("cheap:FAILED:3", "dear:SUCCEEDED:1"), outcomes(g));
    assertEquals(3, cheap.submits());
    assertEquals(2, g.attempts().size());
  }

  @Test
  void honoursRetryAfterOnTheSameProvider() {
    FakeProvider cheap = FakeProvider.flux("cheap", "0.001")
        .thenFail(new RateLimitedException("cheap", "429", Duration.ofMillis(20))).thenSucceed();
    FakeProvider dear = FakeProvider.flux("dear", "0.003");
    Generation g = gen(builder(cheap, dear)).image("flux-schnell").prompt("x").generate();
    assertEquals("cheap", g.provider());
    assertEquals(List.of("cheap:SUCCEEDED:2"), outcomes(g));
  }

  @Test
  void aRetryAfterBeyondTheLimitFailsOverAtOnce() {
    FakeProvider cheap = FakeProvider.flux("cheap", "0.001")
        .thenFail(new RateLimitedException("cheap", "429", Duration.ofMinutes(5)));
    FakeProvider dear = FakeProvider.flux("dear", "0.003");
    Generation g = gen(builder(cheap, dear)).image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("cheap:FAILED:1", "dear:SUCCEEDED:1"), outcomes(g));
  }

  @Test
  void authCreditAndEmptyOutputFailOverWithoutRetrying() {
    for (GenerationException e : List.of(new AuthenticationException("cheap", "401"),
        new InsufficientCreditException("cheap", "402"), new NoOutputException("cheap", "200 without images"))) {
      FakeProvider cheap = FakeProvider.flux("cheap", "0.001").thenFail(e);
      FakeProvider dear = FakeProvider.flux("dear", "0.003");
      Generation g = gen(builder(cheap, dear)).image("flux-schnell").prompt("x").generate();
      assertEquals(List.of("cheap:FAILED:1", "dear:SUCCEEDED:1"), outcomes(g), e.toString());
      assertEquals(e, g.attempts().get(0).error().get());
    }
  }

  @Test
  void anOutcomeUnknownIsNeverResentToTheSameProvider() {
    FakeProvider cheap = FakeProvider.flux("cheap", "0.001")
        .thenFail(new OutcomeUnknownException("cheap", "reset after the body was sent"));
    FakeProvider dear = FakeProvider.flux("dear", "0.003");
    Generator gen = gen(builder(cheap, dear).budget(Budget.perDay(Money.usd("1"))));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(1, cheap.submits());
    assertEquals(List.of("cheap:OUTCOME_UNKNOWN:1", "dear:SUCCEEDED:1"), outcomes(g));
    // the unknown attempt stays counted against the budget: 0.001 + 0.003
    assertEquals(Money.usd("0.004"), gen.budget().get().spentToday());
    assertEquals(LedgerEntry.Outcome.OUTCOME_UNKNOWN, gen.ledger().entries().get(0).outcome());
  }

  @Test
  void anInvalidRequestStopsFailover() {
    FakeProvider cheap = FakeProvider.flux("cheap", "0.001").thenFail(new InvalidRequestException("cheap", "422 prompt too long"));
    FakeProvider dear = FakeProvider.flux("dear", "0.003");
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> gen(builder(cheap, dear)).image("flux-schnell").prompt("x").generate());
    assertEquals("cheap: 422 prompt too long", e.getMessage());
    assertEquals(0, dear.submits());
  }

  @Test
  void moderationIsReportedUnlessFailoverIsAskedFor() {
    FakeProvider cheap = FakeProvider.flux("cheap", "0.001").thenFail(new ContentModeratedException("cheap", "blocked"));
    FakeProvider dear = FakeProvider.flux("dear", "0.003");
    assertThrows(ContentModeratedException.class, () -> gen(builder(cheap, dear)).image("flux-schnell").prompt("x").generate());
    assertEquals(0, dear.submits());
    Generation g = gen(builder(cheap, dear).failoverOnModeration(true)).image("flux-schnell").prompt("x").generate();
    assertEquals("dear", g.provider());
  }

  @Test
  void allFailedListsEveryAttempt() {
    FakeProvider a = FakeProvider.flux("a", "0.001").thenFail(new AuthenticationException("a", "401 bad key"));
    FakeProvider b = FakeProvider.flux("b", "0.002").thenFail(new ProviderFailureException("b", "500 boom"));
    AllProvidersFailedException e = assertThrows(AllProvidersFailedException.class,
        () -> gen(builder(a, b)).image("flux-schnell").prompt("x").generate());
    assertEquals(List.of("a:FAILED:1", "b:FAILED:1"), outcomes(e));
    assertTrue(e.getMessage().contains("a/flux-schnell FAILED (AuthenticationException: a: 401 bad key)"), e.getMessage());
  }

  @Test
  void anOpenCircuitSkipsTheProvider() {
    FakeProvider flaky = FakeProvider.flux("flaky", "0.001").thenFail(new ProviderFailureException("flaky", "500"));
    FakeProvider steady = FakeProvider.flux("steady", "0.003");
    Generator gen = gen(builder(flaky, steady).circuitBreaker(2, 2, Duration.ofMinutes(1)));
    gen.image("flux-schnell").prompt("x").generate();
    assertFalse(gen.circuitOpen("flaky"), "one failure of two allowed");
    gen.image("flux-schnell").prompt("x").generate();
    assertEquals(2, flaky.submits());
    assertTrue(gen.circuitOpen("flaky"));
    assertFalse(gen.circuitOpen("steady"));
    assertThrows(IllegalArgumentException.class, () -> gen.circuitOpen("nobody"));
    Generation third = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(2, flaky.submits(), "an open circuit sends nothing");
    assertEquals(List.of("flaky:SKIPPED:0", "steady:SUCCEEDED:1"), outcomes(third));
  }

  @Test
  void submitsThatTimeOutOpenTheCircuit() {
    FakeProvider silent = FakeProvider.flux("silent", "0.001").then(call -> new CompletableFuture<>());
    FakeProvider steady = FakeProvider.flux("steady", "0.003");
    Generator gen = gen(builder(silent, steady).submitTimeout(Duration.ofMillis(250)).circuitBreaker(1, 1, Duration.ofMinutes(1)));
    Generation first = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("silent:OUTCOME_UNKNOWN:1", "steady:SUCCEEDED:1"), outcomes(first));
    Generation second = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("silent:SKIPPED:0", "steady:SUCCEEDED:1"), outcomes(second));
    assertEquals(1, silent.submits());
  }

  @Test
  void invalidRequestsFailBeforeAnyCall() {
    FakeProvider a = FakeProvider.flux("a", "0.001");
    Generator gen = gen(builder(a));
    assertEquals("text-to-image needs a prompt", assertThrows(InvalidRequestException.class,
        () -> gen.image("flux-schnell").size(1024, 1024).generate()).getMessage());
    assertEquals("prompt is empty", assertThrows(InvalidRequestException.class,
        () -> gen.image("flux-schnell").prompt("  ").generate()).getMessage());
    assertEquals("count must be at least 1: 0", assertThrows(InvalidRequestException.class,
        () -> gen.image("flux-schnell").prompt("x").count(0).generate()).getMessage());
    assertEquals("size 1000x1001 must be a multiple of 8 for text-to-image", assertThrows(InvalidRequestException.class,
        () -> gen.image("flux-schnell").prompt("x").size(1000, 1001).generate()).getMessage());
    assertEquals("size must be positive: -1x1024", assertThrows(InvalidRequestException.class,
        () -> gen.image("flux-schnell").prompt("x").size(-1, 1024).generate()).getMessage());
    assertEquals("strength must be within 0..1: 1.5", assertThrows(InvalidRequestException.class,
        () -> gen.edit("flux-schnell").prompt("x").image(Media.url("https://example.com/a.png"))
            .strength(new BigDecimal("1.5")).generate()).getMessage());
    assertEquals("duration must be positive: PT-5S", assertThrows(InvalidRequestException.class,
        () -> gen.video("kling-2.1-pro").prompt("x").duration(Duration.ofSeconds(-5)).generate()).getMessage());
    Path missing = Path.of("no-such-dir", "bike.png");
    assertEquals("image: media file does not exist: " + missing, assertThrows(InvalidRequestException.class,
        () -> gen.video("kling-2.1-pro").prompt("x").image(Media.file(missing)).generate()).getMessage());
    assertEquals("upscale needs an input image", assertThrows(InvalidRequestException.class,
        () -> gen.upscale(null).generate()).getMessage());
    assertEquals(0, a.submits());
  }

  @Test
  void noOfferSaysWhyForEachOffer() {
    FakeProvider a = FakeProvider.flux("a", "0.001");
    Generator gen = gen(builder(a));
    NoOfferException e = assertThrows(NoOfferException.class, () -> gen.edit("flux-schnell").prompt("x")
        .reference(Media.url("https://example.com/1.png")).reference(Media.url("https://example.com/2.png"))
        .reference(Media.url("https://example.com/3.png")).generate());
    assertEquals(Exclusion.Reason.TASK_NOT_OFFERED, e.plan().excluded().get(0).reason());
    assertTrue(e.getMessage().contains("a/flux-schnell: multi-reference not offered"), e.getMessage());
    NoOfferException unknown = assertThrows(NoOfferException.class, () -> gen.image("no-such-model").prompt("x").generate());
    assertTrue(unknown.getMessage().contains("no configured provider offers no-such-model"), unknown.getMessage());
    assertEquals(0, a.submits());
  }

  @Test
  void aBudgetStopsSpendingAtItsCap() {
    FakeProvider a = FakeProvider.flux("a", "0.001");
    Generator gen = gen(builder(a).budget(Budget.perDay(Money.usd("0.005"))));
    for (int i = 0; i < 5; i++) gen.image("flux-schnell").prompt("x").generate();
    BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> gen.image("flux-schnell").prompt("x").generate());
    assertEquals(Money.usd("0.005"), e.limit());
    assertEquals(5, a.submits());
  }

  @Test
  void theCapHoldsUnderConcurrency() throws Exception {
    FakeProvider a = FakeProvider.flux("a", "0.001");
    Generator gen = gen(builder(a).budget(Budget.perDay(Money.usd("0.10"))));
    List<CompletableFuture<Generation>> futures = new ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<CompletableFuture<Generation>>> submitted = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        submitted.add(pool.submit(() -> gen.image("flux-schnell").prompt("x").generateAsync()));
      }
      for (java.util.concurrent.Future<CompletableFuture<Generation>> f : submitted) futures.add(f.get());
    } finally {
      pool.shutdown();
    }
    int ok = 0;
    int refused = 0;
    for (CompletableFuture<Generation> f : futures) {
      try {
        f.get();
        ok++;
      } catch (ExecutionException e) {
        assertTrue(e.getCause() instanceof BudgetExceededException, e.getCause().toString());
        refused++;
      }
    }
    // 0.10 / 0.001 = exactly 100 images
    assertEquals(100, ok);
    assertEquals(200, refused);
    assertEquals(Money.usd("0.100"), gen.budget().get().spentToday());
    assertEquals(Money.usd("0.100"), gen.ledger().totals(Instant.EPOCH, Instant.now().plusSeconds(60)).total());
    assertEquals(Money.usd("0.100"), gen.ledger().total());
  }

  @Test
  void aSubmittedJobIsPolledWithProgressUntilDone() {
    FakeProvider q = FakeProvider.flux("q", "0.001")
        .thenAccept(FakeProvider.queued(3), FakeProvider.running(50), PollResult.succeeded(FakeProvider.output(1)));
    Generator gen = gen(builder(q));
    List<Progress> seen = new CopyOnWriteArrayList<>();
    Job<Generation> job = gen.image("flux-schnell").prompt("x").submit().onProgress(seen::add);
    Generation g = job.await(Duration.ofSeconds(10));
    assertEquals("q", g.provider());
    assertEquals(JobStatus.SUCCEEDED, job.status());
    assertEquals(3, q.pollCount.get());
    assertTrue(seen.size() <= 2 && seen.stream().allMatch(p -> p.state().isPresent()), seen.toString());
  }

  @Test
  void pendingNewsFromAWebhookMovesThePollLoopAlongInsteadOfStartingAnother() throws Exception {
    FakeProvider q = FakeProvider.flux("q", "0.001").thenAccept(FakeProvider.running(10));
    java.util.concurrent.ScheduledThreadPoolExecutor scheduler = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    try (Generator gen = Generator.builder().providers(q).scheduler(scheduler)
        .pollInterval(Duration.ofSeconds(30), Duration.ofSeconds(30)).build()) {
      Job<Generation> job = gen.image("flux-schnell").prompt("x").submit();
      JobsTest.waitUntil(() -> job.status() == JobStatus.QUEUED && scheduler.getQueue().size() == 1);
      for (int i = 0; i < 20; i++) {
        assertTrue(gen.pipeline().deliver("q", "job-1", FakeProvider.running(20 + i)));
      }
      assertEquals(1, scheduler.getQueue().size(), "one poll loop, one next poll");
      assertEquals(0, q.pollCount.get());
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aBilledFailureAfterAcceptanceIsReportedNotPaidAgainElsewhere() {
    // This offer bills provider errors: the accepted job that failed was paid for.
    FakeProvider billing = new FakeProvider("billing", "{'format':1,'provider':'billing','offers':[{'model':'flux-schnell',"
        + "'endpoint':'e','tasks':['text-to-image'],'price':{'kind':'per-image','price':'0.001',"
        + "'failureBilling':{'providerError':true}},'asOf':'2026-11-01','source':'test'}]}")
        .thenAccept(PollResult.failed(new ProviderFailureException("billing", "runner crashed")));
    FakeProvider other = FakeProvider.flux("other", "0.003");
    GenerationException e = assertThrows(ProviderFailureException.class,
        () -> gen(builder(billing, other)).image("flux-schnell").prompt("x").generate());
    assertEquals("billing: runner crashed", e.getMessage());
    assertEquals(0, other.submits());

    FakeProvider free = FakeProvider.flux("free", "0.001")
        .thenAccept(PollResult.failed(new ProviderFailureException("free", "runner crashed")));
    Generator gen = gen(builder(free, other));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals("other", g.provider());
    LedgerEntry failed = gen.ledger().entries().get(0);
    assertEquals(LedgerEntry.Outcome.FAILED, failed.outcome());
    assertFalse(failed.billed());
  }

  @Test
  void aModeratedOutputIsRecordedAsBilledWhenTheOfferSaysModerationIsBilled() {
    FakeProvider strict = new FakeProvider("strict", "{'format':1,'provider':'strict','offers':[{'model':'flux-schnell',"
        + "'endpoint':'e','tasks':['text-to-image'],'price':{'kind':'per-image','price':'0.001',"
        + "'failureBilling':{'moderated':true}},'asOf':'2026-11-01','source':'test'}]}")
        .thenAccept(PollResult.failed(new ContentModeratedException("strict", "the output was withheld")));
    Generator gen = gen(builder(strict));

    assertThrows(ContentModeratedException.class, () -> gen.image("flux-schnell").prompt("x").generate());
    LedgerEntry failed = gen.ledger().entries().get(0);
    assertEquals(LedgerEntry.Outcome.FAILED, failed.outcome());
    assertTrue(failed.billed());

    FakeProvider lenient = FakeProvider.flux("lenient", "0.001")
        .thenAccept(PollResult.failed(new ContentModeratedException("lenient", "the output was withheld")));
    Generator other = gen(builder(lenient));
    assertThrows(ContentModeratedException.class, () -> other.image("flux-schnell").prompt("x").generate());
    assertFalse(other.ledger().entries().get(0).billed());
  }

  @Test
  void cancelingAJobCancelsAtTheProvider() throws Exception {
    FakeProvider q = FakeProvider.flux("q", "0.001").thenAccept(FakeProvider.running(10));
    Generator gen = gen(builder(q));
    Job<Generation> job = gen.image("flux-schnell").prompt("x").submit();
    long until = System.nanoTime() + 5_000_000_000L;
    while (q.pollCount.get() == 0 && System.nanoTime() < until) Thread.onSpinWait();
    assertTrue(job.cancel());
    assertThrows(JobCanceledException.class, () -> job.await(Duration.ofSeconds(5)));
    assertEquals(JobStatus.CANCELED, job.status());
    assertEquals(1, q.canceled.size());
    assertEquals(LedgerEntry.Outcome.CANCELED, gen.ledger().entries().get(0).outcome());
  }

  @Test
  void listenersSeeEveryStep() {
    List<String> events = new CopyOnWriteArrayList<>();
    GenerationListener l = new GenerationListener() {
      @Override public void planned(Plan plan) { events.add("planned " + plan.quotes().size()); }
      @Override public void attemptStarted(String provider, String model) { events.add("start " + provider); }
      @Override public void retrying(String provider, GenerationException e, int next) { events.add("retry " + provider + " " + next); }
      @Override public void attemptEnded(Attempt a) { events.add("end " + a.provider() + " " + a.outcome()); }
      @Override public void succeeded(Generation g) { events.add("ok " + g.provider()); }
    };
    FakeProvider a = FakeProvider.flux("a", "0.001")
        .thenFail(new ProviderFailureException("a", "503", 503, true, null)).thenSucceed();
    gen(builder(a).listener(l)).image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("planned 1", "start a", "retry a 2", "start a", "end a SUCCEEDED", "ok a"), events);
  }

  @Test
  void aSubscriptionsIncludedCreditIsAppliedBeforeCharging() {
    FakeProvider hf = new FakeProvider("hf", "{'format':1,'provider':'hf','offers':[{'model':'flux-schnell','endpoint':'e',"
        + "'tasks':['text-to-image'],'price':{'kind':'per-image','price':'0.75'},'asOf':'2026-11-01','source':'test'}],"
        + "'subscriptions':[{'name':'pro','monthlyFee':'9','includedCredit':'2','asOf':'2026-11-01','source':'test'}]}");
    Generator gen = gen(builder(hf).subscribedTo("hf", "pro"));
    for (int i = 0; i < 3; i++) gen.image("flux-schnell").prompt("x").generate();
    List<LedgerEntry> e = gen.ledger().entries();
    // $2 included: 0.75 and 0.75 are covered, the third is covered for 0.50 and charged 0.25
    assertEquals(Money.usd("0"), e.get(1).charged().get());
    assertEquals(Money.usd("0.50"), e.get(2).credited());
    assertEquals(Money.usd("0.25"), e.get(2).charged().get());
    assertThrows(IllegalStateException.class, () -> builder(hf).subscribedTo("hf", "enterprise").build());
  }

  @Test
  void aJsonlLedgerIsUsedWhenGiven(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    FakeProvider a = FakeProvider.flux("a", "0.001");
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      gen(builder(a).ledger(ledger)).image("flux-schnell").prompt("x").generate();
    }
    try (CostLedger reopened = CostLedger.jsonl(file)) {
      assertEquals(1, reopened.entries().size());
      assertEquals(Money.usd("0.001"), reopened.entries().get(0).actual().get());
    }
  }
}
