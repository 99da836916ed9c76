package dev.unigen.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unigen.AllProvidersFailedException;
import dev.unigen.Generator;
import dev.unigen.NoOfferException;
import dev.unigen.budget.Budget;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Job;
import dev.unigen.money.Money;
import dev.unigen.provider.sandbox.SandboxFailure;
import dev.unigen.provider.sandbox.SandboxProvider;
import dev.unigen.routing.Strategy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnigenMetricsTest {
  /** FLUX-schnell at 0.003 USD a started megapixel, as a priced stand-in for a real provider. */
  private static final Catalog PRICES = Catalog.parse(("{'format':1,'provider':'sandbox','offers':[{'model':'flux-schnell',"
      + "'endpoint':'sandbox/flux-schnell','tasks':['text-to-image'],'capabilities':{'maxCount':4},"
      + "'price':{'kind':'per-megapixel','price':'0.003','rounding':'up'},'asOf':'2026-11-23','source':'test'}]}")
      .replace('\'', '"'), "prices.json");

  private final MeterRegistry registry = new SimpleMeterRegistry();

  private static SandboxProvider.Builder sandbox(String name) {
    return SandboxProvider.builder().name(name).catalog(PRICES);
  }

  @Test
  void aSuccessCountsTimesAndPricesTheGeneration() {
    UnigenMetrics metrics = UnigenMetrics.builder(registry).build();
    try (Generator gen = Generator.builder().provider(ctx -> sandbox("a").build(ctx)).listener(metrics).build()) {
      gen.image("flux-schnell").prompt("x").size(1024, 1024).count(2).generate();
    }
    assertEquals(1.0, registry.get("unigen.generations").tags("provider", "a", "model", "flux-schnell",
        "task", "text-to-image", "outcome", "success", "error", "none").counter().count());
    assertEquals(1, registry.get("unigen.generation.duration").tags("provider", "a", "task", "text-to-image").timer().count());
    // 1.048576 MP rounds up to 2 MP x 0.003 USD x 2 images
    assertEquals(0.012, registry.get("unigen.generation.cost").tags("provider", "a", "currency", "USD").counter().count(), 1e-12);
    assertEquals(1, registry.get("unigen.attempts").tags("provider", "a", "outcome", "succeeded").timer().count());
    assertNull(registry.find("unigen.failovers").counter());
    assertNull(registry.find("unigen.retries").counter());
  }

  @Test
  void retriesAndFailoversAreCountedByTheProviderLeft() {
    UnigenMetrics metrics = UnigenMetrics.builder(registry).build();
    try (Generator gen = Generator.builder()
        .provider(ctx -> sandbox("a").failAlways(SandboxFailure.OUTAGE).build(ctx))
        .provider(ctx -> sandbox("b").build(ctx))
        .strategy(Strategy.providerOrder("a", "b"))
        .maxRetries(1).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(1))
        .listener(metrics).build()) {
      gen.image("flux-schnell").prompt("x").size(512, 512).generate();
    }
    assertEquals(1.0, registry.get("unigen.retries").tags("provider", "a", "error", "provider_failure").counter().count());
    assertEquals(1.0, registry.get("unigen.failovers").tags("provider", "a", "outcome", "failed").counter().count());
    assertEquals(1, registry.get("unigen.attempts").tags("provider", "a", "outcome", "failed").timer().count());
    assertEquals(1.0, registry.get("unigen.generations").tags("provider", "b", "outcome", "success").counter().count());
    assertEquals(1, registry.find("unigen.generations").counters().size(), "no failure is counted");
  }

  @Test
  void failuresAreCountedByKind() {
    UnigenMetrics metrics = UnigenMetrics.builder(registry).build();
    try (Generator gen = Generator.builder()
        .provider(ctx -> sandbox("a").failAlways(SandboxFailure.AUTH).build(ctx))
        .provider(ctx -> sandbox("b").failAlways(SandboxFailure.AUTH).build(ctx))
        .strategy(Strategy.providerOrder("a", "b"))
        .listener(metrics).build()) {
      assertThrows(AllProvidersFailedException.class, () -> gen.image("flux-schnell").prompt("x").size(512, 512).generate());
      assertThrows(NoOfferException.class, () -> gen.video("no-such-model").prompt("x").generate());
    }
    assertEquals(1.0, registry.get("unigen.generations").tags("provider", "b", "model", "flux-schnell", "task", "none",
        "outcome", "failure", "error", "all_providers_failed").counter().count());
    assertEquals(1.0, registry.get("unigen.failovers").tags("provider", "a").counter().count());
    assertEquals(1.0, registry.get("unigen.generations").tags("provider", "none", "model", "none",
        "task", "text-to-video", "outcome", "failure", "error", "no_offer").counter().count());
  }

  @Test
  void gaugesReadTheBudgetTheCircuitsAndTheJobs() {
    UnigenMetrics metrics = UnigenMetrics.builder(registry).dailyCap(Money.usd("1.00")).build();
    try (Generator gen = Generator.builder()
        .provider(ctx -> sandbox("a").failAlways(SandboxFailure.OUTAGE).build(ctx))
        .provider(ctx -> SandboxProvider.builder().name("b").latency(Duration.ofMinutes(10)).build(ctx))
        .budget(Budget.perDay(Money.usd("1.00")))
        .maxRetries(0).circuitBreaker(1, 1, Duration.ofMinutes(5))
        .listener(metrics).build()) {
      metrics.monitor(gen);
      assertEquals(0.0, registry.get("unigen.circuit.open").tag("provider", "a").gauge().value());
      assertThrows(AllProvidersFailedException.class, () -> gen.image("flux-schnell").prompt("x").size(1024, 1024)
          .provider("a").generate());
      assertEquals(1.0, registry.get("unigen.circuit.open").tag("provider", "a").gauge().value());
      assertEquals(0.0, registry.get("unigen.circuit.open").tag("provider", "b").gauge().value());

      gen.budget().get().spend(Money.usd("0.25"), Map.of());
      assertEquals(0.25, registry.get("unigen.budget.spent").tags("period", "day", "currency", "USD").gauge().value(), 1e-12);
      assertEquals(0.75, registry.get("unigen.budget.remaining").tags("period", "day").gauge().value(), 1e-12);
      assertEquals(0.0, registry.get("unigen.budget.reserved").gauge().value());
      assertNull(registry.find("unigen.budget.remaining").tag("period", "month").gauge(), "no monthly cap given");

      Job<?> job = gen.submit(gen.video("kling-2.1-pro").prompt("x").provider("b").build());
      assertEquals(1.0, registry.get("unigen.jobs.active").gauge().value(), "the sandbox runs it for ten minutes");
      job.cancel();
      job.future().handle((g, e) -> null).join();
      assertEquals(0.0, registry.get("unigen.jobs.active").gauge().value());
    }
  }

  @Test
  void aCapInAnotherCurrencyIsRefused() {
    UnigenMetrics metrics = UnigenMetrics.builder(registry).monthlyCap(Money.of("10", "EUR")).build();
    try (Generator gen = Generator.builder().provider(ctx -> sandbox("a").build(ctx))
        .budget(Budget.perDay(Money.usd("1.00"))).listener(metrics).build()) {
      assertThrows(IllegalArgumentException.class, () -> metrics.monitor(gen));
    }
    assertThrows(IllegalArgumentException.class, () -> UnigenMetrics.builder(registry).dailyCap(Money.usd("-1")));
  }
}
