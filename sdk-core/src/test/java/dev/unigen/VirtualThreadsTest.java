package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unigen.internal.Threads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The virtual-thread path, on a runtime that has virtual threads (Java 21 and later); skipped with
 * a message elsewhere. CI runs these on the newer JDK as well as the whole suite on Java 17.
 */
@Tag("virtual-threads")
class VirtualThreadsTest {
  private static final String KEY = "test-key-alpha-4455667788";
  private MockWebServer server;
  private Generator gen;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Threads.virtualThreadsAvailable(),
        "virtual threads need Java 21 or later; this is Java " + System.getProperty("java.version"));
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    if (gen != null) gen.close();
    if (server != null) server.close();
  }

  private Generator.Builder builder() {
    return Generator.builder()
        .environment(Map.of("ALPHA_KEY", KEY, "UNIGEN_ALPHA_BASE_URL", server.url("/").toString()))
        .provider(ctx -> new HttpTestProvider("alpha", "https://alpha.invalid", ctx));
  }

  private MockResponse ok() {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"id\":\"req-1\",\"images\":[{\"url\":\"" + server.url("/files/0.png")
            + "\",\"width\":1024,\"height\":1024}]}").build();
  }

  /** Thread.isVirtual(), found at run time as the library finds virtual threads. */
  private static boolean isVirtual(Thread t) throws Throwable {
    MethodHandle h = MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    return (boolean) h.invoke(t);
  }

  @Test
  void aSingleCallRunsOnOneOfTheFewPlatformThreads() throws Throwable {
    server.enqueue(ok());
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    gen = builder().listener(new GenerationListener() {
      @Override
      public void succeeded(Generation g) {
        threads.add(Thread.currentThread());
      }
    }).build();
    assertTrue(gen.virtualThreads());
    gen.image("flux-schnell").prompt("a red bicycle").generate();
    assertEquals(1, threads.size());
    // a moderate load stays on platform threads, where blocking socket reads cost less
    assertFalse(isVirtual(threads.iterator().next()), "answer read on " + threads);
  }

  @Test
  void fourHundredCallsAreInFlightTogetherWithoutAPlatformThreadEach() throws Throwable {
    // The server holds every request until all 400 are in: on a pool of platform threads sized
    // below 400 they could never all arrive, and 400 platform threads would show in the count.
    int calls = 400;
    CountDownLatch all = new CountDownLatch(calls);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        all.countDown();
        all.await(60, TimeUnit.SECONDS);
        return ok();
      }
    });
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    gen = builder().maxConcurrency(calls).submitTimeout(Duration.ofSeconds(60)).listener(new GenerationListener() {
      @Override
      public void succeeded(Generation g) {
        threads.add(Thread.currentThread());
      }
    }).build();
    int before = ManagementFactory.getThreadMXBean().getThreadCount();
    List<CompletableFuture<Generation>> futures = new ArrayList<>();
    for (int i = 0; i < calls; i++) futures.add(gen.image("flux-schnell").prompt("bicycle " + i).generateAsync());
    all.await(60, TimeUnit.SECONDS);
    assertEquals(0, all.getCount(), "all requests at the server together");
    // MockWebServer serves each connection on a platform thread of its own, so the server's
    // threads are in the count: the client's share must stay far below one per call.
    int clientThreads = ManagementFactory.getThreadMXBean().getThreadCount() - before - calls;
    assertTrue(clientThreads < 100, "platform threads beyond the server's: " + clientThreads);
    for (CompletableFuture<Generation> f : futures) f.get(60, TimeUnit.SECONDS);
    assertEquals(calls, server.getRequestCount());
    // the answers were read on at most PLATFORM_FIRST platform threads, and on virtual threads beyond them
    int virtual = 0;
    for (Thread t : threads) if (isVirtual(t)) virtual++;
    assertTrue(threads.size() - virtual <= Generator.PLATFORM_FIRST, (threads.size() - virtual) + " platform threads");
    assertTrue(virtual >= calls - Generator.PLATFORM_FIRST, virtual + " virtual threads");
  }
}
