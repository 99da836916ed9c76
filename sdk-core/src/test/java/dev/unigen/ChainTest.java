package dev.unigen;

import static dev.unigen.Chain.from;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chains: wiring checked before any call, quotes worked by hand, runs, failures, budgets and resumes. */
class ChainTest {
  /**
   * One provider with every step of the premium photo: a prompt writer at $0.001 a request,
   * flux-dev at $0.025 per megapixel (1024x1024 by default), a $0.005 segmentation, a $0.02
   * inpaint, an upscaler at $0.001 per output megapixel and an animator at $0.05 a second (5 s).
   */
  private static final String STUDIO = "{'format':1,'provider':'NAME','offers':["
      + "{'model':'writer-1','endpoint':'w','tasks':['text'],'price':{'kind':'per-request','price':'0.001'},'asOf':'2026-11-01','source':'test'},"
      + "{'model':'flux-dev','endpoint':'f','tasks':['text-to-image'],'capabilities':{'defaultSize':'1024x1024'},"
      + "'price':{'kind':'per-megapixel','price':'0.025'},'asOf':'2026-11-01','source':'test'},"
      + "{'model':'sam-3','endpoint':'s','tasks':['segmentation'],'price':{'kind':'per-request','price':'0.005'},'asOf':'2026-11-01','source':'test'},"
      + "{'model':'inpaint-1','endpoint':'i','tasks':['inpaint'],'price':{'kind':'per-image','price':'0.02'},'asOf':'2026-11-01','source':'test'},"
      + "{'model':'seedvr','endpoint':'u','tasks':['upscale'],'capabilities':{'upscaleFactors':[2,4,5]},"
      + "'price':{'kind':'per-megapixel','price':'0.001'},'asOf':'2026-11-01','source':'test'},"
      + "{'model':'anim-1','endpoint':'a','tasks':['image-to-video'],'capabilities':{'defaultDuration':5},"
      + "'price':{'kind':'per-second','price':'0.05'},'asOf':'2026-11-01','source':'test'}]}";

  private final List<Generator> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(Generator::close);
  }

  private static FakeProvider studio(String name) {
    return new FakeProvider(name, STUDIO.replace("NAME", name)).then(ChainTest::answer);
  }

  /** Answers each task as a provider would: text for text, an upscaled size for an upscale, else 1024x1024. */
  static CompletableFuture<Submission> answer(ProviderCall call) {
    Request r = call.request();
    if (r.task() == Task.TEXT) {
      return CompletableFuture.completedFuture(Submission.completed(ProviderOutput.builder()
          .text("a woman in a red coat, studio light").usage(Usage.builder().textInputTokens(10).textOutputTokens(9).build()).build()));
    }
    int side = r.task() == Task.UPSCALE ? 1024 * r.upscaleFactor().orElse(2) : 1024;
    String type = r.task().producesVideo() ? "video/mp4" : "image/png";
    Usage.Builder usage = Usage.builder();
    if (r.task().producesVideo()) usage.outputSeconds(java.math.BigDecimal.valueOf(5));
    else usage.image(side, side);
    return CompletableFuture.completedFuture(Submission.completed(ProviderOutput.builder()
        .asset(Asset.builder(type).url("https://cdn.example.com/" + r.task().wireName() + ".png").size(side, side).build())
        .usage(usage.build()).build()));
  }

  private Generator.Builder builder(FakeProvider... providers) {
    return Generator.builder().providers(providers).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private Generator gen(Generator.Builder b) {
    Generator g = b.build();
    open.add(g);
    return g;
  }

  private static Chain premiumPhoto(Generator gen) {
    return gen.chain("premium-photo")
        .text("prompt", s -> s.system("You write image prompts.").prompt("a woman, fashion shoot"))
        .image("base", s -> s.model("flux-dev").prompt(from("prompt")))
        .preprocess("mask", Task.SEGMENTATION, from("base"))
        .edit("dressed", s -> s.inpaint(from("base"), from("mask")).prompt("a blue silk dress"))
        .upscale("final", 5, from("dressed"))
        .build();
  }

  @Test
  void theQuoteIsEachStepsCheapestOfferPricedOnTheSizeTheStepBeforeProduces() {
    FakeProvider studio = studio("studio");
    Chain.Quote q = premiumPhoto(gen(builder(studio))).quote();
    // 1024x1024 = 1.048576 MP x $0.025 = $0.0262144; the 5x upscale makes 5120x5120 = 26.2144 MP x $0.001.
    assertEquals(Money.usd("0.001"), q.step("prompt").estimate().get());
    assertEquals(Money.usd("0.0262144"), q.step("base").estimate().get());
    assertEquals(Size.of(1024, 1024), q.step("dressed").outputSize().get());
    assertEquals(Size.of(5120, 5120), q.step("final").outputSize().get());
    assertEquals(Money.usd("0.0262144"), q.step("final").estimate().get());
    // 0.001 + 0.0262144 + 0.005 + 0.02 + 0.0262144
    assertEquals(0, q.total().compareTo(Money.usd("0.0784288")), q.toString());
    assertTrue(q.complete());
    assertEquals(0, studio.submits(), "a quote calls no provider");
  }

  @Test
  void wiringErrorsAreRefusedBeforeAnyCall() {
    FakeProvider studio = studio("studio");
    Generator gen = gen(builder(studio));
    InvalidRequestException unknown = assertThrows(InvalidRequestException.class, () -> gen.chain("c")
        .image("base", s -> s.model("flux-dev").prompt(from("promt"))).build());
    assertTrue(unknown.getMessage().contains("step base: from(promt) names no step of chain c"), unknown.getMessage());

    InvalidRequestException later = assertThrows(InvalidRequestException.class, () -> gen.chain("c")
        .image("base", s -> s.model("flux-dev").prompt(from("prompt")))
        .text("prompt", s -> s.prompt("a cat")).build());
    assertTrue(later.getMessage().contains("is not an earlier step"), later.getMessage());

    InvalidRequestException wrongType = assertThrows(InvalidRequestException.class, () -> gen.chain("c")
        .text("prompt", s -> s.prompt("a cat"))
        .upscale("big", 2, from("prompt")).build());
    assertTrue(wrongType.getMessage().contains("step big: its image needs image, but step prompt (text) produces text"),
        wrongType.getMessage());

    assertThrows(InvalidRequestException.class, () -> gen.chain("c")
        .text("a", s -> s.prompt("x")).text("a", s -> s.prompt("y")));
    assertThrows(InvalidRequestException.class, () -> gen.chain("c")
        .image("base", s -> s.prompt("x")).preprocess("m", Task.UPSCALE, from("base")));
    assertThrows(InvalidRequestException.class, () -> gen.chain("bad name"));
    InvalidRequestException noPrompt = assertThrows(InvalidRequestException.class, () -> gen.chain("c")
        .image("base", s -> s.model("flux-dev")).build());
    assertTrue(noPrompt.getMessage().startsWith("step base: "), noPrompt.getMessage());

    assertThrows(InvalidRequestException.class, () -> gen.chain("c").image("base", s -> s.prompt("x"))
        .video("clip", s -> s.video(from("base")).prompt("y")).build());
    NoOfferException none = assertThrows(NoOfferException.class, () -> gen.chain("c").image("base", s -> s.prompt("x"))
        .edit("multi", s -> s.reference(from("base")).prompt("y")).build().run());
    assertTrue(none.getMessage().startsWith("chain c, step multi: "), none.getMessage());
    assertEquals(0, studio.submits(), "nothing is sent for a chain that cannot run");
  }

  @Test
  void aRunFeedsEachStepTheOutputsItNamesAndTagsEveryLedgerEntry() {
    FakeProvider studio = studio("studio");
    Generator gen = gen(builder(studio));
    Chain.Result r = premiumPhoto(gen).run();

    assertTrue(r.succeeded(), r.toString());
    assertEquals(List.of("prompt", "base", "mask", "dressed", "final"), new ArrayList<>(r.steps().keySet()));
    Request base = studio.calls.get(1).request();
    assertEquals("a woman in a red coat, studio light", base.prompt().get());
    Request dressed = studio.calls.get(3).request();
    assertEquals(Task.INPAINT, dressed.task());
    assertEquals("https://cdn.example.com/text-to-image.png", dressed.image().get().url().get());
    assertEquals("https://cdn.example.com/segmentation.png", dressed.mask().get().url().get());
    assertEquals(Size.of(5120, 5120), r.last().assets().get(0).width().isPresent()
        ? Size.of(r.last().assets().get(0).width().getAsInt(), r.last().assets().get(0).height().getAsInt()) : null);

    List<LedgerEntry> entries = gen.ledger().entries();
    assertEquals(5, entries.size());
    for (LedgerEntry e : entries) {
      assertEquals("premium-photo", e.tags().get("chain"));
      assertEquals(r.runId(), e.tags().get("chain.run"));
    }
    assertEquals(List.of("prompt", "base", "mask", "dressed", "final"),
        entries.stream().map(e -> e.tags().get("chain.step")).collect(java.util.stream.Collectors.toList()));
    // Actuals: 0.001 + 1.048576 x 0.025 + 0.005 + 0.02 + 26.2144 x 0.001 — as quoted.
    assertEquals(0, r.actual().compareTo(Money.usd("0.0784288")), r.toString());
    assertEquals(0, r.quote().total().compareTo(r.actual()));
    assertEquals(0, gen.ledger().totals().byTag("chain").get("premium-photo").compareTo(Money.usd("0.0784288")));
  }

  @Test
  void aStepFailsOverLikeASingleRequest() {
    FakeProvider cheap = new FakeProvider("cheap", STUDIO.replace("NAME", "cheap").replace("'0.025'", "'0.01'"))
        .thenFail(new ProviderFailureException("cheap", "upstream 503", 503, true, null));
    FakeProvider studio = studio("studio");
    Generator gen = gen(builder(cheap, studio).maxRetries(0));
    Chain.Result r = gen.chain("c").image("base", s -> s.model("flux-dev").prompt("a cat")).build().run();
    assertTrue(r.succeeded(), r.toString());
    Generation base = r.step("base").get();
    assertEquals("studio", base.provider());
    assertEquals(2, base.attempts().size());
  }

  @Test
  void aFailedStepStopsTheChainAndKeepsWhatEarlierStepsProduced() {
    FakeProvider studio = new FakeProvider("studio", STUDIO.replace("NAME", "studio")).then(call ->
        call.request().task() == Task.INPAINT
            ? CompletableFuture.failedFuture(new ContentModeratedException("studio", "the inpaint was refused"))
            : answer(call));
    JobJournal journal = JobJournal.inMemory();
    Generator gen = gen(builder(studio).journal(journal));
    Chain.Result r = premiumPhoto(gen).run();

    assertFalse(r.succeeded());
    assertEquals("dressed", r.failedStep().get());
    assertTrue(r.failure().get() instanceof ContentModeratedException, r.failure().get().toString());
    assertEquals(List.of("prompt", "base", "mask"), new ArrayList<>(r.steps().keySet()));
    assertEquals(4, studio.submits(), "the upscale after the failed inpaint is never sent");
    assertEquals(4, gen.ledger().entries().size());
    assertEquals(0, r.actual().compareTo(Money.usd("0.0322144")), r.toString());
    assertThrows(ContentModeratedException.class, r::last);
    assertTrue(journal.list().isEmpty(), "a finished run leaves no step records: " + journal.list());
  }

  @Test
  void independentStepsRunAtTheSameTime() {
    CountDownLatch both = new CountDownLatch(2);
    FakeProvider studio = new FakeProvider("studio", STUDIO.replace("NAME", "studio")).then(call -> {
      if (call.request().task() != Task.TEXT_TO_IMAGE) return answer(call);
      // Each image waits for the other to be sent: run one after the other, neither would finish.
      return CompletableFuture.supplyAsync(() -> {
        both.countDown();
        try {
          if (!both.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("the other image was never sent");
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return answer(call).join();
      });
    });
    Generator gen = gen(builder(studio));
    Chain.Result r = gen.chain("pair")
        .text("prompt", s -> s.prompt("a cat"))
        .image("left", s -> s.model("flux-dev").prompt(from("prompt")))
        .image("right", s -> s.model("flux-dev").prompt(from("prompt")))
        .build().run();
    assertTrue(r.succeeded(), r.toString());
  }

  @Test
  void theBudgetHoldsTheWholeChainBeforeTheFirstStep() {
    FakeProvider studio = studio("studio");
    Generator capped = gen(builder(studio).budget(Budget.builder().maxPerRequest(Money.usd("1")).perDay(Money.usd("0.07")).build()));
    BudgetExceededException refused = assertThrows(BudgetExceededException.class, () -> premiumPhoto(capped).run());
    assertEquals(0, studio.submits(), "a chain the cap cannot finish never starts: " + refused.getMessage());

    Budget budget = Budget.perDay(Money.usd("0.08"));
    Generator gen = gen(builder(studio).budget(budget));
    Chain.Result r = premiumPhoto(gen).run();
    assertTrue(r.succeeded(), r.toString());
    assertEquals(0, budget.spentToday().compareTo(Money.usd("0.0784288")), budget.spentToday().toString());
    assertTrue(budget.reserved().isZero(), budget.reserved().toString());
  }

  @Test
  void aResumedRunSkipsFinishedStepsAndFollowsTheOneThatWasSent() throws Exception {
    JobJournal journal = JobJournal.inMemory();
    Function<ProviderCall, CompletableFuture<Submission>> acceptUpscales = call -> call.request().task() == Task.UPSCALE
        ? CompletableFuture.completedFuture(Submission.accepted(dev.unigen.spi.JobRef.of("studio", "up-1",
            "https://example.com/poll", null, java.util.Map.of())))
        : answer(call);
    FakeProvider before = new FakeProvider("studio", STUDIO.replace("NAME", "studio")).then(acceptUpscales)
        .answerPolls(FakeProvider.running(10));
    // The first process gets as far as the upscale's job being accepted and polled, then is gone.
    Generator first = gen(builder(before).journal(journal).pollInterval(Duration.ofMillis(5), Duration.ofMillis(5)));
    premiumPhoto(first).runAsync();
    JobsTest.waitUntil(() -> before.pollCount.get() > 0);
    String runId = journal.list().get(0).request().tags().get("chain.run");
    assertEquals(List.of(runId), premiumPhoto(first).unfinishedRuns());
    assertEquals(5, before.submits());

    FakeProvider after = studio("studio");
    after.answerPolls(dev.unigen.spi.PollResult.succeeded(ProviderOutput.builder()
        .asset(Asset.builder("image/png").url("https://cdn.example.com/final.png").size(5120, 5120).build())
        .usage(Usage.builder().image(5120, 5120).build()).build()));
    Generator second = gen(builder(after).journal(journal).pollInterval(Duration.ofMillis(5), Duration.ofMillis(5)));
    Chain.Result resumed = premiumPhoto(second).resume(runId);

    assertTrue(resumed.succeeded(), resumed.toString());
    assertEquals(List.of("prompt", "base", "mask", "dressed"), resumed.restored());
    assertEquals(0, after.submits(), "no step is bought again");
    assertEquals("https://cdn.example.com/final.png", resumed.last().assets().get(0).url().get());
    assertEquals("a woman in a red coat, studio light", resumed.step("prompt").get().text().get());
    assertEquals(0, resumed.step("base").get().cost().actual().get().compareTo(Money.usd("0.0262144")));
    assertTrue(journal.list().isEmpty(), journal.list().toString());
  }

  @Test
  void aVideoStepIsPricedOnItsDurationFromAnEarlierImage() {
    Generator gen = gen(builder(studio("studio")));
    Chain chain = gen.chain("animate")
        .image("still", s -> s.model("flux-dev").prompt("a lighthouse").size(1280, 720))
        .video("clip", s -> s.image(from("still")).prompt("waves roll in"))
        .build();
    Chain.Quote q = chain.quote();
    assertEquals(Task.IMAGE_TO_VIDEO, q.step("clip").task());
    // 1280x720 = 0.9216 MP x $0.025 = $0.02304; 5 s (the offer's default) x $0.05 = $0.25.
    assertEquals(0, q.total().compareTo(Money.usd("0.27304")), q.toString());
    assertEquals(Size.of(1280, 720), q.step("clip").outputSize().get());
  }

  static final String PREMIUM_PHOTO_JSON = "{'format':1,'chain':'premium-photo','tags':{'product':'photos'},'steps':["
      + "{'name':'prompt','task':'text','system':'You write image prompts.','prompt':'a woman, fashion shoot'},"
      + "{'name':'base','task':'text-to-image','model':'flux-dev','prompt':{'from':'prompt'}},"
      + "{'name':'mask','task':'segmentation','image':{'from':'base'}},"
      + "{'name':'dressed','task':'inpaint','image':{'from':'base'},'mask':{'from':'mask'},'prompt':'a blue silk dress'},"
      + "{'name':'final','task':'upscale','factor':5,'image':{'from':'dressed'}}]}";

  @Test
  void aChainInJsonIsTheSameChainAsDeclaredInCode() {
    FakeProvider studio = studio("studio");
    Generator gen = gen(builder(studio));
    Chain declared = Chain.fromJson(PREMIUM_PHOTO_JSON.replace('\'', '"'), "premium-photo.json");
    assertEquals(List.of("prompt", "base", "mask", "dressed", "final"), declared.stepNames());
    assertThrows(IllegalStateException.class, declared::run, "an unbound chain cannot run");
    Chain.Result r = declared.on(gen).run();
    assertTrue(r.succeeded(), r.toString());
    assertEquals(0, r.quote().total().compareTo(premiumPhoto(gen).quote().total()));
    assertEquals("photos", gen.ledger().entries().get(0).tags().get("product"));
    assertEquals(Task.INPAINT, declared.task("dressed"));
    assertEquals(java.util.Optional.of("flux-dev"), declared.model("base"));
    assertTrue(declared.model("mask").isEmpty(), "a step without a model takes the cheapest able to serve it");
  }

  @Test
  void chainJsonErrorsNameTheFileAndTheField() {
    InvalidRequestException unknown = assertThrows(InvalidRequestException.class, () -> Chain.fromJson(
        PREMIUM_PHOTO_JSON.replace("'factor':5", "'factr':5").replace('\'', '"'), "p.json"));
    assertTrue(unknown.getMessage().startsWith("p.json: "), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("factr"), unknown.getMessage());
    InvalidRequestException badRef = assertThrows(InvalidRequestException.class, () -> Chain.fromJson(
        PREMIUM_PHOTO_JSON.replace("{'from':'mask'}", "{'from':'msk'}").replace('\'', '"'), "p.json"));
    assertTrue(badRef.getMessage().contains("from(msk) names no step"), badRef.getMessage());
    InvalidRequestException syntax = assertThrows(InvalidRequestException.class, () -> Chain.fromJson("{\"format\": 1,", "p.json"));
    assertTrue(syntax.getMessage().contains("line 1"), syntax.getMessage());
  }
}
