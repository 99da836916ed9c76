package dev.unigen.provider.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.InvalidRequestException;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.routing.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sandbox as a test kit: scripted failures driving the generator's failover. */
class SandboxFailoverTest {
  /** Two sandboxes, a tried first (names break the tie of their zero prices), each scripted by the caller. */
  private static Generator twoSandboxes(UnaryOperator<SandboxProvider.Builder> a, UnaryOperator<SandboxProvider.Builder> b) {
    return Generator.builder()
        .provider(ctx -> a.apply(SandboxProvider.builder().name("sandbox-a").retryAfter(Duration.ofMillis(5))).build(ctx))
        .provider(ctx -> b.apply(SandboxProvider.builder().name("sandbox-b")).build(ctx))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20))
        .build();
  }

  private static List<String> outcomes(Generation g) {
    return g.attempts().stream().map(x -> x.provider() + ":" + x.outcome() + ":" + x.tries()).collect(Collectors.toList());
  }

  @ParameterizedTest
  @EnumSource(value = SandboxFailure.class, names = {"AUTH", "INSUFFICIENT_CREDIT", "EMPTY_OUTPUT"})
  void failuresThatMoveOnWithoutRetrying(SandboxFailure failure) {
    try (Generator gen = twoSandboxes(a -> a.failAlways(failure), b -> b)) {
      Generation g = gen.image("flux-schnell").prompt("a red bicycle").size(512, 512).generate();
      assertEquals(List.of("sandbox-a:FAILED:1", "sandbox-b:SUCCEEDED:1"), outcomes(g));
      assertEquals(1, g.assets().size());
    }
  }

  @Test
  void anOutageIsRetriedThenFailsOver() {
    try (Generator gen = twoSandboxes(a -> a.failAlways(SandboxFailure.OUTAGE), b -> b)) {
      Generation g = gen.image("flux-schnell").prompt("x").size(512, 512).generate();
      assertEquals(List.of("sandbox-a:FAILED:3", "sandbox-b:SUCCEEDED:1"), outcomes(g));
    }
  }

  @Test
  void aRateLimitIsWaitedOut() {
    try (Generator gen = twoSandboxes(a -> a.fail(SandboxFailure.RATE_LIMIT), b -> b)) {
      Generation g = gen.image("flux-schnell").prompt("x").size(512, 512).generate();
      assertEquals(List.of("sandbox-a:SUCCEEDED:2"), outcomes(g));
    }
  }

  @Test
  void anUnknownOutcomeIsNotResent() {
    SandboxProvider[] a = new SandboxProvider[1];
    try (Generator gen = Generator.builder()
        .provider(ctx -> a[0] = SandboxProvider.builder().name("sandbox-a").failAlways(SandboxFailure.OUTCOME_UNKNOWN).build(ctx))
        .provider(ctx -> SandboxProvider.builder().name("sandbox-b").build(ctx)).build()) {
      Generation g = gen.image("flux-schnell").prompt("x").size(512, 512).generate();
      assertEquals(List.of("sandbox-a:OUTCOME_UNKNOWN:1", "sandbox-b:SUCCEEDED:1"), outcomes(g));
      assertEquals(1, a[0].submits());
    }
  }

  @Test
  void moderationAndInvalidRequestsStop() {
    try (Generator gen = twoSandboxes(a -> a.failAlways(SandboxFailure.MODERATION), b -> b)) {
      assertThrows(ContentModeratedException.class, () -> gen.image("flux-schnell").prompt("x").size(512, 512).generate());
    }
    try (Generator gen = twoSandboxes(a -> a.failAlways(SandboxFailure.INVALID_REQUEST), b -> b)) {
      assertThrows(InvalidRequestException.class, () -> gen.image("flux-schnell").prompt("x").size(512, 512).generate());
    }
  }

  @Test
  void aVideoRunsAsAJobWithProgress() {
    // Long enough that a poll finds the job running even on a loaded machine.
    try (Generator gen = twoSandboxes(a -> a.latency(Duration.ofMillis(1500)), b -> b)) {
      List<Progress> progress = new CopyOnWriteArrayList<>();
      Job<Generation> job = gen.video("kling-2.1-pro").prompt("the bicycle rides away")
          .duration(Duration.ofSeconds(5)).submit().onProgress(progress::add);
      Generation clip = job.await(Duration.ofSeconds(20));
      assertEquals("image/gif", clip.assets().get(0).mediaType());
      assertEquals(0, new java.math.BigDecimal("5").compareTo(clip.assets().get(0).durationSeconds().get()));
      assertTrue(!progress.isEmpty(), "progress reported while running");
    }
  }

  @Test
  void withNoKeyTheGeneratorFallsBackToTheSandbox() {
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().build()) {
      assertEquals(java.util.Set.of("sandbox"), gen.providers());
      Generation g = gen.image("flux-schnell").prompt("x").size(256, 256).generate();
      assertEquals("sandbox", g.provider());
      assertEquals(Money.usd("0"), g.cost().actual().get());
    }
  }

  @Test
  void aPriceTableMakesTheSandboxUsefulForPlanning() {
    Catalog prices = Catalog.parse(("{'format':1,'provider':'sandbox','offers':[{'model':'flux-schnell','endpoint':'sandbox/flux-schnell',"
        + "'tasks':['text-to-image'],'capabilities':{'maxCount':4},'price':{'kind':'per-megapixel','price':'0.003','rounding':'up'},"
        + "'asOf':'2026-11-23','source':'planning test'}]}").replace('\'', '"'), "prices.json");
    try (Generator gen = Generator.builder().provider(ctx -> SandboxProvider.builder().catalog(prices).build(ctx)).build()) {
      Plan plan = gen.image("flux-schnell").prompt("x").size(1024, 1024).count(2).quote();
      // 1.048576 MP rounds up to 2 MP x 0.003 x 2 images = 0.012
      assertEquals(Money.usd("0.012"), plan.best().get().estimate().get());
      Generation g = gen.image("flux-schnell").prompt("x").size(1024, 1024).count(2).generate();
      assertEquals(Money.usd("0.012"), g.cost().actual().get());
    }
  }
}
