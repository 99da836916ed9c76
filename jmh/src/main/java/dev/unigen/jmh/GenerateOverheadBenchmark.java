package dev.unigen.jmh;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.ledger.LedgerTotals;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.time.Instant;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the pipeline costs per request: {@code generate()} (validate, plan, reserve, submit under
 * the provider's policies, price the output, record the ledger entry, build the result) against an
 * in-process provider that answers at once, versus calling that provider directly. The difference
 * is the overhead; run with {@code -bm sample} for percentiles.
 *
 * <pre>{@code java -jar jmh/target/benchmarks.jar GenerateOverhead -bm sample}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GenerateOverheadBenchmark {
  private InstantProvider provider;
  private Generator generator;
  private Request request;
  private ProviderCall directCall;

  /** Builds the provider, a generator around it, and the request. */
  @Setup
  public void setUp() {
    provider = new InstantProvider();
    generator = Generator.builder().providers(provider).ledger(new DiscardingLedger()).build();
    request = generator.image("flux-schnell").prompt("a red bicycle in the rain").size(1024, 1024).build();
    directCall = new ProviderCall(UUID.randomUUID().toString(), request,
        provider.catalog().offers().get(0), Money.usd("0.003"), java.time.Duration.ofSeconds(60));
  }

  /** Stops the generator. */
  @TearDown
  public void tearDown() {
    generator.close();
  }

  /** The provider alone. */
  @Benchmark
  public ProviderOutput direct() {
    return provider.submit(directCall).join().output().get();
  }

  /** The whole pipeline around the same provider. */
  @Benchmark
  public Generation generate() {
    return generator.generate(request);
  }

  /** Answers every submit at once with one ready-made image. */
  static final class InstantProvider implements Provider {
    private final Catalog catalog = Catalog.parse(("{'format':1,'provider':'instant','offers':[{'model':'flux-schnell',"
        + "'endpoint':'instant/flux-schnell','tasks':['text-to-image'],'capabilities':{'maxCount':4},"
        + "'price':{'kind':'per-megapixel','price':'0.003','rounding':'up'},'asOf':'2026-11-23','source':'benchmark'}]}")
        .replace('\'', '"'), "instant");
    private final CompletableFuture<Submission> answer = CompletableFuture.completedFuture(Submission.completed(
        ProviderOutput.builder().asset(Asset.builder("image/png").bytes(new byte[] {1, 2, 3}).size(1024, 1024).build())
            .usage(Usage.builder().image(1024, 1024).build()).providerRequestId("r").build()));

    @Override public String name() { return "instant"; }
    @Override public Catalog catalog() { return catalog; }
    @Override public CompletableFuture<Submission> submit(ProviderCall call) { return answer; }
  }

  /** Keeps nothing, so a long run does not fill the heap with entries. */
  static final class DiscardingLedger implements CostLedger {
    @Override public LedgerEntry record(LedgerEntry entry) { return entry; }
    @Override public List<LedgerEntry> entries() { return Collections.emptyList(); }
    @Override public LedgerTotals totals(Instant from, Instant to) {
      return LedgerTotals.of(Money.usd("0"), Map.of(), Map.of(), Map.of(), Map.of());
    }
    @Override public Optional<Money> remainingCredit(String provider) { return Optional.empty(); }
    @Override public Currency currency() { return Currency.getInstance("USD"); }
    @Override public void close() {}
  }
}
