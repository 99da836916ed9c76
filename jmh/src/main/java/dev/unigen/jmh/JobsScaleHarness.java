package dev.unigen.jmh;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Job;
import dev.unigen.pricing.Usage;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * How polling scales: 10,000 jobs pending at once against a local queue server, each answering
 * "running" to its first polls, then done. Reports the threads polling used (the generator's
 * scheduler plus its HTTP threads, here a bounded pool of six), the heap,
 * polls per second, and whether every job completed. Run it with a capped heap:
 *
 * <pre>{@code java -Xmx256m -cp jmh/target/benchmarks.jar dev.unigen.jmh.JobsScaleHarness [jobs] [pollsBeforeDone]}</pre>
 */
public final class JobsScaleHarness {
  private JobsScaleHarness() {}

  /** Runs the harness and prints its figures. */
  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int pollsBeforeDone = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    QueueServer server = new QueueServer(pollsBeforeDone);
    // Six HTTP threads carry every call; the generator's scheduler adds two.
    OkHttpClient client = new OkHttpClient.Builder().protocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE)).build();
    try (Generator gen = Generator.builder().httpClient(client).virtualThreads(false).httpThreads(6).maxConcurrency(6)
        .environment(Map.of("UNIGEN_LOCALQUEUE_BASE_URL", server.server.url("/").toString()))
        .provider(LocalQueueProvider::new).pollInterval(Duration.ofMillis(250), Duration.ofSeconds(1))
        .jobTimeout(Duration.ofMinutes(10)).build()) {
      Sampler sampler = new Sampler();
      sampler.start();
      long t0 = System.nanoTime();
      List<Job<Generation>> submitted = new ArrayList<>(jobs);
      for (int i = 0; i < jobs; i++) {
        submitted.add(gen.video("kling-2.1-pro").prompt("clip " + i).duration(Duration.ofSeconds(5)).submit());
      }
      int done = 0;
      int failed = 0;
      for (Job<Generation> job : submitted) {
        try {
          job.await(Duration.ofMinutes(10));
          done++;
        } catch (RuntimeException e) {
          failed++;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      sampler.stopSampling();
      System.out.printf("jobs: %d completed, %d failed, in %.1f s%n", done, failed, seconds);
      System.out.printf("submits: %d, polls: %d, polls/s: %.0f%n", server.submits.get(), server.polls.get(),
          server.polls.get() / seconds);
      System.out.printf("threads polling (scheduler + HTTP dispatcher): peak %d (unigen-scheduler %d, http %d)%n",
          sampler.peakScheduler + sampler.peakHttp, sampler.peakScheduler, sampler.peakHttp);
      System.out.printf("heap: peak used %d MB, max %d MB%n", sampler.peakHeap / (1024 * 1024),
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
    } finally {
      server.server.close();
    }
  }

  /** Samples live threads by name and heap use every 50 ms. */
  static final class Sampler extends Thread {
    volatile boolean running = true;
    volatile int peakScheduler;
    volatile int peakHttp;
    volatile long peakHeap;

    Sampler() {
      super("harness-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (running) {
        int sched = 0;
        int http = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          if (t.getName().startsWith("unigen-scheduler")) sched++;
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          // OkHttp renames a thread while it runs a call
          if (t.getName().startsWith("unigen-http") || t.getName().startsWith("OkHttp http")) http++;
        }
        peakScheduler = Math.max(peakScheduler, sched);
        peakHttp = Math.max(peakHttp, http);
        peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stopSampling() {
      running = false;
    }
  }

  /** POST /v1/jobs answers an id; GET /v1/jobs/{id} answers running, then done. */
  static final class QueueServer extends Dispatcher {
    final MockWebServer server = new MockWebServer();
    final AtomicInteger submits = new AtomicInteger();
    final AtomicLong polls = new AtomicLong();
    final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    final int pollsBeforeDone;

    QueueServer(int pollsBeforeDone) throws IOException {
      this.pollsBeforeDone = pollsBeforeDone;
      // HTTP/2 without TLS: small HTTP/1.1 exchanges on loopback stall on delayed ACKs, which
      // would measure the test server rather than the poller.
      server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
      server.setDispatcher(this);
      server.start();
    }

    @Override
    public MockResponse dispatch(RecordedRequest r) {
      String path = r.getUrl().encodedPath();
      if (r.getMethod().equals("POST")) {
        return json("{\"id\":\"j" + submits.incrementAndGet() + "\"}");
      }
      polls.incrementAndGet();
      String id = path.substring(path.lastIndexOf('/') + 1);
      int n = seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      return json(n <= pollsBeforeDone ? "{\"status\":\"running\"}"
          : "{\"status\":\"done\",\"url\":\"https://cdn.invalid/" + id + ".mp4\"}");
    }

    static MockResponse json(String body) {
      return new MockResponse.Builder().code(200).body(body).build();
    }
  }

  /** The harness's queue protocol as a provider. */
  static final class LocalQueueProvider implements Provider {
    private final ProviderContext context;
    private final String base;
    private final Catalog catalog = Catalog.parse(("{'format':1,'provider':'localqueue','offers':[{'model':'kling-2.1-pro',"
        + "'endpoint':'kling','tasks':['text-to-video'],'price':{'kind':'per-second','price':'0.09'},"
        + "'asOf':'2026-11-23','source':'harness'}]}").replace('\'', '"'), "localqueue");

    LocalQueueProvider(ProviderContext context) {
      this.context = context;
      this.base = context.baseUrl("localqueue", "http://localhost");
    }

    @Override public String name() { return "localqueue"; }
    @Override public Catalog catalog() { return catalog; }

    @Override
    public CompletableFuture<Submission> submit(ProviderCall call) {
      Request r = new Request.Builder().url(base + "/v1/jobs").post(RequestBody.create("{}", MediaType.get("application/json"))).build();
      return HttpCalls.send(context.httpClient(), r, name(), false).thenApply(resp -> {
        String id = Json.string(Json.object(Json.parse(text(resp))), "id").orElseThrow();
        return Submission.accepted(JobRef.of(name(), id, base + "/v1/jobs/" + id, null, Map.of()));
      });
    }

    @Override
    public CompletableFuture<PollResult> poll(JobRef job) {
      Request r = new Request.Builder().url(job.pollUrl().get()).build();
      return HttpCalls.send(context.httpClient(), r, name(), true).thenApply(resp -> {
        Map<String, Object> o = Json.object(Json.parse(text(resp)));
        if ("running".equals(o.get("status"))) return PollResult.pending(PollResult.State.RUNNING, null, null);
        return PollResult.succeeded(ProviderOutput.builder()
            .asset(Asset.builder("video/mp4").url(Json.string(o, "url").orElseThrow()).build())
            .usage(Usage.builder().outputSeconds(BigDecimal.valueOf(5)).count(1).build()).build());
      });
    }

    private static String text(Response resp) {
      try (Response r = resp) {
        return r.body().string();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
