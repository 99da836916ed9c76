package dev.unigen.jmh;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.unigen.Generator;
import dev.unigen.provider.openai.OpenAiProvider;
import dev.unigen.request.Request;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Raw OkHttp and Unigen side by side, in one run, against one local OpenAI-compatible image server
 * ({@link LocalImageServer}): the same POST {@code /v1/images/generations} and the same answer.
 * Raw OkHttp sends it asynchronously ({@code enqueue}, as every Unigen call is sent) and reads the
 * body, the caller waiting for it one call at a time; Unigen runs {@code generate()} with the OpenAI provider
 * (validate, plan, submit, decode the image, price the token usage, record the ledger). Rounds
 * alternate between the two after a warm-up, and the median round is reported with the ratio
 * Unigen / raw:
 *
 * <ul>
 *   <li>sequential p50 latency, CPU per call and allocation per call (one call at a time);
 *   <li>calls per second, CPU per call and allocation per call with 64 calls in flight.
 * </ul>
 *
 * <p>Unigen records every call in a ledger that keeps nothing, so a long run does not measure the
 * garbage collector walking an ever larger in-memory history. CPU is the process's CPU time less
 * the server thread's (the garbage collector and the JIT compiler included); allocation is what the process's
 * platform threads allocated, less the server thread's (virtual threads allocate on their
 * carriers). Both raw OkHttp and Unigen may hold 64 calls per host.
 *
 * <pre>{@code java -cp jmh/target/benchmarks.jar dev.unigen.jmh.HttpOverheadHarness [sequentialCalls] [seconds] [rounds] [--pool N]}</pre>
 */
public final class HttpOverheadHarness {
  static final MediaType JSON = MediaType.get("application/json");
  static final String BODY = "{\"model\":\"gpt-image-2\",\"prompt\":\"a red bicycle in the rain\","
      + "\"n\":1,\"size\":\"1024x1024\"}";
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private HttpOverheadHarness() {}

  /** Runs the comparison and prints the table. */
  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    int pool = 0;
    int p = rest.indexOf("--pool");
    if (p >= 0) {
      pool = Integer.parseInt(rest.get(p + 1));
      rest.remove(p + 1);
      rest.remove(p);
    }
    int sequential = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 3000;
    double seconds = rest.size() > 1 ? Double.parseDouble(rest.get(1)) : 4;
    int rounds = rest.size() > 2 ? Integer.parseInt(rest.get(2)) : 3;
    try (LocalImageServer server = new LocalImageServer(0)) {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(64);
      dispatcher.setMaxRequestsPerHost(64);
      OkHttpClient raw = new OkHttpClient.Builder().dispatcher(dispatcher).build();
      okhttp3.Request rawRequest = new okhttp3.Request.Builder().url(server.url() + "/v1/images/generations")
          .header("Authorization", "Bearer bench-key").post(RequestBody.create(BODY, JSON)).build();
      Generator.Builder builder = Generator.builder()
          .provider(c -> OpenAiProvider.builder().apiKey("bench-key").baseUrl(server.url() + "/v1").build(c))
          .maxConcurrency(64)
          // every call is priced and recorded, but not kept: a run of 100,000 calls would otherwise
          // measure the garbage collector walking the in-memory ledger's growing history
          .ledger(new GenerateOverheadBenchmark.DiscardingLedger());
      if (pool > 0) builder.virtualThreads(false).httpThreads(pool);
      try (Generator gen = builder.build()) {
        Request request = gen.image("gpt-image-2").prompt("a red bicycle in the rain").size(1024, 1024).build();
        Side rawSide = new Side("raw OkHttp") {
          @Override void once() throws Exception {
            // asynchronous, as Unigen's calls are: enqueued, read on OkHttp's thread, waited for here
            send(raw, rawRequest).get();
          }

          @Override void async(Runnable done, Runnable failed) {
            raw.newCall(rawRequest).enqueue(new Callback() {
              @Override public void onResponse(Call call, Response r) {
                try (Response closing = r) {
                  closing.body().string();
                  done.run();
                } catch (IOException e) {
                  failed.run();
                }
              }

              @Override public void onFailure(Call call, IOException e) {
                failed.run();
              }
            });
          }
        };
        Side unigen = new Side("Unigen") {
          @Override void once() {
            gen.generate(request);
          }

          @Override void async(Runnable done, Runnable failed) {
            gen.generateAsync(request).whenComplete((g, e) -> (e == null ? done : failed).run());
          }
        };
        System.out.printf("Java %s, %s on %s, %d sequential calls and %.0f s at 64 in flight per round, %d rounds%n",
            System.getProperty("java.version"), describe(gen), pool > 0 ? "a pool of " + pool + " threads"
                : "virtual threads where the runtime has them", sequential, seconds, rounds);
        // warm-up: two rounds each, not reported
        for (int i = 0; i < 2; i++) {
          for (Side s : List.of(rawSide, unigen)) {
            s.sequential(server, sequential);
            s.concurrent(server, 64, seconds);
          }
        }
        for (int i = 0; i < rounds; i++) {
          for (Side s : List.of(rawSide, unigen)) {
            s.results.add(s.sequential(server, sequential));
            s.results.add(s.concurrent(server, 64, seconds));
          }
        }
        report(rawSide, unigen);
      }
      raw.dispatcher().executorService().shutdown();
      raw.connectionPool().evictAll();
    }
  }

  /** Enqueues {@code request} on {@code client}; the future completes with the body, read whole. */
  static java.util.concurrent.CompletableFuture<String> send(OkHttpClient client, okhttp3.Request request) {
    java.util.concurrent.CompletableFuture<String> body = new java.util.concurrent.CompletableFuture<>();
    client.newCall(request).enqueue(new Callback() {
      @Override public void onResponse(Call call, Response r) {
        try (Response closing = r) {
          body.complete(closing.body().string());
        } catch (IOException e) {
          body.completeExceptionally(e);
        }
      }

      @Override public void onFailure(Call call, IOException e) {
        body.completeExceptionally(e);
      }
    });
    return body;
  }

  private static String describe(Generator gen) {
    return gen.toString();
  }

  private static void report(Side raw, Side unigen) {
    Figures rs = raw.median(true);
    Figures us = unigen.median(true);
    Figures rc = raw.median(false);
    Figures uc = unigen.median(false);
    System.out.println();
    System.out.printf("%-38s %14s %14s %10s%n", "median round", raw.name, unigen.name, "ratio");
    row("sequential p50 latency (µs)", rs.p50Micros, us.p50Micros);
    row("sequential CPU per call (µs)", rs.cpuMicros, us.cpuMicros);
    row("sequential allocation per call (KB)", rs.allocKb, us.allocKb);
    row("calls/s at 64 in flight", rc.perSecond, uc.perSecond);
    row("CPU per call at 64 in flight (µs)", rc.cpuMicros, uc.cpuMicros);
    row("allocation per call at 64 in flight (KB)", rc.allocKb, uc.allocKb);
  }

  private static void row(String what, double raw, double unigen) {
    System.out.printf("%-38s %14.1f %14.1f %9.2fx%n", what, raw, unigen, unigen / raw);
  }

  /** What one round measured. */
  static final class Figures {
    final boolean sequential;
    final double p50Micros;
    final double cpuMicros;
    final double allocKb;
    final double perSecond;

    Figures(boolean sequential, double p50Micros, double cpuMicros, double allocKb, double perSecond) {
      this.sequential = sequential;
      this.p50Micros = p50Micros;
      this.cpuMicros = cpuMicros;
      this.allocKb = allocKb;
      this.perSecond = perSecond;
    }
  }

  /** One client under test. */
  abstract static class Side {
    final String name;
    final List<Figures> results = new ArrayList<>();

    Side(String name) {
      this.name = name;
    }

    abstract void once() throws Exception;

    abstract void async(Runnable done, Runnable failed);

    Figures sequential(LocalImageServer server, int calls) throws Exception {
      long[] latencies = new long[calls];
      Meter m = new Meter(server);
      for (int i = 0; i < calls; i++) {
        long t = System.nanoTime();
        once();
        latencies[i] = System.nanoTime() - t;
      }
      Arrays.sort(latencies);
      return new Figures(true, latencies[calls / 2] / 1e3, m.cpuNanos() / 1e3 / calls,
          m.allocated() / 1024.0 / calls, calls / (m.elapsedNanos() / 1e9));
    }

    Figures concurrent(LocalImageServer server, int inFlight, double seconds) throws InterruptedException {
      AtomicLong completed = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch drained = new CountDownLatch(inFlight);
      Meter m = new Meter(server);
      for (int i = 0; i < inFlight; i++) {
        new Chain(this, completed, failures, stop, drained).next();
      }
      Thread.sleep((long) (seconds * 1000));
      stop.set(true);
      drained.await();
      long calls = completed.get();
      if (failures.get() > 0) System.out.printf("%s: %d calls failed%n", name, failures.get());
      return new Figures(false, 0, m.cpuNanos() / 1e3 / calls, m.allocated() / 1024.0 / calls,
          calls / (m.elapsedNanos() / 1e9));
    }

    Figures median(boolean sequential) {
      List<Figures> of = new ArrayList<>();
      for (Figures f : results) if (f.sequential == sequential) of.add(f);
      double[] p50 = of.stream().mapToDouble(f -> f.p50Micros).sorted().toArray();
      double[] cpu = of.stream().mapToDouble(f -> f.cpuMicros).sorted().toArray();
      double[] alloc = of.stream().mapToDouble(f -> f.allocKb).sorted().toArray();
      double[] rate = of.stream().mapToDouble(f -> f.perSecond).sorted().toArray();
      int mid = of.size() / 2;
      return new Figures(sequential, p50[mid], cpu[mid], alloc[mid], rate[mid]);
    }
  }

  /** One of the calls kept in flight: sends the next as soon as one completes, until stopped. */
  static final class Chain {
    final Side side;
    final AtomicLong completed;
    final AtomicLong failures;
    final AtomicBoolean stop;
    final CountDownLatch drained;

    Chain(Side side, AtomicLong completed, AtomicLong failures, AtomicBoolean stop, CountDownLatch drained) {
      this.side = side;
      this.completed = completed;
      this.failures = failures;
      this.stop = stop;
      this.drained = drained;
    }

    void next() {
      side.async(() -> {
        completed.incrementAndGet();
        again();
      }, () -> {
        failures.incrementAndGet();
        again();
      });
    }

    private void again() {
      if (stop.get()) drained.countDown();
      else next();
    }
  }

  /** CPU time and allocation of the process less the server thread's, from its creation on. */
  static final class Meter {
    final LocalImageServer server;
    final long t0 = System.nanoTime();
    final long cpu0;
    final long serverCpu0;
    final long alloc0;
    final long serverAlloc0;

    Meter(LocalImageServer server) {
      this.server = server;
      cpu0 = OS.getProcessCpuTime();
      serverCpu0 = THREADS.getThreadCpuTime(server.thread().getId());
      alloc0 = allocatedByAll();
      serverAlloc0 = THREADS.getThreadAllocatedBytes(server.thread().getId());
    }

    long elapsedNanos() {
      return System.nanoTime() - t0;
    }

    long cpuNanos() {
      return (OS.getProcessCpuTime() - cpu0) - (THREADS.getThreadCpuTime(server.thread().getId()) - serverCpu0);
    }

    long allocated() {
      return (allocatedByAll() - alloc0) - (THREADS.getThreadAllocatedBytes(server.thread().getId()) - serverAlloc0);
    }

    /** What the live platform threads have allocated; the pools' threads live through a round. */
    static long allocatedByAll() {
      long[] ids = THREADS.getAllThreadIds();
      long sum = 0;
      for (long b : THREADS.getThreadAllocatedBytes(ids)) if (b > 0) sum += b;
      return sum;
    }
  }
}
