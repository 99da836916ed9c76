package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.Submission;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A running generator's catalog refreshed from the providers: swapped whole, kept on failure, changes reported. */
class CatalogRefreshTest {
  /** A provider whose refresh answers with what {@code next} gives (a catalog, or a failure). */
  private static final class Refreshing implements Provider {
    final FakeProvider calls;
    volatile Catalog catalog;
    volatile Supplier<CompletableFuture<Catalog>> next;

    Refreshing(String name, String price) {
      calls = FakeProvider.flux(name, price);
      catalog = calls.catalog();
    }

    @Override public String name() { return calls.name(); }
    @Override public Catalog catalog() { return catalog; }
    @Override public CompletableFuture<Submission> submit(ProviderCall call) { return calls.submit(call); }
    @Override public CompletableFuture<PollResult> poll(JobRef job) { return calls.poll(job); }

    @Override
    public CompletableFuture<Catalog> refreshCatalog() {
      return next.get().thenApply(c -> {
        catalog = c;
        return c;
      });
    }
  }

  private static Catalog priced(String provider, String price) {
    return FakeProvider.flux(provider, price).catalog();
  }

  @Test
  void aRefreshSwapsTheCatalogAndReportsAPriceThatMovedMoreThanTheRatio() {
    Refreshing fal = new Refreshing("fal", "0.003");
    List<String> changes = new CopyOnWriteArrayList<>();
    GenerationListener listener = new GenerationListener() {
      @Override
      public void priceChanged(Offer before, Offer after) {
        changes.add(before.key() + " " + before.price().get().unitPrice().get() + " -> " + after.price().get().unitPrice().get());
      }
    };
    try (Generator gen = Generator.builder().providers(fal).listener(listener).priceChangeRatio(new BigDecimal("0.5")).build()) {
      // 0.003 -> 0.004 is a third more: under the 50 % ratio, swapped but not reported.
      fal.next = () -> CompletableFuture.completedFuture(priced("fal", "0.004"));
      gen.refreshCatalog();
      assertEquals(Money.usd("0.004"), gen.image("flux-schnell").prompt("a cat").quote().best().get().estimate().get());
      assertTrue(changes.isEmpty(), changes.toString());
      // 0.004 -> 0.009 is 125 % more: reported.
      fal.next = () -> CompletableFuture.completedFuture(priced("fal", "0.009"));
      gen.refreshCatalog();
      assertEquals(Money.usd("0.009"), gen.image("flux-schnell").prompt("a cat").generate().cost().estimate().get());
      assertEquals(List.of("fal/flux-schnell 0.004 USD -> 0.009 USD"), changes);
    }
  }

  @Test
  void aFailedRefreshKeepsThatProvidersOffersAndTakesTheOthers() {
    Refreshing fal = new Refreshing("fal", "0.003");
    Refreshing replicate = new Refreshing("replicate", "0.005");
    try (Generator gen = Generator.builder().providers(fal, replicate).build()) {
      Catalog before = gen.catalog();
      fal.next = () -> CompletableFuture.failedFuture(new ProviderFailureException("fal", "pricing API answered 503"));
      replicate.next = () -> CompletableFuture.completedFuture(priced("replicate", "0.002"));
      Catalog after = gen.refreshCatalog();
      assertSame(before.offer("fal", "flux-schnell").get(), after.offer("fal", "flux-schnell").get());
      assertEquals("replicate", gen.image("flux-schnell").prompt("a cat").quote().best().get().provider());
    }
  }

  @Test
  void callsDuringRefreshesPlanOnOneWholeCatalogOrTheOther() throws Exception {
    // Old catalog: fal at 0.001, replicate at 0.004. New: fal at 0.006, replicate at 0.002. A call
    // seeing fal's new price beside replicate's old one would pick replicate at 0.004: never allowed.
    Refreshing fal = new Refreshing("fal", "0.001");
    Refreshing replicate = new Refreshing("replicate", "0.004");
    boolean[] flip = {false};
    fal.next = () -> CompletableFuture.completedFuture(priced("fal", flip[0] ? "0.006" : "0.001"));
    replicate.next = () -> CompletableFuture.completedFuture(priced("replicate", flip[0] ? "0.002" : "0.004"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Generator gen = Generator.builder().providers(fal, replicate).build()) {
      List<Future<List<String>>> callers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        callers.add(pool.submit(() -> {
          List<String> seen = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            Generation g = gen.image("flux-schnell").prompt("a cat").generate();
            seen.add(g.provider() + " " + g.cost().estimate().get());
          }
          return seen;
        }));
      }
      for (int i = 0; i < 50; i++) {
        flip[0] = !flip[0];
        gen.refreshCatalog();
      }
      for (Future<List<String>> f : callers) {
        for (String s : f.get()) {
          assertTrue(s.equals("fal 0.001 USD") || s.equals("replicate 0.002 USD"), s);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
