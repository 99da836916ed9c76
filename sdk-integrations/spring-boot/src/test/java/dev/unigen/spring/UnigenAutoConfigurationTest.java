package dev.unigen.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.GenerationListener;
import dev.unigen.Generator;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobStatus;
import dev.unigen.micrometer.UnigenMetrics;
import dev.unigen.money.Money;
import dev.unigen.provider.sandbox.SandboxProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class UnigenAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(UnigenAutoConfiguration.class));

  @TempDir
  Path dir;

  @Test
  void withNoKeyTheGeneratorRunsOnTheSandbox() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(Generator.class);
      Generator gen = ctx.getBean(Generator.class);
      assertEquals(Set.of("sandbox"), gen.providers());
      assertTrue(gen.budget().isEmpty());
      assertThat(ctx).doesNotHaveBean(UnigenWebhookController.class);
    });
  }

  @Test
  void thePropertiesSetBudgetLedgerJournalAndAssetStore() {
    Path ledger = dir.resolve("ledger.jsonl");
    runner.withPropertyValues("unigen.budget.per-day=2.50 USD", "unigen.budget.per-request=0.10",
        "unigen.ledger.path=" + ledger, "unigen.jobs.journal-directory=" + dir.resolve("jobs"),
        "unigen.asset-store.directory=" + dir.resolve("assets"), "unigen.strategy=provider-order",
        "unigen.provider-order=sandbox").run(ctx -> {
          assertThat(ctx).hasNotFailed();
          Generator gen = ctx.getBean(Generator.class);
          assertEquals(Money.usd("0"), gen.budget().get().spentToday());
          Generation g = gen.image("flux-schnell").prompt("a red bicycle").size(256, 256).generate();
          assertEquals(1, gen.ledger().entries().size());
          assertTrue(Files.size(ledger) > 0, "the ledger is written to its file");
          try (var stored = Files.list(dir.resolve("assets"))) {
            assertEquals(g.assets().size(), stored.filter(Files::isRegularFile).count());
          }
        });
  }

  @Test
  void listenerBeansHearEveryGeneration() {
    runner.withBean("recorder", Recorder.class, Recorder::new).run(ctx -> {
      ctx.getBean(Generator.class).image("flux-schnell").prompt("x").size(256, 256).generate();
      assertEquals(List.of("sandbox/flux-schnell"), ctx.getBean(Recorder.class).succeeded);
    });
  }

  @Test
  void aMalformedAmountNamesItsProperty() {
    runner.withPropertyValues("unigen.budget.per-day=five dollars").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("unigen.budget.per-day: not an amount")
          .hasMessageContaining("five dollars");
    });
  }

  @Test
  void aProviderWithoutItsModuleIsNamed() {
    runner.withPropertyValues("unigen.providers.fal.api-key=test-key-fal").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("unigen-provider-fal")
          .hasMessageNotContaining("test-key-fal");
    });
  }

  @Test
  void theUnigenEnabledPropertyTurnsItAllOff() {
    runner.withPropertyValues("unigen.enabled=false").run(ctx -> assertThat(ctx).doesNotHaveBean(Generator.class));
  }

  @Test
  void healthShowsEachProvidersCircuit() {
    runner.run(ctx -> {
      Health health = ctx.getBean("unigenHealthIndicator", HealthIndicator.class).health();
      assertEquals(Status.UP, health.getStatus());
      assertEquals(Map.of("sandbox", "closed"), health.getDetails().get("circuits"));
    });
  }

  @Test
  void withoutActuatorThereIsNoHealthIndicator() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("unigenHealthIndicator"));
  }

  @Test
  void aMeterRegistryGetsTheMeters() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("unigen.budget.per-day=1 USD")
        .run(ctx -> {
          assertThat(ctx).hasSingleBean(UnigenMetrics.class);
          MeterRegistry registry = ctx.getBean(MeterRegistry.class);
          ctx.getBean(Generator.class).image("flux-schnell").prompt("x").size(256, 256).generate();
          assertEquals(1.0, registry.get("unigen.generations").tag("outcome", "success").counter().count());
          assertEquals(0.0, registry.get("unigen.circuit.open").tag("provider", "sandbox").gauge().value());
          assertEquals(1.0, registry.get("unigen.budget.remaining").tag("period", "day").gauge().value());
        });
  }

  @Test
  void withoutMicrometerThereAreNoMeters() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withClassLoader(new FilteredClassLoader(UnigenMetrics.class))
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(UnigenMetrics.class));
  }

  @Test
  void shutdownWaitsForRunningJobs() {
    ApplicationContextRunner slow = runner.withPropertyValues("unigen.jobs.shutdown-wait=30s")
        .withBean(UnigenGeneratorCustomizer.class, () -> slowSandbox(Duration.ofMillis(300)));
    Job<?>[] job = new Job<?>[1];
    slow.run(ctx -> {
      Generator gen = ctx.getBean(Generator.class);
      job[0] = gen.video("kling-2.1-pro").prompt("a lighthouse").submit();
      assertFalse(job[0].status().isDone());
    });
    assertEquals(JobStatus.SUCCEEDED, job[0].status(), "closing the context waited for the job");
  }

  @Test
  void journaledJobsAreResumedAtStartUp() {
    ApplicationContextRunner journaled = runner
        .withPropertyValues("unigen.jobs.journal-directory=" + dir.resolve("jobs"), "unigen.jobs.shutdown-wait=0s")
        .withBean(UnigenGeneratorCustomizer.class, () -> slowSandbox(Duration.ofSeconds(1)));
    String[] id = new String[1];
    journaled.run(ctx -> {
      Job<Generation> job = ctx.getBean(Generator.class).video("kling-2.1-pro").prompt("a lighthouse").submit();
      id[0] = job.id();
      // Journaled once the provider has accepted it; the context closes while it still runs.
      for (int i = 0; i < 200 && job.status() == JobStatus.SUBMITTING; i++) Thread.sleep(50);
      assertTrue(job.status() == JobStatus.QUEUED || job.status() == JobStatus.RUNNING, job.status().toString());
    });
    journaled.run(ctx -> {
      Generator gen = ctx.getBean(Generator.class);
      Job<Generation> resumed = gen.jobs().get(id[0]).orElseThrow(() -> new AssertionError("not resumed"));
      assertEquals("sandbox", resumed.await(Duration.ofSeconds(30)).provider());
    });
  }

  private static UnigenGeneratorCustomizer slowSandbox(Duration latency) {
    return b -> b.provider(ctx -> SandboxProvider.builder().latency(latency).build(ctx))
        .pollInterval(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  /** Records the generations it hears of. */
  static final class Recorder implements GenerationListener {
    final List<String> succeeded = new CopyOnWriteArrayList<>();

    @Override
    public void succeeded(Generation generation) {
      succeeded.add(generation.provider() + "/" + generation.model());
    }
  }
}
