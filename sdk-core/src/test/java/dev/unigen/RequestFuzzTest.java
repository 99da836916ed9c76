package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.unigen.catalog.Catalog;
import dev.unigen.money.Money;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.HttpCalls;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded random malformed requests through every public entry point — {@code quote},
 * {@code generate}, {@code generateAsync} and {@code submit} of a {@link Request}, and the fluent
 * builders' {@code quote}, {@code generate}, {@code generateAsync} and {@code submit}: each must
 * end in an {@link InvalidRequestException} or {@link IllegalArgumentException} whose message
 * names a field that was broken, before any network call. The provider's server fails the test on
 * any request, and the whole run is bounded, so a request that slipped through or hung is caught.
 * Each request breaks one to three fields of a request that is valid on its own (checked first).
 * Set {@code -Dunigen.fuzz.seed=...} to replay a run; the seed is in every failure.
 */
class RequestFuzzTest {
  private static final int RUNS = 10_000;
  private static final Set<Task> TASKS = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT,
      Task.MULTI_REFERENCE, Task.TEXT_TO_VIDEO, Task.IMAGE_TO_VIDEO, Task.VIDEO_TO_VIDEO, Task.UPSCALE);
  private static final Set<Task> PROMPTED = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT,
      Task.MULTI_REFERENCE, Task.TEXT_TO_VIDEO, Task.IMAGE_TO_VIDEO, Task.VIDEO_TO_VIDEO);
  /** Tasks that cannot run without a prompt; image-to-video may animate an image without one. */
  private static final Set<Task> NEEDS_PROMPT = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT,
      Task.MULTI_REFERENCE, Task.TEXT_TO_VIDEO, Task.VIDEO_TO_VIDEO);
  private static final Set<Task> GENERATED = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT,
      Task.MULTI_REFERENCE, Task.TEXT_TO_VIDEO, Task.IMAGE_TO_VIDEO);
  private static final Set<Task> IMAGE_IN = EnumSet.of(Task.IMAGE_TO_IMAGE, Task.INPAINT, Task.IMAGE_TO_VIDEO, Task.UPSCALE);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  private MockWebServer server;
  private final AtomicInteger networkCalls = new AtomicInteger();

  /** A provider serving every task the fuzz uses, reached only over HTTP on the failing server. */
  private static final class Everything implements Provider {
    private final ProviderContext context;
    private final String baseUrl;

    Everything(ProviderContext context) {
      this.context = context;
      this.baseUrl = context.baseUrl("fuzz", "https://fuzz.invalid");
    }

    @Override
    public String name() {
      return "fuzz";
    }

    @Override
    public Catalog catalog() {
      StringBuilder offers = new StringBuilder();
      String[][] models = {{"flux-schnell", "text-to-image', 'image-to-image', 'inpaint', 'multi-reference"},
          {"kling-2.1-pro", "text-to-video', 'image-to-video', 'video-to-video"}, {"clarity-upscaler", "upscale"}};
      for (String[] m : models) {
        if (offers.length() > 0) offers.append(',');
        offers.append("{'model':'").append(m[0]).append("','endpoint':'").append(m[0]).append("','tasks':['").append(m[1])
            .append("'],'capabilities':{'maxCount':4,'maxReferences':4},'price':{'kind':'per-request','price':'0.01'},")
            .append("'asOf':'2026-11-01','source':'test'}");
      }
      return Catalog.parse(("{'format':1,'provider':'fuzz','offers':[" + offers + "]}").replace('\'', '"'), "fuzz");
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderCall call) {
      okhttp3.Request r = new okhttp3.Request.Builder().url(baseUrl + "/v1/run")
          .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
      return HttpCalls.send(context.httpClient(), r, "fuzz", false).thenApply(response -> {
        response.close();
        throw new ProviderFailureException("fuzz", "this server answers nothing");
      });
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        networkCalls.incrementAndGet();
        return new MockResponse.Builder().code(500).build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One way to break a request: where it applies, the words its error must contain (any one), and the change. */
  private record Breakage(String name, Set<Task> tasks, List<String> fields, BiConsumer<Request.Builder, Random> change) {}

  private static List<Breakage> breakages() {
    Set<Task> all = TASKS;
    Set<Task> images = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT, Task.MULTI_REFERENCE, Task.UPSCALE);
    Set<Task> videos = EnumSet.of(Task.TEXT_TO_VIDEO, Task.IMAGE_TO_VIDEO, Task.VIDEO_TO_VIDEO);
    List<Breakage> b = new ArrayList<>();
    b.add(new Breakage("blank prompt", PROMPTED, List.of("prompt"),
        (r, x) -> r.prompt(List.of("", " ", "\t", "\n  \r").get(x.nextInt(4)))));
    b.add(new Breakage("no prompt", NEEDS_PROMPT, List.of("prompt"), (r, x) -> r.prompt(null)));
    b.add(new Breakage("size not positive", all, List.of("size"), (r, x) -> r.size(-x.nextInt(5000), 8 * (1 + x.nextInt(100)))));
    b.add(new Breakage("size too large", all, List.of("size"),
        (r, x) -> r.size(16384 + 8 * (1 + x.nextInt(1_000_000)), 8 * (1 + x.nextInt(2048)))));
    b.add(new Breakage("size off the grid", GENERATED, List.of("size"),
        (r, x) -> r.size(8 * (1 + x.nextInt(200)) + 1 + x.nextInt(7), 8 * (1 + x.nextInt(200)))));
    b.add(new Breakage("count not positive", all, List.of("count"), (r, x) -> r.count(-x.nextInt(1000))));
    b.add(new Breakage("steps not positive", all, List.of("steps"), (r, x) -> r.steps(-x.nextInt(1000))));
    b.add(new Breakage("strength outside 0..1", all, List.of("strength"), (r, x) -> r.strength(x.nextBoolean()
        ? BigDecimal.valueOf(-1 - x.nextInt(100), x.nextInt(4)) : BigDecimal.ONE.add(BigDecimal.valueOf(1 + x.nextInt(1000), 3)))));
    b.add(new Breakage("duration not positive", videos, List.of("duration"), (r, x) -> r.duration(Duration.ofMillis(-x.nextInt(100_000)))));
    b.add(new Breakage("duration on an image", images, List.of("duration"), (r, x) -> r.duration(Duration.ofSeconds(1 + x.nextInt(60)))));
    b.add(new Breakage("fps not positive", all, List.of("fps"), (r, x) -> r.fps(-x.nextInt(120))));
    b.add(new Breakage("upscale factor not positive", all, List.of("upscale factor"), (r, x) -> r.upscaleFactor(-x.nextInt(8))));
    b.add(new Breakage("negative maxCost", all, List.of("maxCost"),
        (r, x) -> r.maxCost(Money.usd(BigDecimal.valueOf(-1 - x.nextInt(10_000), 2)))));
    b.add(new Breakage("negative seed", all, List.of("seed"), (r, x) -> r.seed(-1 - (x.nextLong() & Long.MAX_VALUE) % Long.MAX_VALUE)));
    b.add(new Breakage("negative guidance", all, List.of("guidance"),
        (r, x) -> r.guidance(BigDecimal.valueOf(-1 - x.nextInt(1000), 1))));
    b.add(new Breakage("blank model", all, List.of("model"), (r, x) -> r.model(List.of("", " ", "\t").get(x.nextInt(3)))));
    b.add(new Breakage("no input image", IMAGE_IN, List.of("image"), (r, x) -> r.image(null)));
    b.add(new Breakage("no input video", EnumSet.of(Task.VIDEO_TO_VIDEO), List.of("video"), (r, x) -> r.video(null)));
    b.add(new Breakage("missing image file", IMAGE_IN, List.of("image"),
        (r, x) -> r.image(Media.file(Path.of("no-such-dir-" + x.nextInt(1000), "in.png")))));
    b.add(new Breakage("missing reference file", EnumSet.of(Task.MULTI_REFERENCE, Task.TEXT_TO_IMAGE), List.of("reference"),
        (r, x) -> r.reference(Media.file(Path.of("no-such-dir-" + x.nextInt(1000), "ref.png")))));
    b.add(new Breakage("missing mask file", EnumSet.of(Task.INPAINT), List.of("mask"),
        (r, x) -> r.mask(Media.file(Path.of("no-such-dir-" + x.nextInt(1000), "mask.png")))));
    b.add(new Breakage("image URL not http(s)", IMAGE_IN, List.of("url"),
        (r, x) -> r.image(Media.url(List.of("ftp://example.com/a.png", "file:///etc/passwd", "javascript:alert(1)", "example.com/a.png")
            .get(x.nextInt(4))))));
    b.add(new Breakage("empty image bytes", IMAGE_IN, List.of("bytes"), (r, x) -> r.image(Media.bytes(new byte[0], "image/png"))));
    b.add(new Breakage("negative media duration", EnumSet.of(Task.VIDEO_TO_VIDEO), List.of("duration"),
        (r, x) -> r.video(Media.bytes(PNG, "video/mp4").withDuration(Duration.ofMillis(-1 - x.nextInt(10_000))))));
    b.add(new Breakage("blank LoRA path", all, List.of("lora"), (r, x) -> r.lora(Lora.of(List.of("", " ").get(x.nextInt(2))))));
    b.add(new Breakage("ControlNet weight outside 0..1", all, List.of("weight"),
        (r, x) -> r.controlNet(ControlNet.of(ControlNet.Kind.values()[x.nextInt(ControlNet.Kind.values().length)],
            Media.bytes(PNG, "image/png"), BigDecimal.valueOf(101 + x.nextInt(1000), 2)))));
    return b;
  }

  /** A valid request for {@code task}, before any breakage. */
  private static Request.Builder valid(Task task) {
    return fill(task, Request.builder(task));
  }

  /** Sets the fields of a valid request for {@code task} on {@code b}. */
  private static Request.Builder fill(Task task, Request.Builder b) {
    if (PROMPTED.contains(task)) b.prompt("a red bicycle leaning on a white wall");
    switch (task) {
      case TEXT_TO_IMAGE: b.model("flux-schnell").size(1024, 1024); break;
      case IMAGE_TO_IMAGE: b.model("flux-schnell").image(Media.bytes(PNG, "image/png")); break;
      case INPAINT: b.model("flux-schnell").image(Media.bytes(PNG, "image/png")).mask(Media.bytes(PNG, "image/png")); break;
      case MULTI_REFERENCE:
        b.model("flux-schnell");
        if (b.build().references().isEmpty()) b.reference(Media.bytes(PNG, "image/png"));
        break;
      case TEXT_TO_VIDEO: b.model("kling-2.1-pro").duration(Duration.ofSeconds(5)); break;
      case IMAGE_TO_VIDEO: b.model("kling-2.1-pro").image(Media.bytes(PNG, "image/png")).duration(Duration.ofSeconds(5)); break;
      case VIDEO_TO_VIDEO: b.model("kling-2.1-pro").video(Media.bytes(PNG, "video/mp4")); break;
      case UPSCALE: b.model("clarity-upscaler").image(Media.bytes(PNG, "image/png")).upscaleFactor(2); break;
      default: throw new AssertionError(task);
    }
    return b;
  }

  /**
   * The fluent builder an application would use for {@code task}, given the inputs that make it
   * that task through the builder's own methods (an edit with a mask inpaints, a video with a start
   * image is image-to-video).
   */
  private static RequestBuilder<?> fluentFor(Generator gen, Task task) {
    Media png = Media.bytes(PNG, "image/png");
    switch (task) {
      case TEXT_TO_IMAGE: return gen.image("flux-schnell");
      case IMAGE_TO_IMAGE: return gen.edit("flux-schnell").image(png);
      case INPAINT: return gen.edit("flux-schnell").image(png).mask(png);
      case MULTI_REFERENCE: return gen.edit("flux-schnell").reference(png);
      case UPSCALE: return gen.upscale("clarity-upscaler").image(png);
      case IMAGE_TO_VIDEO: return gen.video("kling-2.1-pro").image(png);
      case VIDEO_TO_VIDEO: return gen.video("kling-2.1-pro").video(Media.bytes(PNG, "video/mp4"));
      default: return gen.video("kling-2.1-pro");
    }
  }

  @Test
  void tenThousandMalformedRequestsAreRefusedNamingTheFieldWithoutANetworkCall() {
    long seed = Long.getLong("unigen.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    List<Breakage> breakages = breakages();
    List<Task> tasks = new ArrayList<>(TASKS);
    try (Generator gen = Generator.builder()
        .environment(Map.of("UNIGEN_FUZZ_BASE_URL", server.url("/").toString()))
        .provider(Everything::new).maxRetries(0).build()) {
      for (Task task : tasks) {
        assertFalse(gen.quote(valid(task).build()).isEmpty(), "the valid " + task + " request is served");
        assertFalse(fill(task, fluentFor(gen, task).request).task(task).build().toJson().isEmpty());
      }
      List<String> problems = new ArrayList<>();
      assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
        for (int run = 0; run < RUNS && problems.size() < 20; run++) {
          Task task = tasks.get(random.nextInt(tasks.size()));
          List<Breakage> applicable = breakages.stream().filter(x -> x.tasks().contains(task)).toList();
          List<Breakage> chosen = new ArrayList<>();
          int n = 1 + random.nextInt(3);
          for (int i = 0; i < n; i++) chosen.add(applicable.get(random.nextInt(applicable.size())));
          int entry = random.nextInt(8);
          String what = "seed " + seed + " run " + run + ": " + task.wireName() + " with "
              + chosen.stream().map(Breakage::name).toList() + " through entry " + entry;
          Throwable thrown = attempt(gen, task, chosen, random, entry);
          String problem = judge(thrown, chosen);
          if (problem != null) problems.add(what + ": " + problem);
        }
      });
      assertEquals(List.of(), problems);
    }
    assertEquals(0, networkCalls.get(), "seed " + seed + ": malformed requests reached the network");
  }

  /**
   * Builds the broken request and sends it through entry point {@code entry}: 0-3 the
   * {@link Request} entry points, 4-7 the fluent builder's own. Returns what it threw, or null.
   */
  private static Throwable attempt(Generator gen, Task task, List<Breakage> chosen, Random random, int entry) {
    try {
      // A fluent builder holds its request in a Request.Builder: the same breakages apply to it.
      RequestBuilder<?> fluent = entry >= 4 ? fluentFor(gen, task) : null;
      Request.Builder b = fill(task, fluent != null ? fluent.request : Request.builder(task));
      for (Breakage x : chosen) x.change().accept(b, random);
      switch (entry) {
        case 0: gen.quote(b.build()); break;
        case 1: gen.generate(b.build()); break;
        case 2: gen.generateAsync(b.build()).get(10, TimeUnit.SECONDS); break;
        case 3: gen.submit(b.build()).await(Duration.ofSeconds(10)); break;
        case 4: fluent.quote(); break;
        case 5: fluent.generate(); break;
        case 6: fluent.generateAsync().get(10, TimeUnit.SECONDS); break;
        default: fluent.submit().await(Duration.ofSeconds(10)); break;
      }
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Throwable t) {
      return t;
    }
  }

  /** Null if {@code thrown} is a refusal that names one of the broken fields, else what is wrong. */
  private static String judge(Throwable thrown, List<Breakage> chosen) {
    if (thrown == null) return "accepted";
    if (!(thrown instanceof InvalidRequestException) && !(thrown instanceof IllegalArgumentException)) {
      return "ended in " + thrown;
    }
    String message = String.valueOf(thrown.getMessage()).toLowerCase(Locale.ROOT);
    for (Breakage x : chosen) {
      for (String field : x.fields()) {
        if (message.contains(field.toLowerCase(Locale.ROOT))) return null;
      }
    }
    return "'" + thrown.getMessage() + "' names none of the broken fields";
  }
}
