package dev.unigen.jmh;

import dev.unigen.Generator;
import dev.unigen.internal.Threads;
import dev.unigen.provider.openai.OpenAiProvider;
import dev.unigen.request.Request;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;

/**
 * Thousands of calls in flight at once: {@code calls} {@code generateAsync()} image requests
 * through the OpenAI provider to a local server ({@link LocalImageServer}) that answers each one
 * {@code delayMs} after it reads it. Prints how long the caller took to submit them all, the wall
 * time until the last answer, how many succeeded and failed, the peak number of platform threads
 * and the peak heap in use. The server runs in a child process, so none of these include it. The
 * submit timeout ({@code timeoutMs}, 5 s above the delay by default) counts from when a request is
 * written: on a bounded pool most calls wait far longer than that for a thread, and none may time
 * out for it.
 *
 * <p>On Java 21 and later the generator runs its calls on virtual threads; {@code --pool N} (or
 * Java 17) runs them on a bounded pool of N platform threads instead. {@code --raw} runs raw
 * OkHttp the same way instead of Unigen, to tell the library's cost from the HTTP client's. Before
 * the measured run, {@code --warmup N} calls (5,000 by default) go to a second server answering at
 * once, so the code measured is compiled, as in a service that has been running.
 *
 * <p>By default the calls speak HTTP/1.1, where each call in flight holds a connection of its own,
 * so each process needs a file descriptor per call ({@code ulimit -n}), and OkHttp's pool, which
 * every new call scans, grows to thousands of connections. {@code --h2} speaks cleartext HTTP/2
 * with prior knowledge instead (both the server and the client), as real provider APIs speak
 * HTTP/2 over TLS: all the calls share one connection as concurrent streams.
 *
 * <pre>{@code java -Xmx512m -cp jmh/target/benchmarks.jar dev.unigen.jmh.InFlightHarness [calls] [delayMs] [timeoutMs] [--pool N] [--raw] [--h2] [--warmup N]}</pre>
 */
public final class InFlightHarness {
  private InFlightHarness() {}

  /** Runs the harness and prints its figures. */
  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean raw = rest.remove("--raw");
    boolean h2 = rest.remove("--h2");
    int pool = option(rest, "--pool", 0);
    int warmup = option(rest, "--warmup", 5000);
    int calls = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 10_000;
    long delayMs = rest.size() > 1 ? Long.parseLong(rest.get(1)) : 2000;
    long timeoutMs = rest.size() > 2 ? Long.parseLong(rest.get(2)) : delayMs + 5000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // The servers run in processes of their own: their threads, heap and sockets are not counted here.
    Process server = LocalImageServer.inChildProcess(delayMs, h2);
    Process quick = LocalImageServer.inChildProcess(0, h2);
    try {
      String url = firstLine(server);
      String quickUrl = firstLine(quick);
      // The same calls answered at once first, 64 at a time: a running service submits from
      // compiled code, and class loading is not what is measured. Its generator is closed before
      // the measured one starts, so its threads are gone.
      try (Generator warmGen = generator(quickUrl, calls, timeoutMs, pool, h2)) {
        Request request = warmGen.image("gpt-image-2").prompt("a red bicycle in the rain").size(1024, 1024).build();
        warmUp(raw ? rawCalls(quickUrl, calls, pool, h2) : i -> warmGen.generateAsync(request), warmup);
      }
      try (Generator gen = generator(url, calls, timeoutMs, pool, h2)) {
        Request request = gen.image("gpt-image-2").prompt("a red bicycle in the rain").size(1024, 1024).build();
        Function<Integer, CompletableFuture<?>> call = raw ? rawCalls(url, calls, pool, h2) : i -> gen.generateAsync(request);
        call.apply(0).get(); // and the first connection is open
        System.gc();
        threads.resetPeakThreadCount();
        Sampler sampler = new Sampler(threads, memory);
        sampler.start();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> errors = new ArrayList<>();
        List<CompletableFuture<?>> all = new ArrayList<>(calls);
        System.out.printf("Java %s, %s, %s, %s, %d calls answered after %d ms, submit timeout %d ms%n",
            System.getProperty("java.version"), raw ? "raw OkHttp" : "Unigen",
            h2 ? "HTTP/2 (cleartext, prior knowledge)" : "HTTP/1.1", pool > 0 ? "bounded pool of " + pool + " threads"
                : "virtual threads if the runtime has them", calls, delayMs, timeoutMs);
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) all.add(call.apply(i));
        long submitted = System.nanoTime();
        System.out.printf("caller submitted all in %.1f ms%n", (submitted - t0) / 1e6);
        for (CompletableFuture<?> f : all) {
          f.whenComplete((g, e) -> {
            if (e == null) {
              ok.incrementAndGet();
            } else {
              failed.incrementAndGet();
              synchronized (errors) {
                if (errors.size() < 3) errors.add(String.valueOf(e.getCause() != null ? e.getCause() : e));
              }
            }
          });
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null)
            .get(Math.max(60, calls / 10), TimeUnit.SECONDS);
        long done = System.nanoTime();
        sampler.stop = true;
        sampler.join();
        System.out.printf("all answered in %.2f s wall: %d succeeded, %d failed%n", (done - t0) / 1e9, ok.get(), failed.get());
        for (String e : errors) System.out.println("  e.g. " + e);
        System.out.printf("platform threads: peak %d sampled, %d by the JVM's peak count (the server runs in another process)%n",
            sampler.peakThreads, threads.getPeakThreadCount());
        System.out.printf("heap: peak used %d MB (max %d MB)%n", sampler.peakHeap >> 20,
            Runtime.getRuntime().maxMemory() >> 20);
      }
    } finally {
      for (Process p : List.of(server, quick)) {
        p.getOutputStream().close();
        p.waitFor(10, TimeUnit.SECONDS);
        p.destroy();
      }
    }
  }

  /** The number after {@code name} in {@code args}, both removed, or {@code otherwise}. */
  private static int option(List<String> args, String name, int otherwise) {
    int at = args.indexOf(name);
    if (at < 0) return otherwise;
    int value = Integer.parseInt(args.get(at + 1));
    args.subList(at, at + 2).clear();
    return value;
  }

  private static String firstLine(Process server) throws IOException {
    return new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8)).readLine();
  }

  /** A generator of OpenAI calls to {@code url} holding up to {@code calls} in flight. */
  private static Generator generator(String url, int calls, long timeoutMs, int pool, boolean h2) {
    Generator.Builder b = Generator.builder()
        .provider(c -> OpenAiProvider.builder().apiKey("bench-key").baseUrl(url + "/v1").build(c))
        .maxConcurrency(calls).submitTimeout(Duration.ofMillis(timeoutMs)).maxRetries(0);
    if (pool > 0) b.virtualThreads(false).httpThreads(pool);
    if (h2) b.httpClient(new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build());
    return b.build();
  }

  /** Makes {@code n} calls, at most 64 in flight, and waits for them. */
  private static void warmUp(Function<Integer, CompletableFuture<?>> call, int n) throws InterruptedException {
    Semaphore inFlight = new Semaphore(64);
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      call.apply(i).whenComplete((r, e) -> inFlight.release());
    }
    inFlight.acquire(64);
  }

  /**
   * Raw OkHttp sending the same request as the provider does, its dispatcher holding every call at
   * once, on virtual threads when the runtime has them (a bounded pool of {@code pool} otherwise),
   * in cleartext HTTP/2 with prior knowledge if {@code h2}.
   */
  private static Function<Integer, CompletableFuture<?>> rawCalls(String url, int calls, int pool, boolean h2) {
    ExecutorService threads = pool > 0 ? Threads.bounded(pool, "raw-http")
        : Threads.virtualPerTask().orElseGet(() -> Threads.bounded(64, "raw-http"));
    Dispatcher dispatcher = new Dispatcher(threads);
    dispatcher.setMaxRequests(calls);
    dispatcher.setMaxRequestsPerHost(calls);
    OkHttpClient.Builder builder = new OkHttpClient.Builder().dispatcher(dispatcher).fastFallback(false);
    if (h2) builder.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    OkHttpClient client = builder.build();
    okhttp3.Request request = new okhttp3.Request.Builder().url(url + "/v1/images/generations")
        .header("Authorization", "Bearer bench-key")
        .post(RequestBody.create(HttpOverheadHarness.BODY, HttpOverheadHarness.JSON)).build();
    return i -> HttpOverheadHarness.send(client, request);
  }

  /** Samples the live platform threads and the heap in use every 20 ms. */
  static final class Sampler extends Thread {
    final ThreadMXBean threads;
    final MemoryMXBean memory;
    volatile boolean stop;
    volatile int peakThreads;
    volatile long peakHeap;

    Sampler(ThreadMXBean threads, MemoryMXBean memory) {
      super("harness-sampler");
      setDaemon(true);
      this.threads = threads;
      this.memory = memory;
    }

    @Override
    public void run() {
      while (!stop) {
        peakThreads = Math.max(peakThreads, threads.getThreadCount());
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
