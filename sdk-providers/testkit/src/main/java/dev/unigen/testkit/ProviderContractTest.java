package dev.unigen.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.RateLimitedException;
import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.internal.ProviderModules;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import dev.unigen.spi.StandardProviderFactory;
import dev.unigen.spi.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every provider module passes, as an executable checklist: a module's test extends
 * it with a few lines naming its factory and giving the canned answers its API
 * documents, and inherits one test per rule of {@code docs/writing-a-provider.md}:
 *
 * <pre>{@code
 * class TogetherContractTest extends ProviderContractTest {
 *   TogetherContractTest() { super(new TogetherProviderFactory()); }
 *   protected MockResponse success(Offer offer, Task task) { return json(200, ...); }
 * }
 * }</pre>
 *
 * <p>The checks: the factory is found by {@link ServiceLoader} and created from each of its key
 * variables; a missing key names every variable and no value; {@code UNIGEN_<NAME>_BASE_URL} wins
 * over the default and the builder's {@code baseUrl} over the variable; the key is in no
 * {@code toString}, error message or log line; a blank key fails in the setter; the builder
 * refuses bad settings; a second instance serves the same offers under its own name; every offer
 * is dated, sourced and priced or unpriced with notes saying why, cites a public page and has not
 * retired; every offer making images or videos declares its sizes, lengths and frames; every offer and task turns the
 * minimal request into a request on the wire or a typed refusal; a 401 echoing the key is an
 * authentication error without it; a connection dropped after the submit was sent, a 2xx whose
 * body breaks and an answer over the bound are unknown outcomes, sent once; a 429's Retry-After
 * is the rate limit's delay; a seed outside the offer's range never reaches the wire; a job's
 * reference and its journal entry hold no key, and a fresh instance resumes it by polling alone; a
 * provider that looks calls up finds one by its client-side id with reads alone.
 * Then the fault matrix: the sample request through a real generator against each fault kind (429s,
 * a 5xx, a hang, resets, a broken 200, no output, moderation, a 401, no credit, a completed job whose
 * result cannot be read, polls failing to exhaustion), each asserting the typed error, a bounded
 * wait, the submits sent, and what the ledger and the budget say.
 *
 * <p>Each test runs against a fresh local {@link MockWebServer} that the provider reaches through
 * its {@code UNIGEN_<NAME>_BASE_URL} variable, with the key {@link #KEY}. A provider that speaks no
 * HTTP (the sandbox) says so with {@link #speaksHttp()}, and the checks that need a server are
 * skipped, as are those about keys for a provider that takes none, about the builder for one
 * without a {@link ProviderBuilder}, and about jobs for one that answers every submit at once.
 * Skipped checks show as skipped, never as passed. The checks themselves are not overridable: a
 * module adapts them through the methods it supplies, never by leaving one out.
 */
public abstract class ProviderContractTest {
  /** The key every check runs with; it starts with {@code test-key-} so that CI finds it if a log holds it. */
  protected static final String KEY = "test-key-contract-5f0c2a9e7d1b4c38";
  /** The key's tail, which no text may hold either: redaction must cut the whole token. */
  private static final String KEY_TAIL = KEY.substring(KEY.length() - 12);
  private static final Set<Task> PROMPTED = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT,
      Task.MULTI_REFERENCE, Task.TEXT_TO_VIDEO, Task.IMAGE_TO_VIDEO, Task.VIDEO_TO_VIDEO, Task.TEXT);
  private static final Set<Task> IMAGE_INPUT = EnumSet.of(Task.IMAGE_TO_IMAGE, Task.INPAINT, Task.UPSCALE,
      Task.REMOVE_BACKGROUND, Task.POSE_MAP, Task.DEPTH_MAP, Task.EDGE_MAP, Task.SEGMENTATION, Task.IMAGE_TO_VIDEO);
  private static final int INPUT_SIDE = 512;
  /**
   * How many times the fault matrix's generator reads a result the provider says is complete
   * before it records the attempt billed and stops: the first read and three more. A module whose
   * {@link #withoutOutput} job is re-read answers each read.
   */
  protected static final int RESULT_READS = FaultMatrix.RESULT_READS;

  private final ProviderFactory factory;
  private MockWebServer server;
  private final List<Provider> created = new ArrayList<>();

  /** Checks the provider that {@code factory} makes: the module's factory, the one it registers for {@link ServiceLoader}. */
  protected ProviderContractTest(ProviderFactory factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  // ---------------------------------------------------------------- what a module supplies

  /** The module's factory, as given to the constructor. */
  protected final ProviderFactory factory() {
    return factory;
  }

  /**
   * A new builder of the module's provider: by default the one a {@link StandardProviderFactory}
   * makes. For a factory of another kind the default skips the checks that need a builder.
   */
  protected ProviderBuilder<?> builder() {
    ProviderFactory f = factory();
    if (f instanceof StandardProviderFactory) return ((StandardProviderFactory) f).builder();
    return Assumptions.abort(f.name() + " has no ProviderBuilder");
  }

  /** A provider instance called {@code name} in {@code context}; by default {@code builder().name(name).build(context)}. */
  protected Provider create(String name, ProviderContext context) {
    return builder().name(name).build(context);
  }

  /**
   * False for a provider whose prices are its own invention (the offline sandbox, an example): its
   * offers may then cite something other than a public page.
   */
  protected boolean pricesArePublished() {
    return true;
  }

  /** False for a provider that sends nothing over HTTP; the checks that need a server are then skipped. */
  protected boolean speaksHttp() {
    return true;
  }

  /**
   * True for a provider whose submits return {@link Submission#accepted} jobs (for
   * {@link #jobOffer}); by default, one that implements {@link Provider#poll}. The job checks then
   * fail, never skip, if {@link #jobOffer} answers at once.
   */
  protected boolean queueProvider() {
    Provider p = track(factory().create(context()));
    try {
      return p.getClass().getMethod("poll", JobRef.class).getDeclaringClass() != Provider.class;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The smallest valid request for {@code task} on {@code offer}: a prompt where the task takes
   * one, a 512×512 PNG as {@link Media#bytes} where it takes an image, a mask for inpainting, one
   * reference for multi-reference, an MP4 for video-to-video, a ZIP of PNGs and a trigger word for
   * LoRA training, the offer's first duration for video and its first ControlNet kind where it
   * requires one. Override it where the provider needs more.
   */
  protected Request request(Offer offer, Task task) {
    Capabilities caps = offer.capabilities();
    Request.Builder b = Request.builder(task).model(offer.model());
    if (PROMPTED.contains(task)) b.prompt("a red bicycle leaning on a white wall");
    if (IMAGE_INPUT.contains(task)) b.image(png());
    if (task == Task.INPAINT) b.mask(Media.bytes(TestMedia.mask(INPUT_SIDE, INPUT_SIDE), "image/png").withSize(INPUT_SIDE, INPUT_SIDE));
    if (task == Task.MULTI_REFERENCE) b.reference(png());
    if (task == Task.VIDEO_TO_VIDEO) b.video(Media.bytes(TestMedia.mp4(), "video/mp4").withDuration(Duration.ofSeconds(5)));
    if (task == Task.LORA_TRAINING) b.image(Media.bytes(TestMedia.zipOfPngs(4), "application/zip")).triggerWord("zqx bicycle");
    if (task.producesVideo()) b.duration(duration(caps));
    if (caps.requiresControlNet()) {
      ControlNet.Kind kind = caps.controlNets().stream().sorted().findFirst().orElseThrow();
      b.controlNet(ControlNet.of(kind, png()));
    }
    return b.build();
  }

  /**
   * The answer the API documents for a successful submit of {@code task} on {@code offer}: the
   * output of a synchronous API, the accepted job of a queue API. Absolute URLs in it point at
   * {@link #server()}. Required when {@link #speaksHttp()}.
   */
  protected MockResponse success(Offer offer, Task task) {
    throw new AssertionError(getClass().getSimpleName() + " must override success(offer, task) with the API's documented success answer");
  }

  /** The answer the API documents for a poll of {@code job} while it runs. Required for a queue provider that speaks HTTP. */
  protected MockResponse running(JobRef job) {
    throw new AssertionError(getClass().getSimpleName() + " must override running(job) with the API's documented answer for a running job");
  }

  /**
   * An error answer with {@code status} whose body carries {@code message} in the API's documented
   * error shape. The default is {@code {"error":{"message":...}}}; override it with the API's own.
   */
  protected MockResponse error(int status, String message) {
    return TestCalls.json(status, "{\"error\":{\"message\":\"" + message.replace("\"", "\\\"") + "\"}}");
  }

  /** The offer the single-submit checks use: by default the first that makes images from text, else the first. */
  protected Offer sampleOffer(Catalog catalog) {
    List<Offer> textToImage = catalog.offers(Task.TEXT_TO_IMAGE);
    return textToImage.isEmpty() ? catalog.offers().get(0) : textToImage.get(0);
  }

  /** The task the single-submit checks use on {@code offer}: text-to-image if served, else its first. */
  protected Task sampleTask(Offer offer) {
    return offer.serves(Task.TEXT_TO_IMAGE) ? Task.TEXT_TO_IMAGE : offer.tasks().iterator().next();
  }

  /**
   * The offer whose submit returns a job, for the job checks: by default the first that makes
   * videos from text (a video is a job on every API), else {@link #sampleOffer}.
   */
  protected Offer jobOffer(Catalog catalog) {
    List<Offer> videos = catalog.offers(Task.TEXT_TO_VIDEO);
    return videos.isEmpty() ? sampleOffer(catalog) : videos.get(0);
  }

  /** The task whose submit returns a job on {@code offer}: text-to-video if served, else {@link #sampleTask}. */
  protected Task jobTask(Offer offer) {
    return offer.serves(Task.TEXT_TO_VIDEO) ? Task.TEXT_TO_VIDEO : sampleTask(offer);
  }

  /** True if {@code request} only reads a job's state (never submits); by default a GET. */
  protected boolean isPoll(RecordedRequest request) {
    return "GET".equals(request.getMethod());
  }

  /**
   * The answers, in order, the API documents for the sample request refused for its content (for
   * a queue API: the accepted submit, then the poll that reports the refusal). The moderation check
   * of the fault matrix is skipped unless a module gives them.
   */
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return Assumptions.abort(getClass().getSimpleName() + " gives no moderated(offer, task) answers");
  }

  /**
   * The answers, in order, of the sample request succeeding without any output (for a queue API:
   * the accepted submit, then the polls and result read of a job that finished with nothing). The
   * check is skipped unless a module gives them.
   */
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return Assumptions.abort(getClass().getSimpleName() + " gives no withoutOutput(offer, task) answers");
  }

  /**
   * For a queue API, the answers of one poll of a job that the provider says completed but whose
   * result cannot be read (fal: {@code COMPLETED}, then a 503 on the result read). The check is
   * skipped unless a module gives them.
   */
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return Assumptions.abort(getClass().getSimpleName() + " gives no completedButUnreadable(offer, task) answers");
  }

  /**
   * For a provider that {@link Provider#findsCalls() looks calls up}, the answers its API documents
   * when the sample call is looked up by its client-side id after the provider received and
   * finished it (for Runware, a {@code getResponse} answer holding the result). Required then.
   */
  protected List<MockResponse> found(Offer offer, Task task) {
    throw new AssertionError(getClass().getSimpleName() + " looks calls up (findsCalls()), so it must override"
        + " found(offer, task) with the API's documented answer to the look-up");
  }

  /** The answer the API documents when the account has no credit left; by default a 402 in {@link #error}'s shape. */
  protected MockResponse noCredit() {
    return error(402, "Insufficient credit: add funds to your account");
  }

  // ---------------------------------------------------------------- what a module may use

  /** The local server of the running check; skips the check if the provider speaks no HTTP. */
  protected final MockWebServer server() {
    assumeTrue(speaksHttp(), factory().name() + " speaks no HTTP");
    return server;
  }

  /** The environment of the checks: the key in the first key variable and the base URL variable on {@link #server()}. */
  protected final Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    if (!factory().keyVariables().isEmpty()) env.put(factory().keyVariables().get(0), KEY);
    if (speaksHttp()) env.put(TestContext.baseUrlVariable(factory().name()), server.url("/").toString());
    return env;
  }

  /** A fresh context with {@link #environment()}. */
  protected final ProviderContext context() {
    return TestContext.of(environment());
  }

  /** A 512×512 PNG as bytes in memory, stating its size. */
  protected static Media png() {
    return Media.bytes(TestMedia.png(INPUT_SIDE, INPUT_SIDE), "image/png").withSize(INPUT_SIDE, INPUT_SIDE);
  }

  /** An answer with status {@code code} and the JSON {@code body}. */
  protected static MockResponse json(int code, String body) {
    return TestCalls.json(code, body);
  }

  @BeforeEach
  final void startServer() throws IOException {
    if (!speaksHttp()) return;
    server = new MockWebServer();
    QueueDispatcher dispatcher = new QueueDispatcher();
    // A request nobody queued an answer for is answered at once, never left hanging until a timeout.
    dispatcher.setFailFast(error(503, "the contract test queued no answer for this request"));
    server.setDispatcher(dispatcher);
    server.start();
  }

  @AfterEach
  final void stopServer() {
    created.forEach(Provider::close);
    if (server != null) server.close();
  }

  // ---------------------------------------------------------------- the checks

  @Test
  void isFoundByServiceLoaderFromItsKeyVariables() {
    ProviderFactory mine = factory();
    List<ProviderFactory> found = ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals(mine.name())).collect(Collectors.toList());
    assertEquals(1, found.size(), "one factory named " + mine.name() + " on the class path: " + found);
    ProviderFactory f = found.get(0);
    assertEquals(mine.getClass(), f.getClass());
    assertEquals(mine.keyVariables(), f.keyVariables());
    builderIfAny().ifPresent(b -> {
      assertEquals(f.name(), b.defaultName(), "the factory's name is the builder's");
      assertEquals(f.keyVariables(), b.keyVariables(), "the factory's key variables are the builder's");
    });
    if (f.keyVariables().isEmpty()) {
      assertEquals(f.name(), track(f.create(TestContext.of(Map.of()))).name());
      return;
    }
    for (String variable : f.keyVariables()) {
      // So that a key set without this module on the class path is reported, core must know the
      // variables of Unigen's own modules (a third party's module is not listed there).
      if (f.getClass().getPackageName().startsWith("dev.unigen.provider.")) {
        assertTrue(ProviderModules.artifactFor(variable).isPresent(),
            variable + " is missing from dev.unigen.internal.ProviderModules");
      }
      Map<String, String> env = new LinkedHashMap<>(environment());
      f.keyVariables().forEach(env::remove);
      env.put(variable, KEY);
      assertEquals(f.name(), track(f.create(TestContext.of(env))).name(), "created from " + variable + " alone");
      try (Generator gen = Generator.builder().environment(env).providersFromEnvironment().build()) {
        assertTrue(gen.providers().contains(f.name()), "the generator finds " + f.name() + " from " + variable + ": " + gen.providers());
      }
    }
  }

  @Test
  void aMissingKeyNamesEveryVariableAndNoValue() {
    List<String> variables = factory().keyVariables();
    assumeFalse(variables.isEmpty(), factory().name() + " takes no key");
    String unrelated = "test-key-unrelated-9d8c7b6a5f4e";
    Map<String, String> env = new LinkedHashMap<>();
    variables.forEach(v -> env.put(v, "  "));
    env.put("UNIGEN_CONTRACT_OTHER_KEY", unrelated);
    if (speaksHttp()) env.put(TestContext.baseUrlVariable(factory().name()), server.url("/").toString());

    List<Supplier<Provider>> ways = new ArrayList<>();
    ways.add(() -> factory().create(TestContext.of(env)));
    builderIfAny().ifPresent(b -> ways.add(() -> b.build(TestContext.of(env))));
    for (Supplier<Provider> way : ways) {
      IllegalStateException e = assertThrows(IllegalStateException.class, way::get);
      for (String v : variables) assertTrue(e.getMessage().contains(v), "'" + e.getMessage() + "' names " + v);
      assertFalse(e.getMessage().contains(unrelated), e.getMessage());
    }
  }

  @Test
  void theBaseUrlVariableWinsOverTheDefault() {
    Map<String, String> env = new LinkedHashMap<>(environment());
    env.put(TestContext.baseUrlVariable(factory().name()), server().url("/env/").toString());
    Provider p = track(factory().create(TestContext.of(env)));

    submitSample(p, success(sampleOffer(p.catalog()), sampleTask(sampleOffer(p.catalog()))));

    assertPathStartsWith("/env/", TestRequests.take(server));
  }

  @Test
  void theBuilderBaseUrlWinsOverTheVariable() {
    ProviderBuilder<?> builder = builder().baseUrl(server().url("/builder/").toString());
    Map<String, String> env = new LinkedHashMap<>(environment());
    env.put(TestContext.baseUrlVariable(factory().name()), server.url("/env/").toString());
    Provider p = track(builder.build(TestContext.of(env)));

    submitSample(p, success(sampleOffer(p.catalog()), sampleTask(sampleOffer(p.catalog()))));

    assertPathStartsWith("/builder/", TestRequests.take(server));
  }

  @Test
  void theKeyIsInNoToStringMessageOrLogLine() {
    assumeFalse(factory().keyVariables().isEmpty(), factory().name() + " takes no key");
    List<String> texts = new ArrayList<>(List.of(factory().toString()));
    try (LogCapture logs = LogCapture.start()) {
      List<Provider> providers = new ArrayList<>(List.of(track(factory().create(context()))));
      builderIfAny().ifPresent(b -> {
        Map<String, String> keyless = new LinkedHashMap<>(environment());
        factory().keyVariables().forEach(keyless::remove);
        providers.add(track(b.apiKey(KEY).build(TestContext.of(keyless))));
      });
      for (Provider p : providers) {
        texts.add(p.toString());
        if (!speaksHttp()) continue;
        Offer offer = sampleOffer(p.catalog());
        submitSample(p, success(offer, sampleTask(offer)));
        for (int status : new int[] {400, 401, 403, 404, 429, 500, 503}) {
          Throwable e = submitSample(p, error(status, "Incorrect API key provided: " + KEY)).error();
          assertNotNull(e, "a " + status + " fails the submit");
          texts.addAll(messages(e));
        }
      }
      texts.add(logs.text());
    }
    for (String text : texts) {
      assertFalse(text.contains(KEY) || text.contains(KEY_TAIL), "the key is in: " + text);
    }
  }

  @Test
  void aBlankKeyFailsInTheSetterNamingTheVariables() {
    List<String> variables = factory().keyVariables();
    assumeFalse(variables.isEmpty(), factory().name() + " takes no key");
    for (String blank : new String[] {"", "  "}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder().apiKey(blank));
      for (String v : variables) assertTrue(e.getMessage().contains(v), "'" + e.getMessage() + "' names " + v);
    }
  }

  @Test
  void theBuilderRefusesBadSettings() {
    ProviderBuilder<?> b = builder();
    assertThrows(IllegalArgumentException.class, () -> b.name("Upper-Case"));
    assertThrows(IllegalArgumentException.class, () -> b.name(""));
    assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.baseUrl("ftp://example.com/v1"));
    assertThrows(IllegalArgumentException.class, () -> b.baseUrl("not a url"));
    assertThrows(IllegalArgumentException.class, () -> b.maxAnswerBytes(0));
  }

  @Test
  void aSecondInstanceMovesItsOffersToItsName() {
    String name = factory().name() + "-b";
    Provider first = track(factory().create(context()));
    Provider second = track(create(name, context()));

    assertEquals(name, second.name());
    assertEquals(Set.of(name), second.catalog().providers());
    assertEquals(first.catalog().size(), second.catalog().size());
    for (Offer o : first.catalog().offers()) {
      assertEquals(o.toBuilder(name).build(), second.catalog().offer(name, o.model()).orElse(null), "the same offer under " + name);
    }
    if (speaksHttp()) {
      Throwable e = submitSample(second, error(500, "internal error")).error();
      assertInstanceOf(GenerationException.class, e);
      assertEquals(name, ((GenerationException) e).provider().orElse(null), "errors name the instance");
    }
  }

  @Test
  void everyOfferIsDatedSourcedAndPricedOrDeclaredUnpriced() {
    Catalog catalog = track(factory().create(context())).catalog();
    assertFalse(catalog.offers().isEmpty(), "the catalog has offers");
    for (Offer o : catalog.offers()) {
      assertEquals(factory().name(), o.provider(), o.key());
      assertNotNull(o.asOf(), o.key() + " has an asOf date");
      assertFalse(o.source().isBlank(), o.key() + " has a source");
      assertTrue(o.price().isPresent() || o.notes().filter(n -> !n.isBlank()).isPresent(),
          o.key() + " is priced, or unpriced with notes saying why");
    }
  }

  @Test
  void everyOfferCitesAPublicPageAndNoneHasRetired() {
    Catalog catalog = track(factory().create(context())).catalog();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<String> problems = new ArrayList<>();
    for (Offer o : catalog.offers()) {
      if (pricesArePublished() && !o.source().matches("https?://\\S+")) {
        problems.add(o.key() + " cites \"" + o.source() + "\", not a public http(s) page");
      }
      if (o.retiredOn(today)) {
        problems.add(o.key() + " retired on " + o.retires().get() + " and is still shipped");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyOfferThatMakesImagesOrVideosDeclaresItsBounds() {
    Catalog catalog = track(factory().create(context())).catalog();
    List<String> problems = new ArrayList<>();
    for (Offer o : catalog.offers()) {
      Capabilities c = o.capabilities();
      boolean sizesBounded = !c.sizes().isEmpty() || !c.aspectRatios().isEmpty() || c.maxMegapixels().isPresent()
          || (c.minSide() > 0 && c.maxSide() > 0);
      if ((o.serves(Task.TEXT_TO_IMAGE) || o.serves(Task.MULTI_REFERENCE)) && !sizesBounded) {
        problems.add(o.key() + " makes images of any size: declare sizes, aspect ratios, maxMegapixels or min and max sides");
      }
      if (o.serves(Task.TEXT_TO_VIDEO) || o.serves(Task.IMAGE_TO_VIDEO)) {
        if (c.durations().isEmpty() && c.maxDuration().isEmpty()) {
          problems.add(o.key() + " makes videos of any length: declare durations or a maxDuration");
        }
        if (c.resolutions().isEmpty() && c.sizes().isEmpty() && c.aspectRatios().isEmpty()) {
          problems.add(o.key() + " makes videos of any frame: declare resolutions, sizes or aspect ratios");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyOfferAndTaskBuildsARequest() {
    Provider p = track(factory().create(context()));
    List<String> problems = new ArrayList<>();
    for (Offer offer : p.catalog().offers()) {
      for (Task task : offer.tasks()) {
        String what = offer.key() + " " + task.wireName();
        Request request = request(offer, task);
        offer.capabilities().whyNot(request).ifPresent(why ->
            problems.add(what + ": the minimal request is outside the offer's capabilities (" + why + "); override request(offer, task)"));
        int before = requests();
        if (speaksHttp()) server.enqueue(success(offer, task));
        Outcome<Submission> o = outcome(() -> p.submit(TestCalls.call(offer, request)));
        boolean reached = requests() > before;
        if (speaksHttp()) ((QueueDispatcher) server.getDispatcher()).clear();
        if (o.error() != null && !(o.error() instanceof GenerationException)) {
          problems.add(what + ": failed with " + o.error() + ", not a GenerationException");
        } else if (o.error() != null && !reached && (o.error().getMessage() == null || o.error().getMessage().isBlank())) {
          problems.add(what + ": refused before the wire without saying why");
        } else if (o.error() == null && o.value().output().isEmpty() && o.value().job().isEmpty()) {
          problems.add(what + ": a submission with neither output nor job");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void a401EchoingTheKeyIsAnAuthenticationErrorWithoutTheKey() {
    assumeFalse(factory().keyVariables().isEmpty(), factory().name() + " takes no key");
    Provider p = track(factory().create(context()));
    server().enqueue(error(401, "Incorrect API key provided: " + KEY + ". You can find your API key in your dashboard."));

    Throwable e = submitSample(p, null).error();

    assertInstanceOf(AuthenticationException.class, e);
    for (String m : messages(e)) assertFalse(m.contains(KEY) || m.contains(KEY_TAIL), m);
  }

  @Test
  void aConnectionDroppedAfterTheSubmitWasWrittenIsAnUnknownOutcome() {
    Provider p = track(factory().create(context()));
    server().enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

    Throwable e = submitSample(p, null).error();

    assertInstanceOf(OutcomeUnknownException.class, e);
    assertEquals(1, server.getRequestCount(), "the submit is sent exactly once");
  }

  @Test
  void aSuccessWithABrokenBodyIsAnUnknownOutcome() {
    Provider p = track(factory().create(context()));
    String json = "{\"id\":\"4e8d2b7c\",\"status\":\"succeeded\",\"data\":[{\"url\":\"https://cdn.example/a.png\"}]}";
    Map<String, MockResponse> broken = new LinkedHashMap<>();
    broken.put("JSON cut short", json(200, json.substring(0, json.length() / 2)));
    broken.put("an HTML page", new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
        .body("<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>").build());
    broken.put("a connection lost mid-body", new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(json + " ".repeat(64 << 10)).onResponseBody(new SocketEffect.CloseSocket()).build());
    broken.forEach((what, answer) -> {
      int before = requests();
      Throwable e = submitSample(p, answer).error();
      assertInstanceOf(OutcomeUnknownException.class, e, "for " + what);
      assertEquals(before + 1, requests(), "the submit is sent exactly once, for " + what);
    });
  }

  @Test
  void a429WithRetryAfterIsRateLimitedForThatLong() {
    Provider p = track(factory().create(context()));
    server().enqueue(new MockResponse.Builder(error(429, "Too many requests")).setHeader("Retry-After", "7").build());

    Throwable e = submitSample(p, null).error();

    RateLimitedException limited = assertInstanceOf(RateLimitedException.class, e);
    assertEquals(Duration.ofSeconds(7), limited.retryAfter().orElse(null));
  }

  @Test
  void anOversizedAnswerIsRefusedAsAnUnknownOutcome() {
    assumeTrue(speaksHttp(), factory().name() + " speaks no HTTP");
    Provider p = track(builder().maxAnswerBytes(1024).build(context()));
    String big = "{\"padding\":\"" + "x".repeat(4096) + "\"}";
    Map<String, MockResponse> answers = Map.of("a stated length", json(200, big), "a chunked body",
        new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
            .chunkedBody(new Buffer().writeUtf8(big), 512).build());
    answers.forEach((what, answer) -> {
      int before = requests();
      Throwable e = submitSample(p, answer).error();
      assertInstanceOf(OutcomeUnknownException.class, e, "for " + what);
      assertEquals(before + 1, requests(), "the submit is sent exactly once, for " + what);
    });
  }

  @Test
  void aSeedOutsideTheOfferRangeNeverReachesTheWire() {
    Provider p = track(factory().create(context()));
    int checked = 0;
    for (Offer offer : p.catalog().offers()) {
      Capabilities caps = offer.capabilities();
      List<Long> outside = new ArrayList<>();
      if (caps.maxSeed() < Long.MAX_VALUE) outside.add(caps.maxSeed() + 1);
      if (caps.minSeed() > 0) outside.add(caps.minSeed() - 1);
      for (long seed : outside) {
        Request request = request(offer, sampleTask(offer)).toBuilder().seed(seed).build();
        int before = requests();
        Outcome<Submission> o = outcome(() -> p.submit(
            new ProviderCall("call-seed", request, offer, null, Duration.ofMinutes(1))));
        assertInstanceOf(InvalidRequestException.class, o.error(), offer.key() + " seed " + seed);
        assertEquals(before, requests(), offer.key() + " seed " + seed + " reached the wire");
        checked++;
      }
    }
    assumeTrue(checked > 0, "no offer limits its seeds");
  }

  @Test
  void aJobReferenceHoldsNoKey(@TempDir Path dir) throws IOException {
    assumeTrue(queueProvider(), factory().name() + " answers every submit at once");
    Provider p = track(factory().create(context()));
    JobRef job = submitJob(p);

    assertEquals(p.name(), job.provider());
    JournalEntry entry = journal(job, p, dir);
    String journaled;
    try (Stream<Path> files = Files.list(dir)) {
      journaled = files.map(ProviderContractTest::read).collect(Collectors.joining("\n"));
    }
    assertTrue(journaled.contains(job.id()), "the journal holds the job: " + journaled);
    List<String> texts = new ArrayList<>(List.of(job.id(), job.toString(), journaled));
    job.pollUrl().ifPresent(texts::add);
    job.cancelUrl().ifPresent(texts::add);
    job.attributes().forEach((k, v) -> texts.add(k + "=" + v));
    for (String text : texts) assertFalse(text.contains(KEY) || text.contains(KEY_TAIL), "the key is in: " + text);
    try (JobJournal reread = JobJournal.directory(dir)) {
      assertEquals(job, reread.get(entry.jobId()).orElseThrow().ref().orElseThrow(), "the journal gives the job back whole");
    }
  }

  @Test
  void aResumedJobIsPolledNeverSubmitted(@TempDir Path dir) {
    assumeTrue(queueProvider(), factory().name() + " answers every submit at once");
    Provider first = track(factory().create(context()));
    JournalEntry entry = journal(submitJob(first), first, dir);

    Provider restarted = track(factory().create(context()));
    JobRef job;
    try (JobJournal reread = JobJournal.directory(dir)) {
      job = reread.get(entry.jobId()).orElseThrow().ref().orElseThrow();
    }
    if (speaksHttp()) {
      drainRequests();
      server.enqueue(running(job));
    }
    PollResult result = TestCalls.await(restarted.poll(job));

    assertNotNull(result.state());
    if (speaksHttp()) {
      assertFalse(result.isDone(), "the canned running answer reads as pending: " + result);
      List<RecordedRequest> sent = drainRequests();
      assertFalse(sent.isEmpty(), "the poll reached the server");
      for (RecordedRequest r : sent) assertTrue(isPoll(r), "resuming sent " + r.getRequestLine() + ", not a poll");
    }
  }

  @Test
  void aCallLookedUpByItsClientSideIdIsFoundWithReadsAlone() {
    Provider p = track(factory().create(context()));
    assumeTrue(p.findsCalls(), p.name() + " cannot look calls up; a call whose answer a restart lost is an unknown outcome");
    Offer offer = sampleOffer(p.catalog());
    Task task = sampleTask(offer);
    if (speaksHttp()) {
      drainRequests();
      found(offer, task).forEach(server::enqueue);
    }
    ProviderCall call = TestCalls.call(offer, request(offer, task));
    java.util.Optional<Submission> looked = TestCalls.await(p.find(call));

    assertTrue(looked.isPresent(), "a call the provider received and finished is found");
    if (speaksHttp()) {
      List<RecordedRequest> sent = drainRequests();
      assertFalse(sent.isEmpty(), "the look-up reached the server");
      for (RecordedRequest r : sent) assertTrue(isPoll(r), "looking " + call.id() + " up sent " + r.getRequestLine() + ", not a read");
    }
  }

  // ---------------------------------------------------------------- the fault matrix
  // The sample request through a real generator against one fault each: the typed error, a bounded
  // wait, the submits sent, and what the ledger and the budget say (see FaultMatrix).

  @Test
  void faultA429WithoutRetryAfterIsRetriedOnceThenRecordedUnbilled() {
    FaultMatrix.Outcome o = matrix().run(false, List.of(error(429, "Too many requests"), error(429, "Too many requests")));
    // A provider that documents a wait of its own for a 429 (Stability's 60 s) reports it; one beyond the longest wait moves on.
    boolean waitsTooLong = o.attemptError() instanceof RateLimitedException
        && ((RateLimitedException) o.attemptError()).retryAfter().map(d -> d.compareTo(Duration.ofSeconds(30)) > 0).orElse(false);
    FaultMatrix.assertFailedUnbilled(o, RateLimitedException.class, waitsTooLong ? 1 : 1 + FaultMatrix.RETRIES);
  }

  @Test
  void faultA429WhoseRetryAfterIsBeyondTheLongestWaitMovesOnAtOnce() {
    FaultMatrix.Outcome o = matrix().run(false, List.of(
        new MockResponse.Builder(error(429, "Too many requests")).setHeader("Retry-After", "120").build()));
    RateLimitedException e = FaultMatrix.assertFailedUnbilled(o, RateLimitedException.class, 1);
    assertEquals(Duration.ofSeconds(120), e.retryAfter().orElse(null));
  }

  @Test
  void faultA5xxIsRetriedWhereSafeThenRecordedUnbilled() {
    FaultMatrix.Outcome o = matrix().run(false, List.of(error(503, "Service unavailable"), error(503, "Service unavailable")));
    GenerationException e = o.attemptError();
    boolean retryable = e instanceof dev.unigen.ProviderFailureException && ((dev.unigen.ProviderFailureException) e).retryable();
    FaultMatrix.assertFailedUnbilled(o, dev.unigen.ProviderFailureException.class, retryable ? 1 + FaultMatrix.RETRIES : 1);
  }

  @Test
  void faultASubmitThatHangsEndsAtTheSubmitTimeoutAsAnUnknownOutcome() {
    FaultMatrix.Outcome o = matrix().run(false, List.of(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()));
    FaultMatrix.assertUnknownOutcome(o);
  }

  @Test
  void faultAResetBeforeTheBodyIsAnUnknownOutcome() {
    FaultMatrix.Outcome o = matrix().run(false, List.of(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build()));
    FaultMatrix.assertUnknownOutcome(o);
  }

  @Test
  void faultAResetAfterTheBodyStartedIsAnUnknownOutcome() {
    String body = "{\"id\":\"4e8d2b7c\",\"status\":\"succeeded\"," + " ".repeat(64 << 10) + "}";
    FaultMatrix.Outcome o = matrix().run(false, List.of(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body(body).onResponseBody(new SocketEffect.CloseSocket()).build()));
    FaultMatrix.assertUnknownOutcome(o);
  }

  @Test
  void faultABroken200IsAnUnknownOutcome() {
    FaultMatrix.Outcome o = matrix().run(false, List.of(json(200, "{\"id\":\"4e8d2b7c\",\"status\":\"succ")));
    FaultMatrix.assertUnknownOutcome(o);
  }

  @Test
  void faultA200WithoutOutputIsNoOutputAndTheBudgetFollowsTheLedger() {
    FaultMatrix matrix = matrix();
    Catalog catalog = catalogOf();
    Offer offer = sampleOffer(catalog);
    FaultMatrix.Outcome o = matrix.run(false, withoutOutput(offer, sampleTask(offer)));
    assertInstanceOf(dev.unigen.NoOutputException.class, o.attemptError());
    assertEquals(1, o.submits());
    FaultMatrix.assertBudgetFollowsLedger(o, dev.unigen.ledger.LedgerEntry.Outcome.FAILED);
  }

  @Test
  void faultAModerationRefusalStopsWithoutFailoverAndTheBudgetFollowsTheLedger() {
    FaultMatrix matrix = matrix();
    Catalog catalog = catalogOf();
    Offer offer = sampleOffer(catalog);
    FaultMatrix.Outcome o = matrix.run(false, moderated(offer, sampleTask(offer)));
    assertInstanceOf(dev.unigen.ContentModeratedException.class, o.error(), "a moderation refusal stops, unwrapped");
    assertEquals(1, o.submits());
    FaultMatrix.assertBudgetFollowsLedger(o, dev.unigen.ledger.LedgerEntry.Outcome.FAILED);
  }

  @Test
  void faultA401IsAnAuthenticationErrorSentOnceAndUnbilled() {
    assumeFalse(factory().keyVariables().isEmpty(), factory().name() + " takes no key");
    FaultMatrix.Outcome o = matrix().run(false, List.of(error(401, "Invalid API key")));
    FaultMatrix.assertFailedUnbilled(o, AuthenticationException.class, 1);
  }

  @Test
  void faultNoCreditIsInsufficientCreditSentOnceAndUnbilled() {
    FaultMatrix.Outcome o = matrix().run(false, List.of(noCredit()));
    FaultMatrix.assertFailedUnbilled(o, dev.unigen.InsufficientCreditException.class, 1);
  }

  @Test
  void faultACompletedJobWhoseResultCannotBeReadIsBilledAndNeverBoughtAgain() {
    FaultMatrix matrix = matrix();
    assumeTrue(queueProvider(), factory().name() + " answers every submit at once");
    Catalog catalog = catalogOf();
    Offer offer = jobOffer(catalog);
    Task task = jobTask(offer);
    List<MockResponse> answers = new ArrayList<>(List.of(success(offer, task)));
    for (int i = 0; i < FaultMatrix.RESULT_READS; i++) answers.addAll(completedButUnreadable(offer, task));
    FaultMatrix.Outcome o = matrix.run(true, answers);
    assertInstanceOf(dev.unigen.NoOutputException.class, o.error(), "billed, so it stops: " + o.error());
    assertEquals(1, o.submits(), "never bought again");
    FaultMatrix.assertRecorded(o, dev.unigen.ledger.LedgerEntry.Outcome.FAILED, true);
  }

  @Test
  void faultPollErrorsToExhaustionNeverFailAJobThatMayStillRun() {
    FaultMatrix matrix = matrix();
    assumeTrue(queueProvider(), factory().name() + " answers every submit at once");
    Catalog catalog = catalogOf();
    Offer offer = jobOffer(catalog);
    List<MockResponse> answers = new ArrayList<>(List.of(success(offer, jobTask(offer))));
    for (int i = 0; i < FaultMatrix.POLL_ERRORS; i++) answers.add(error(503, "Service unavailable"));
    FaultMatrix.assertLostTrackSafely(matrix.run(true, answers));
  }

  private FaultMatrix matrix() {
    assumeTrue(speaksHttp(), factory().name() + " speaks no HTTP");
    return new FaultMatrix(this);
  }

  /** The module's catalog, read from a fresh instance. */
  Catalog catalogOf() {
    return track(factory().create(context())).catalog();
  }

  // ---------------------------------------------------------------- helpers

  /** What a provider call ended in: its value, or the exception it failed with (thrown or in the future). */
  private record Outcome<T>(T value, Throwable error) {}

  private static <T> Outcome<T> outcome(Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      return new Outcome<>(null, e);
    }
    try {
      return new Outcome<>(future.get(TestCalls.WAIT.toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (ExecutionException e) {
      return new Outcome<>(null, e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within " + TestCalls.WAIT, e);
    }
  }

  /** Submits the sample request, with {@code answer} queued first unless it is null. */
  private Outcome<Submission> submitSample(Provider p, MockResponse answer) {
    Offer offer = sampleOffer(p.catalog());
    if (answer != null) server().enqueue(answer);
    return outcome(() -> p.submit(TestCalls.call(offer, request(offer, sampleTask(offer)))));
  }

  private JobRef submitJob(Provider p) {
    Offer offer = jobOffer(p.catalog());
    Task task = jobTask(offer);
    if (speaksHttp()) server.enqueue(success(offer, task));
    Outcome<Submission> o = outcome(() -> p.submit(TestCalls.call(offer, request(offer, task))));
    if (o.error() != null) throw new AssertionError(offer.key() + " " + task.wireName() + " failed: " + o.error(), o.error());
    return o.value().job().orElseThrow(() -> new AssertionError(
        offer.key() + " " + task.wireName() + " answered at once; override jobOffer/jobTask, or queueProvider()"));
  }

  private JournalEntry journal(JobRef job, Provider p, Path dir) {
    Offer offer = jobOffer(p.catalog());
    Instant now = Instant.now();
    JournalEntry entry = JournalEntry.builder("job-contract").generationId("gen-contract").ref(job)
        .model(offer.model()).request(request(offer, jobTask(offer))).created(now).updated(now).detail("").build();
    try (JobJournal journal = JobJournal.directory(dir)) {
      journal.put(entry);
    }
    return entry;
  }

  private int requests() {
    return server == null ? 0 : server.getRequestCount();
  }

  /** Takes every request the server has recorded and not yet given out. */
  private List<RecordedRequest> drainRequests() {
    List<RecordedRequest> out = new ArrayList<>();
    try {
      for (RecordedRequest r = server.takeRequest(0, TimeUnit.SECONDS); r != null; r = server.takeRequest(0, TimeUnit.SECONDS)) {
        out.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return out;
  }

  /** {@code r} went to {@code prefix} (a base URL's path, ending in '/') or below; the base URL itself is an endpoint too. */
  private static void assertPathStartsWith(String prefix, RecordedRequest r) {
    String path = r.getUrl().encodedPath();
    assertTrue(path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1)),
        r.getRequestLine() + " is under " + prefix);
  }

  private java.util.Optional<ProviderBuilder<?>> builderIfAny() {
    try {
      return java.util.Optional.of(builder());
    } catch (org.opentest4j.TestAbortedException noBuilder) {
      return java.util.Optional.empty();
    }
  }

  private <P extends Provider> P track(P provider) {
    created.add(provider);
    return provider;
  }

  /** The message and string form of {@code e} and each of its causes. */
  private static List<String> messages(Throwable e) {
    List<String> out = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.add(String.valueOf(t.getMessage()));
      out.add(t.toString());
    }
    return out;
  }

  private static Duration duration(Capabilities caps) {
    BigDecimal seconds = !caps.durations().isEmpty() ? caps.durations().get(0)
        : caps.defaultDuration().map(d -> BigDecimal.valueOf(d.toMillis(), 3))
            .orElse(caps.minDuration().orElse(BigDecimal.valueOf(PriceRule.DEFAULT_DURATION.getSeconds())));
    return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
