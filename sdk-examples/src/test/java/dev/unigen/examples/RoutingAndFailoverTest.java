package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AllProvidersFailedException;
import dev.unigen.Attempt;
import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.GenerationListener;
import dev.unigen.Generator;
import dev.unigen.NoOfferException;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.provider.sandbox.SandboxFailure;
import dev.unigen.provider.sandbox.SandboxProvider;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Strategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The snippets and claims of {@code docs/routing-and-failover.md}, run on scripted sandboxes. */
class RoutingAndFailoverTest {
  private static final Logger log = LoggerFactory.getLogger(RoutingAndFailoverTest.class);

  /** Two sandboxes, {@code sandbox-a} scripted as given, tried first. */
  private static Generator.Builder aThenB(SandboxProvider.Builder a) {
    return Generator.builder()
        .environment(Map.of())
        .provider(ctx -> a.name("sandbox-a").build(ctx))
        .provider(ctx -> SandboxProvider.builder().name("sandbox-b").build(ctx))
        .strategy(Strategy.providerOrder("sandbox-a", "sandbox-b"))
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  private static List<String> outcomes(List<Attempt> attempts) {
    return attempts.stream().map(a -> a.provider() + ":" + a.outcome() + ":" + a.tries()).collect(Collectors.toList());
  }

  @Test
  void testingYourFailover() {
    try (Generator gen = Generator.builder()
        .environment(Map.of())
        .provider(ctx -> SandboxProvider.builder().name("sandbox-a")
            .failAlways(SandboxFailure.OUTAGE)
            .build(ctx))
        .provider(ctx -> SandboxProvider.builder().name("sandbox-b").build(ctx))
        .strategy(Strategy.providerOrder("sandbox-a", "sandbox-b"))
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .build()) {

      Generation g = gen.image("flux-schnell").prompt("a red bicycle").size(1024, 1024).generate();

      assertEquals("sandbox-b", g.provider());
      assertEquals(Attempt.Outcome.FAILED, g.attempts().get(0).outcome());
      assertEquals(3, g.attempts().get(0).tries());
    }
  }

  @Test
  void strategies() {
    try (Generator gen = Generator.builder()
        .environment(Map.of())
        .providersFromEnvironment()
        .strategy(Strategy.cheapestPreferring("fal", new BigDecimal("0.10")))
        .build()) {
      assertEquals("sandbox", gen.image("flux-schnell").prompt("x").quote().best().get().provider());
    }

    Strategy noSandbox = quotes -> quotes.stream()
        .filter(q -> !q.provider().equals("sandbox"))
        .sorted(Comparator.comparing((Quote q) -> q.estimate().orElseThrow()))
        .collect(Collectors.toList());
    try (Generator gen = aThenB(SandboxProvider.builder()).strategy(noSandbox).build()) {
      assertEquals(2, gen.image("flux-schnell").prompt("x").quote().quotes().size());
    }
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().strategy(noSandbox).build()) {
      Plan plan = gen.image("flux-schnell").prompt("x").quote();
      assertTrue(plan.isEmpty());
      assertEquals(Exclusion.Reason.NOT_CHOSEN, plan.excluded().get(0).reason());
    }
  }

  @Test
  void exclusionsSayWhy() {
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().build()) {
      Plan plan = gen.image("flux-schnell").prompt("x").count(5).quote();
      Exclusion e = plan.excluded().get(0);
      assertEquals(Exclusion.Reason.CAPABILITY_MISSING, e.reason());
      assertEquals("5 outputs asked, 4 allowed", e.detail());
      NoOfferException thrown = assertThrows(NoOfferException.class,
          () -> gen.image("flux-schnell").prompt("x").count(5).generate());
      assertTrue(thrown.getMessage().contains("sandbox/flux-schnell: 5 outputs asked, 4 allowed"), thrown.getMessage());
    }
  }

  @Test
  void whenNoOfferIsLeft() {
    try (Generator gen = aThenB(SandboxProvider.builder().failAlways(SandboxFailure.AUTH)).build()) {
      List<String> warned = new ArrayList<>();
      try {
        gen.edit("flux-schnell").prompt("x").reference(dev.unigen.request.Media.url("https://example.com/a.png"))
            .generate();
      } catch (NoOfferException e) {
        for (Exclusion x : e.plan().excluded()) log.warn("{}: {}", x.offer().key(), x.detail());
        warned.add("no offer " + e.plan().excluded().size());
      } catch (AllProvidersFailedException e) {
        for (Attempt a : e.attempts()) log.warn("{} {} after {} tries: {}", a.provider(), a.outcome(), a.tries(), a.reason());
      }
      assertEquals(List.of("no offer 2"), warned);
    }
    try (Generator gen = Generator.builder().environment(Map.of())
        .provider(ctx -> SandboxProvider.builder().name("sandbox-a").failAlways(SandboxFailure.AUTH).build(ctx))
        .provider(ctx -> SandboxProvider.builder().name("sandbox-b").failAlways(SandboxFailure.OUTAGE).build(ctx))
        .strategy(Strategy.providerOrder("sandbox-a", "sandbox-b"))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
      AllProvidersFailedException e = assertThrows(AllProvidersFailedException.class,
          () -> gen.image("flux-schnell").prompt("a red bicycle").generate());
      assertEquals(List.of("sandbox-a:FAILED:1", "sandbox-b:FAILED:3"), outcomes(e.attempts()));
      assertEquals(e.attempts().get(1).error().get(), e.getCause());
    }
  }

  @Test
  void aRateLimitIsRetriedOnTheSameProvider() {
    try (Generator gen = aThenB(SandboxProvider.builder().fail(SandboxFailure.RATE_LIMIT).retryAfter(Duration.ofMillis(40)))
        .build()) {
      Generation g = gen.image("flux-schnell").prompt("x").generate();
      assertEquals(List.of("sandbox-a:SUCCEEDED:2"), outcomes(g.attempts()));
    }
    // A Retry-After above maxRetryAfter is not waited for.
    try (Generator gen = aThenB(SandboxProvider.builder().fail(SandboxFailure.RATE_LIMIT).retryAfter(Duration.ofMinutes(5)))
        .build()) {
      Generation g = gen.image("flux-schnell").prompt("x").generate();
      assertEquals(List.of("sandbox-a:FAILED:1", "sandbox-b:SUCCEEDED:1"), outcomes(g.attempts()));
    }
  }

  @Test
  void anUnknownOutcomeIsNeverResentAndStaysCounted() {
    SandboxProvider[] a = new SandboxProvider[1];
    try (Generator gen = Generator.builder().environment(Map.of())
        .provider(ctx -> a[0] = SandboxProvider.builder().name("sandbox-a")
            .fail(SandboxFailure.OUTCOME_UNKNOWN).build(ctx))
        .provider(ctx -> SandboxProvider.builder().name("sandbox-b").build(ctx))
        .strategy(Strategy.providerOrder("sandbox-a", "sandbox-b"))
        .budget(Budget.perDay(Money.usd("1.00")))
        .build()) {
      Generation g = gen.image("flux-schnell").prompt("x").generate();
      assertEquals(List.of("sandbox-a:OUTCOME_UNKNOWN:1", "sandbox-b:SUCCEEDED:1"), outcomes(g.attempts()));
      assertEquals(1, a[0].submits());
      assertEquals(LedgerEntry.Outcome.OUTCOME_UNKNOWN, gen.ledger().entries().get(0).outcome());
    }
  }

  @Test
  void moderationStopsUnlessAskedToFailOver() {
    try (Generator gen = aThenB(SandboxProvider.builder().failAlways(SandboxFailure.MODERATION)).build()) {
      assertThrows(ContentModeratedException.class, () -> gen.image("flux-schnell").prompt("x").generate());
    }
    try (Generator gen = aThenB(SandboxProvider.builder().failAlways(SandboxFailure.MODERATION))
        .failoverOnModeration(true).build()) {
      assertEquals("sandbox-b", gen.image("flux-schnell").prompt("x").generate().provider());
    }
  }

  @Test
  void anOpenCircuitSkipsTheProvider() {
    try (Generator gen = aThenB(SandboxProvider.builder().failAlways(SandboxFailure.OUTAGE))
        .maxRetries(0).circuitBreaker(2, 2, Duration.ofMinutes(1)).build()) {
      gen.image("flux-schnell").prompt("x").generate();
      gen.image("flux-schnell").prompt("x").generate();
      Generation third = gen.image("flux-schnell").prompt("x").generate();
      assertEquals(List.of("sandbox-a:SKIPPED:0", "sandbox-b:SUCCEEDED:1"), outcomes(third.attempts()));
      assertTrue(third.attempts().get(0).reason().contains("circuit breaker open"), third.attempts().get(0).reason());
    }
  }

  @Test
  void aBudgetThatRefusesEveryOfferThrows() {
    dev.unigen.catalog.Catalog priced = dev.unigen.catalog.Catalog.parse("""
        {"format": 1, "provider": "sandbox", "offers": [
          {"model": "flux-schnell", "endpoint": "sandbox/flux-schnell", "tasks": ["text-to-image"],
           "capabilities": {"maxCount": 4}, "price": {"kind": "per-image", "price": "0.01"},
           "asOf": "2026-11-01", "source": "test"}]}
        """, "test");
    try (Generator gen = Generator.builder().environment(Map.of())
        .provider(ctx -> SandboxProvider.builder().catalog(priced).build(ctx))
        .budget(Budget.perDay(Money.usd("0.005"))).build()) {
      BudgetExceededException e = assertThrows(BudgetExceededException.class,
          () -> gen.image("flux-schnell").prompt("x").generate());
      assertEquals(Money.usd("0.005"), e.limit());
      assertEquals(0, gen.ledger().entries().size(), "a skipped attempt is not in the ledger");
    }
  }

  @Test
  void listeners() {
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    GenerationListener metrics = new GenerationListener() {
      @Override public void attemptEnded(Attempt a) {
        outcomes.computeIfAbsent(a.provider() + " " + a.outcome(), k -> new LongAdder()).increment();
      }
      @Override public void failed(GenerationException e) {
        log.warn("generation failed: {}", e.getMessage());
      }
    };
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().listener(metrics).build()) {
      gen.image("flux-schnell").prompt("x").generate();
      gen.image("flux-schnell").prompt("y").generate();
    }
    assertEquals(2, outcomes.get("sandbox SUCCEEDED").intValue());
  }
}
