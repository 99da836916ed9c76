package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.budget.Budget;
import dev.unigen.catalog.Catalog;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls in flight on any Java: a bounded pool holds its threads, a provider's concurrency and an
 * offer's declared rate queue calls in Unigen, the time a call waits in a queue never counts
 * against the submit timeout, and a call never sent is retried or failed over and never billed.
 */
class ConcurrencyTest {
  private static final String ALPHA_KEY = "test-key-alpha-5566778899";
  private static final String BETA_KEY = "test-key-beta-1122334455";

  private MockWebServer alpha;
  private MockWebServer beta;
  private final List<Generator> generators = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    alpha = new MockWebServer();
    beta = new MockWebServer();
    alpha.start();
    beta.start();
  }

  @AfterEach
  void stop() {
    generators.forEach(Generator::close);
    alpha.close();
    beta.close();
  }

  private Generator.Builder builder() {
    return Generator.builder()
        .environment(Map.of("ALPHA_KEY", ALPHA_KEY, "BETA_KEY", BETA_KEY,
            "UNIGEN_ALPHA_BASE_URL", alpha.url("/").toString(), "UNIGEN_BETA_BASE_URL", beta.url("/").toString()))
        .provider(ctx -> new HttpTestProvider("alpha", "https://alpha.invalid", ctx))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private Generator build(Generator.Builder b) {
    Generator g = b.build();
    generators.add(g);
    return g;
  }

  private static MockResponse ok(MockWebServer server) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"id\":\"req-1\",\"images\":[{\"url\":\"" + server.url("/files/0.png")
            + "\",\"width\":1024,\"height\":1024}]}").build();
  }

  /** Answers every request after {@code millis}, counting how many it holds at once. */
  private static final class SlowServer extends Dispatcher {
    final MockWebServer server;
    final long millis;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();

    SlowServer(MockWebServer server, long millis) {
      this.server = server;
      this.millis = millis;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(millis);
        return ok(server);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private static List<Generation> runAll(Generator gen, int calls) throws Exception {
    List<CompletableFuture<Generation>> futures = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      futures.add(gen.generateAsync(gen.image("flux-schnell").prompt("bicycle " + i).build()));
    }
    List<Generation> done = new ArrayList<>();
    for (CompletableFuture<Generation> f : futures) done.add(f.get(60, TimeUnit.SECONDS));
    return done;
  }

  @Test
  void theOwnClientKeepsAsManyIdleConnectionsAsAProviderMayHaveCallsInFlight() {
    Generator.Settings s = new Generator.Settings();
    assertEquals(64, Generator.Builder.idleConnections(s));
    s.providerConcurrency.put("alpha", 100);
    assertEquals(100, Generator.Builder.idleConnections(s));
    s.maxConcurrency = 10_000;
    assertEquals(256, Generator.Builder.idleConnections(s));
    s.maxConcurrency = 2;
    s.providerConcurrency.clear();
    assertEquals(5, Generator.Builder.idleConnections(s), "never fewer than OkHttp's own");
  }

  @Test
  void callsQueuedBehindTheProvidersConcurrencyNeverTimeOutWhileWaiting() throws Exception {
    // 12 calls, 2 at a time, each answered after 300 ms: the last waits about 1.5 s in the queue,
    // longer than the 1 s submit timeout, which starts only once its request is written.
    SlowServer server = new SlowServer(alpha, 300);
    alpha.setDispatcher(server);
    Budget budget = Budget.perDay(Money.usd("1.00"));
    Generator gen = build(builder().maxConcurrency("alpha", 2).submitTimeout(Duration.ofSeconds(1)).budget(budget));
    List<Generation> done = runAll(gen, 12);
    for (Generation g : done) {
      assertEquals(List.of("alpha:SUCCEEDED:1"), g.attempts().stream()
          .map(a -> a.provider() + ":" + a.outcome() + ":" + a.tries()).collect(Collectors.toList()));
    }
    assertEquals(12, alpha.getRequestCount());
    assertEquals(2, server.most.get(), "at most two requests at the server at once");
    // 12 images at 0.001 each, nothing left reserved
    assertEquals(Money.usd("0.012"), budget.spentToday());
    assertEquals(Money.usd("0"), budget.reserved());
  }

  @Test
  void theBoundedPoolRunsEveryCallOnItsOwnThreadsAndQueueTimeIsNotTimedOut() throws Exception {
    SlowServer server = new SlowServer(alpha, 300);
    alpha.setDispatcher(server);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Generator gen = build(builder().virtualThreads(false).httpThreads(2).submitTimeout(Duration.ofSeconds(1))
        .listener(new GenerationListener() {
          @Override
          public void succeeded(Generation g) {
            threads.add(Thread.currentThread());
          }
        }));
    assertFalse(gen.virtualThreads());
    List<Generation> done = runAll(gen, 12);
    assertEquals(12, done.size());
    assertEquals(12, alpha.getRequestCount());
    // the answers were read on the pool's two threads, so the server never held more than two
    assertEquals(2, threads.size(), "pool threads seen: " + threads);
    assertTrue(server.most.get() <= 2, "requests at the server at once: " + server.most.get());
  }

  @Test
  void manyMoreThanFiveCallsToOneHostAreInFlightAtOnce() throws Exception {
    // The server holds every request until 20 are in: with OkHttp's default of five per host,
    // or one platform thread per call beyond the pool, they could never all arrive.
    CountDownLatch all = new CountDownLatch(20);
    alpha.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        all.countDown();
        all.await(30, TimeUnit.SECONDS);
        return ok(alpha);
      }
    });
    Generator gen = build(builder());
    assertEquals(20, runAll(gen, 20).size());
    assertEquals(0, all.getCount(), "all 20 requests were at the server together");
  }

  @Test
  void anOffersDeclaredRateQueuesItsBurstInsteadOfSendingIt() throws Exception {
    SlowServer server = new SlowServer(alpha, 100);
    alpha.setDispatcher(server);
    // alpha's offer, now declaring at most one submit at a time
    Catalog limited = Catalog.parse(("{'format':1,'provider':'alpha','offers':[{'model':'flux-schnell','endpoint':'flux-schnell',"
        + "'tasks':['text-to-image'],'capabilities':{'maxCount':4},'price':{'kind':'per-image','price':'0.001'},"
        + "'rateLimit':{'concurrent':1},'asOf':'2026-11-01','source':'test'}]}").replace('\'', '"'), "limits");
    Generator gen = build(builder().catalog(limited).submitTimeout(Duration.ofSeconds(1)));
    assertEquals(6, runAll(gen, 6).size());
    assertEquals(6, alpha.getRequestCount());
    assertEquals(1, server.most.get(), "one submit at a time, as the offer declares");
  }

  @Test
  void aCallNeverSentIsRetriedAndFailedOverNotUnknownAndNotBilled() throws Exception {
    // alpha is down: nothing can be written to it. Its offer says provider errors are billed,
    // but a request that never reached the network cannot have been.
    alpha.close();
    beta.enqueue(ok(beta));
    Catalog billing = Catalog.parse(("{'format':1,'provider':'alpha','offers':[{'model':'flux-schnell','endpoint':'flux-schnell',"
        + "'tasks':['text-to-image'],'capabilities':{'maxCount':4},'price':{'kind':'per-image','price':'0.001',"
        + "'failureBilling':{'providerError':true}},'asOf':'2026-11-01','source':'test'}]}").replace('\'', '"'), "billing");
    Budget budget = Budget.perDay(Money.usd("1.00"));
    Generator gen = build(builder().provider(ctx -> new HttpTestProvider("beta", "https://beta.invalid", ctx))
        .catalog(billing).budget(budget).maxRetries(2));
    Generation g = gen.image("flux-schnell").prompt("a red bicycle").generate();
    assertEquals(List.of("alpha:FAILED:3", "beta:SUCCEEDED:1"), g.attempts().stream()
        .map(a -> a.provider() + ":" + a.outcome() + ":" + a.tries()).collect(Collectors.toList()));
    assertTrue(g.attempts().get(0).error().get() instanceof NotSentException, String.valueOf(g.attempts().get(0).error()));
    LedgerEntry failed = gen.ledger().entries().stream().filter(e -> e.provider().equals("alpha")).findFirst().get();
    assertEquals(LedgerEntry.Outcome.FAILED, failed.outcome());
    assertFalse(failed.billed());
    // only beta's image is spent: alpha's reservation of 0.001 was released
    assertEquals(Money.usd("0.002"), budget.spentToday());
    assertEquals(Money.usd("0"), budget.reserved());
  }
}
