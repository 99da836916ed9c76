package dev.unigen.cli;

import com.squareup.moshi.Moshi;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;

/**
 * Reads the live prices of the providers a catalog names, for {@code catalog audit --live}: each
 * provider module that has a pricing API and whose key is set is created on this run's environment
 * and asked once ({@link Provider#refreshCatalog()}); the others are skipped, saying why. Keys are
 * never printed: every failure message passes through the context's redactor.
 */
final class LivePrices {
  /** How long one provider's pricing API may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private LivePrices() {}

  /** How a provider's read went. */
  enum Status {
    READ, SKIPPED, FAILED;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One provider's read: its status, what happened in words, and (when read) the offers whose
   * live price differs from the module's own catalog, by model.
   */
  static final class Result {
    final String provider;
    final Status status;
    final String detail;
    final Map<String, Offer> changed;

    Result(String provider, Status status, String detail, Map<String, Offer> changed) {
      this.provider = provider;
      this.status = status;
      this.detail = detail;
      this.changed = changed;
    }

    String summary() {
      return status == Status.READ ? detail : status.wireName() + ": " + detail;
    }
  }

  /** Reads the live prices of every provider of {@code catalog}, in name order, on {@code io}'s environment and clock. */
  static List<Result> read(Catalog catalog, Io io) {
    Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class, LivePrices.class.getClassLoader())) {
      factories.putIfAbsent(f.name(), f);
    }
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "unigen-audit");
      t.setDaemon(true);
      return t;
    });
    OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(TIMEOUT).callTimeout(TIMEOUT).build();
    ProviderContext.Builder cb = ProviderContext.builder().httpClient(http).moshi(new Moshi.Builder().build())
        .scheduler(scheduler).clock(io.clock());
    if (io.env() != null) cb.environment(io.env());
    ProviderContext context = cb.build();
    List<Result> out = new ArrayList<>();
    try {
      for (String name : new java.util.TreeSet<>(catalog.providers())) {
        out.add(read(name, factories.get(name), catalog, context));
      }
    } finally {
      scheduler.shutdownNow();
      http.dispatcher().executorService().shutdownNow();
      http.connectionPool().evictAll();
    }
    return out;
  }

  private static Result read(String name, ProviderFactory factory, Catalog catalog, ProviderContext context) {
    if (factory == null) return new Result(name, Status.SKIPPED, "no provider module of that name here", Map.of());
    if (factory.isSandbox()) return new Result(name, Status.SKIPPED, "the offline sandbox has no live prices", Map.of());
    Optional<String> key = Optional.empty();
    for (String v : factory.keyVariables()) key = key.or(() -> context.env(v));
    if (key.isEmpty()) {
      return new Result(name, Status.SKIPPED, "no key set (" + String.join(" or ", factory.keyVariables()) + ")", Map.of());
    }
    Provider provider;
    try {
      provider = factory.create(context);
    } catch (RuntimeException e) {
      return new Result(name, Status.FAILED, "cannot be created: " + context.redactor().redact(String.valueOf(e.getMessage())),
          Map.of());
    }
    try {
      if (!provider.readsLivePrices()) {
        return new Result(name, Status.SKIPPED, "no pricing API to read", Map.of());
      }
      Catalog before = provider.catalog();
      Catalog fresh;
      try {
        fresh = provider.refreshCatalog().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(name, Status.FAILED, "interrupted", Map.of());
      } catch (ExecutionException e) {
        Throwable why = e.getCause() != null ? e.getCause() : e;
        return new Result(name, Status.FAILED, context.redactor().redact(message(why)), Map.of());
      } catch (TimeoutException e) {
        return new Result(name, Status.FAILED, "no answer within " + TIMEOUT.toSeconds() + " s", Map.of());
      } catch (RuntimeException e) {
        return new Result(name, Status.FAILED, context.redactor().redact(message(e)), Map.of());
      }
      // An offer the refresh rewrote carries what the pricing API said; the others it left as shipped.
      Map<String, Offer> changed = new LinkedHashMap<>();
      int moved = 0;
      for (Offer now : fresh.offers()) {
        Optional<Offer> was = before.offer(now.provider(), now.model());
        if (was.isEmpty() || was.get().equals(now)) continue;
        changed.put(now.model(), now);
        if (!unitPrice(was.get()).equals(unitPrice(now))) moved++;
      }
      return new Result(name, Status.READ, "live prices read; " + CatalogCommand.count(moved, "offer") + " of the module's "
          + before.size() + " priced differently live than in its own catalog", changed);
    } finally {
      provider.close();
    }
  }

  private static Optional<java.math.BigDecimal> unitPrice(Offer o) {
    return o.price().flatMap(dev.unigen.pricing.PriceRule::unitPrice).map(m -> m.amount().stripTrailingZeros());
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
