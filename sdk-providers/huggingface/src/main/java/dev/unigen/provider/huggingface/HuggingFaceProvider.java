package dev.unigen.provider.huggingface;

import dev.unigen.Asset;
import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.huggingface.wire.FalWire;
import dev.unigen.provider.huggingface.wire.HfInferenceWire;
import dev.unigen.provider.huggingface.wire.ReplicateWire;
import dev.unigen.provider.huggingface.wire.TextToImageParams;
import dev.unigen.provider.huggingface.wire.TogetherWire;
import dev.unigen.provider.huggingface.wire.WireImage;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * Text-to-image through Hugging Face Inference Providers: every call goes to the router
 * ({@code https://router.huggingface.co}) with one Hugging Face token, and Hugging Face bills
 * the account at the partner's rate, after the monthly credits of a PRO, Team or Enterprise plan.
 *
 * <p>An offer's endpoint names the route as well as the model, as
 * {@code <route>:<provider model id>}:
 *
 * <ul>
 *   <li>{@code hf-inference:black-forest-labs/FLUX.1-schnell} — Hugging Face's own serverless
 *       inference, {@code POST /hf-inference/models/{model}}, answered with the image bytes. A
 *       model that is not loaded answers 503 with an {@code estimated_time}; the provider waits
 *       that long on the context's scheduler and sends again (no thread sleeps), within a
 *       budget ({@link Builder#maxLoadingWait}), and gives up with a
 *       {@link ProviderFailureException} so the generator can fail over. The loading answer is
 *       not billed, so sending again never pays twice.
 *   <li>{@code fal-ai:fal-ai/flux/schnell} — fal's queue behind the router: the submit is
 *       accepted as a job ({@link Submission#accepted}) that {@link #poll} follows through
 *       {@code IN_QUEUE}, {@code IN_PROGRESS} and {@code COMPLETED}, then fetches the result.
 *   <li>{@code replicate:black-forest-labs/flux-schnell} (or {@code owner/name:version}) —
 *       Replicate with {@code Prefer: wait}; a prediction still running when the wait ends is
 *       polled.
 *   <li>{@code together:black-forest-labs/FLUX.1-schnell} — Together's images API, synchronous.
 * </ul>
 *
 * <p>{@code nebius} and {@code black-forest-labs} (with clarifai, hyperbolic, nvidia and
 * sambanova) were removed from Hugging Face routing on 2026-07-01; endpoints naming them are
 * refused.
 *
 * <p>{@code providerOptions("huggingface", Map.of("billTo", "my-org"))} sends
 * {@code X-HF-Bill-To: my-org} to bill an organization (or an Enterprise resource group); every
 * other key is passed as it is into the route's parameters.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class HuggingFaceProvider implements Provider {
  /** The provider's name in catalogs and logs. */
  public static final String NAME = "huggingface";
  /** The router, the base of every call. */
  public static final String DEFAULT_BASE_URL = "https://router.huggingface.co";
  /** How long one HTTP call may take when the builder sets nothing. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  /** How long one hf-inference call waits in all for a loading model when the builder sets nothing. */
  public static final Duration DEFAULT_MAX_LOADING_WAIT = Duration.ofSeconds(60);

  /** The variables the token is read from, in order, as {@code huggingface_hub} reads them. */
  static final List<String> KEY_VARIABLES = List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN");
  /** The {@code providerOptions} key whose value is sent as {@code X-HF-Bill-To}. */
  static final String BILL_TO_OPTION = "billTo";
  static final String BILL_TO_HEADER = "X-HF-Bill-To";
  static final String ATTR_ROUTE = "route";
  /** fal's path for the request ({@code owner/app/requests/id}), rebased on the router at every poll. */
  static final String ATTR_FAL_PATH = "falPath";
  static final String ATTR_ENDPOINT = "endpoint";
  static final String ATTR_BILL_TO = "billTo";
  private static final MediaType JSON = MediaType.get("application/json");

  private final ProviderContext context;
  private final String token;
  private final HttpUrl base;
  private final OkHttpClient http;
  private final Catalog catalog;
  private final Duration maxLoadingWait;
  private final ProviderErrors errors;
  private final Logger log;

  private HuggingFaceProvider(Builder b, ProviderContext ctx) {
    this.context = ctx;
    this.token = ctx.apiKey(b.apiKey, KEY_VARIABLES,
        "Hugging Face token (one with the \"Make calls to Inference Providers\" permission)");
    String url = b.baseUrl != null ? b.baseUrl : ctx.baseUrl(NAME, DEFAULT_BASE_URL);
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) throw new IllegalArgumentException("not an http(s) URL: " + url);
    this.base = parsed;
    this.http = ctx.httpClient().newBuilder().readTimeout(b.timeout).callTimeout(b.timeout).build();
    this.catalog = Catalog.ofModule(HuggingFaceProvider.class);
    this.maxLoadingWait = b.maxLoadingWait;
    this.errors = new ProviderErrors(NAME, ctx.redactor(), ctx.clock());
    this.log = ctx.logger(HuggingFaceProvider.class);
  }

  /** Returns a builder; the token and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /** The offers of the module's {@code catalog.json}: one per logical model, on its cheapest documented route. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Sends {@code call} on the route its endpoint names. Completes with the image for
   * hf-inference, Together and a Replicate prediction finished within its wait, or with an
   * accepted job for fal and an unfinished Replicate prediction; exceptionally with a typed
   * {@link GenerationException} otherwise.
   */
  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    Objects.requireNonNull(call, "call");
    try {
      return route(call);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new ProviderFailureException(NAME,
          context.redactor().redact("could not send " + call.endpoint() + ": " + e), 0, false, e));
    }
  }

  /**
   * Polls a fal queue job or a Replicate prediction. Transient failures (rate limits, 5xx)
   * complete the future exceptionally so the generator polls again; a job that failed, was
   * refused or has no output completes with {@link PollResult#failed}.
   *
   * @throws IllegalArgumentException if the job is not this provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!NAME.equals(job.provider())) throw new IllegalArgumentException("not a " + NAME + " job: " + job);
    String route = job.attributes().getOrDefault(ATTR_ROUTE, "");
    try {
      if (Route.FAL_AI.id().equals(route)) return pollFal(job);
      if (Route.REPLICATE.id().equals(route)) return pollReplicate(job);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    throw new IllegalArgumentException("job " + job.id() + " names no route this provider polls: '" + route + "'");
  }

  /**
   * Returns false: the router's forwarding of fal's and Replicate's cancel calls is not
   * documented, so no cancel is sent.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public String toString() {
    return "HuggingFaceProvider(" + base + ")";
  }

  // ---------------------------------------------------------------------------------------------
  // submit

  private CompletableFuture<Submission> route(ProviderCall call) {
    Request r = call.request();
    if (r.task() != Task.TEXT_TO_IMAGE) {
      throw new InvalidRequestException(NAME, "only text-to-image is served, not " + r.task().wireName());
    }
    if (r.prompt().isEmpty()) throw new InvalidRequestException(NAME, "text-to-image needs a prompt");
    Endpoint ep;
    try {
      ep = Endpoint.parse(call.endpoint());
    } catch (IllegalArgumentException e) {
      // The offer is misconfigured, not the request: another offer may still serve it.
      throw new ProviderFailureException(NAME, redact(e.getMessage()), 0, false, e);
    }
    Map<String, Object> extras = new LinkedHashMap<>(r.providerOptions().getOrDefault(NAME, Map.of()));
    Object billTo = extras.remove(BILL_TO_OPTION);
    if (billTo != null && !(billTo instanceof String && ((String) billTo).matches("[\\x21-\\x7E]+"))) {
      throw new InvalidRequestException(NAME, "providerOptions " + NAME + "." + BILL_TO_OPTION
          + " must be an organization name or resource group id");
    }
    TextToImageParams p = TextToImageParams.from(r, extras);
    String org = (String) billTo;
    byte[] body = body(ep, p);
    switch (ep.route()) {
      case HF_INFERENCE:
        return hfInference(call, ep, org, body);
      case FAL_AI:
        return falSubmit(call, ep, org, body);
      case REPLICATE:
        return replicateSubmit(call, ep, org, body, ep.model().indexOf(':') >= 0);
      case TOGETHER:
        return togetherSubmit(call, ep, org, body);
      default:
        throw new IllegalStateException("unhandled route " + ep.route());
    }
  }

  /** The route's request body; a raw option JSON cannot hold makes the request invalid. */
  private byte[] body(Endpoint ep, TextToImageParams p) {
    try {
      switch (ep.route()) {
        case HF_INFERENCE:
          return HfInferenceWire.requestBody(p);
        case FAL_AI:
          return FalWire.requestBody(p);
        case REPLICATE: {
          int colon = ep.model().indexOf(':');
          return ReplicateWire.requestBody(p, colon >= 0 ? ep.model().substring(colon + 1) : null);
        }
        case TOGETHER:
          return TogetherWire.requestBody(p, ep.model());
        default:
          throw new IllegalStateException("unhandled route " + ep.route());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(NAME, "providerOptions " + NAME + ": " + redact(e.getMessage()));
    }
  }

  private okhttp3.Request.Builder request(HttpUrl url, String billTo) {
    okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url).header("Authorization", "Bearer " + token);
    if (billTo != null) b.header(BILL_TO_HEADER, billTo);
    return b;
  }

  private HttpUrl routeUrl(Route route) {
    return base.newBuilder().addPathSegment(route.id()).build();
  }

  /** Sends a submit (never re-sent after it may have left) and maps the answer with {@code onSuccess}. */
  private <T> CompletableFuture<T> send(okhttp3.Request req, boolean idempotent, Function<Answer, T> onSuccess) {
    return HttpCalls.send(http, req, NAME, idempotent).thenApply(resp -> {
      Answer a = Answer.read(resp, idempotent, context);
      if (!a.successful()) throw errors.map(a.code, a.text(), a.response.headers());
      return onSuccess.apply(a);
    });
  }

  // hf-inference ---------------------------------------------------------------------------------

  private CompletableFuture<Submission> hfInference(ProviderCall call, Endpoint ep, String billTo, byte[] body) {
    HttpUrl url = routeUrl(Route.HF_INFERENCE).newBuilder().addPathSegment("models").addPathSegments(ep.model()).build();
    // The Python client asks for PNG on image tasks; the router answers with the image bytes.
    okhttp3.Request req = request(url, billTo).header("Accept", "image/png").post(RequestBody.create(body, JSON)).build();
    CompletableFuture<Submission> result = new CompletableFuture<>();
    sendHfInference(call, ep, req, new LoadingWait(maxLoadingWait, call.timeout()), result);
    return result;
  }

  private void sendHfInference(ProviderCall call, Endpoint ep, okhttp3.Request req, LoadingWait wait,
      CompletableFuture<Submission> result) {
    if (result.isDone()) return; // abandoned (a timeout canceled it) while waiting for the model
    long started = System.nanoTime();
    HttpCalls.send(http, req, NAME, false).whenComplete((resp, err) -> {
      if (err != null) {
        result.completeExceptionally(err);
        return;
      }
      long elapsed = System.nanoTime() - started;
      try {
        Answer a = Answer.read(resp, false, context);
        if (a.code == 503) {
          Optional<HfInferenceWire.Loading> loading = HfInferenceWire.loading(a.text());
          if (loading.isPresent()) {
            waitForModel(call, ep, req, wait, result, loading.get());
            return;
          }
        }
        if (!a.successful()) throw errors.map(a.code, a.text(), a.response.headers());
        result.complete(Submission.completed(hfInferenceOutput(ep, a, elapsed, wait)));
      } catch (RuntimeException e) {
        result.completeExceptionally(unwrap(e));
      }
    });
  }

  private void waitForModel(ProviderCall call, Endpoint ep, okhttp3.Request req, LoadingWait wait,
      CompletableFuture<Submission> result, HfInferenceWire.Loading loading) {
    String estimate = loading.estimatedSeconds().map(s -> s.stripTrailingZeros().toPlainString() + " s").orElse("no estimate");
    Optional<Duration> delay = wait.next(loading.estimatedSeconds());
    if (delay.isEmpty()) {
      result.completeExceptionally(new ProviderFailureException(NAME, context.redactor().redact("503 " + loading.message()
          + " (" + estimate + "); waited " + seconds(wait.waited()) + " s over " + wait.waits()
          + " retries and will not wait past " + seconds(wait.budget()) + " s"), 503, false, null));
      return;
    }
    log.debug("{}: {} ({}); sending again in {} ms", NAME, context.redactor().redact(loading.message()), estimate,
        delay.get().toMillis());
    try {
      context.scheduler().schedule(() -> sendHfInference(call, ep, req, wait, result), delay.get().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new ProviderFailureException(NAME, "the scheduler is shut down; not waiting for "
          + ep.model() + " to load", 0, false, e));
    }
  }

  private ProviderOutput hfInferenceOutput(Endpoint ep, Answer a, long elapsedNanos, LoadingWait wait) {
    String type = a.response.header("Content-Type");
    Optional<String> error = HfInferenceWire.errorIn(type, a.body);
    if (error.isPresent()) {
      throw new NoOutputException(NAME, context.redactor().redact(a.code + " without an image: " + error.get()));
    }
    List<WireImage> images;
    try {
      images = HfInferenceWire.images(type, a.body);
    } catch (IllegalArgumentException e) {
      throw new NoOutputException(NAME, "unreadable answer from " + ep + ": " + redact(e.getMessage()));
    }
    if (images.isEmpty()) {
      throw new NoOutputException(NAME, a.code + " without an image from " + ep + " (" + (type == null ? "no type" : type)
          + ", " + a.body.length + " bytes)");
    }
    BigDecimal measured = BigDecimal.valueOf(elapsedNanos).movePointLeft(9).setScale(3, RoundingMode.HALF_UP);
    ProviderOutput.Builder out = output(images, Usage.builder().computeSeconds(measured), a.response.header("x-request-id"));
    out.warning("hf-inference reports no compute time: the actual cost uses the measured wall time of the call, "
        + measured.toPlainString() + " s, network and queueing included, as the billed compute seconds");
    if (wait.waits() > 0) {
      out.warning(ep.model() + " was loading: waited " + seconds(wait.waited()) + " s over " + wait.waits()
          + " retries before it answered");
    }
    return out.build();
  }

  // fal-ai ------------------------------------------------------------------------------------------

  private CompletableFuture<Submission> falSubmit(ProviderCall call, Endpoint ep, String billTo, byte[] body) {
    HttpUrl url = routeUrl(Route.FAL_AI).newBuilder().addPathSegments(ep.model())
        .addQueryParameter("_subdomain", "queue").build();
    okhttp3.Request req = request(url, billTo).post(RequestBody.create(body, JSON)).build();
    return send(req, false, a -> {
      FalWire.QueueSubmit s;
      try {
        s = FalWire.parseSubmit(a.text());
      } catch (IllegalArgumentException e) {
        throw new OutcomeUnknownException(NAME, "fal accepted " + ep + " with an unreadable answer; it may run and be"
            + " billed, so it is not sent elsewhere: " + redact(e.getMessage()));
      }
      String id = s.requestId().orElseThrow(() -> new OutcomeUnknownException(NAME, "fal answered " + ep
          + " without a request_id; it may run and be billed, so it is not sent elsewhere"));
      String modelPath = falModelPath(s, ep, id);
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put(ATTR_ROUTE, Route.FAL_AI.id());
      attrs.put(ATTR_ENDPOINT, ep.toString());
      attrs.put(ATTR_FAL_PATH, modelPath);
      if (billTo != null) attrs.put(ATTR_BILL_TO, billTo);
      return Submission.accepted(JobRef.of(NAME, id, falUrl(modelPath, true).toString(), null, attrs));
    });
  }

  /**
   * The status ({@code status} true) or result URL of the fal request at {@code path}, always on
   * this provider's base URL: the token is never sent to a URL the journal or an answer supplies.
   */
  private HttpUrl falUrl(String path, boolean status) {
    if (path == null || path.isEmpty() || path.contains("..")) throw new IllegalArgumentException("bad fal request path: " + path);
    HttpUrl.Builder b = routeUrl(Route.FAL_AI).newBuilder().addEncodedPathSegments(path);
    if (status) b.addPathSegment("status");
    return b.addQueryParameter("_subdomain", "queue").build();
  }

  /**
   * The path naming the request at fal, without the leading slash: taken from
   * {@code response_url} as the official clients do (it can differ from the submitted model id,
   * since fal's status and result URLs keep only owner and app), else from {@code status_url},
   * else built by fal's documented rule {@code {owner}/{app}/requests/{id}}.
   */
  private static String falModelPath(FalWire.QueueSubmit s, Endpoint ep, String id) {
    HttpUrl response = s.responseUrl().map(HttpUrl::parse).orElse(null);
    if (response != null) return trimSlashes(response.encodedPath());
    HttpUrl status = s.statusUrl().map(HttpUrl::parse).orElse(null);
    if (status != null) {
      String path = trimSlashes(status.encodedPath());
      return path.endsWith("/status") ? path.substring(0, path.length() - "/status".length()) : path;
    }
    String[] parts = ep.model().split("/");
    String ownerApp = parts.length >= 2 ? parts[0] + "/" + parts[1] : ep.model();
    return ownerApp + "/requests/" + id;
  }

  private CompletableFuture<PollResult> pollFal(JobRef job) {
    String path = job.attributes().get(ATTR_FAL_PATH);
    String billTo = job.attributes().get(ATTR_BILL_TO);
    okhttp3.Request req = request(falUrl(path, true), billTo).get().build();
    return HttpCalls.send(http, req, NAME, true).thenCompose(resp -> {
      Answer a = Answer.read(resp, true, context);
      if (!a.successful()) return CompletableFuture.completedFuture(pollFailure(a));
      FalWire.QueueStatus st;
      try {
        st = FalWire.parseStatus(a.text());
      } catch (IllegalArgumentException e) {
        throw new ProviderFailureException(NAME, "unreadable fal status for " + job.id() + ": " + redact(e.getMessage()), 0, true, e);
      }
      String status = st.status().orElse("").toUpperCase(Locale.ROOT);
      switch (status) {
        case "IN_QUEUE":
          return CompletableFuture.completedFuture(PollResult.pending(PollResult.State.QUEUED,
              new Progress("IN_QUEUE", st.queuePosition().isPresent() ? st.queuePosition().getAsInt() : null, null,
                  st.logs()), null));
        case "COMPLETED":
          if (st.error().isPresent()) {
            String type = st.errorType().map(t -> " (" + t + ")").orElse("");
            return CompletableFuture.completedFuture(PollResult.failed(errors.jobFailure(st.error().get() + type)));
          }
          return falResult(job, path, billTo);
        case "FAILED":
          return CompletableFuture.completedFuture(PollResult.failed(errors.jobFailure(st.error().orElse("fal reported FAILED"))));
        case "CANCELED":
        case "CANCELLED":
          return CompletableFuture.completedFuture(PollResult.canceled(new JobCanceledException(NAME,
              "fal request " + job.id() + " was canceled")));
        default: // IN_PROGRESS, or a status fal adds later: keep polling
          return CompletableFuture.completedFuture(PollResult.pending(PollResult.State.RUNNING,
              new Progress(status.isEmpty() ? "IN_PROGRESS" : status, null, null, st.logs()), null));
      }
    });
  }

  private CompletableFuture<PollResult> falResult(JobRef job, String path, String billTo) {
    okhttp3.Request req = request(falUrl(path, false), billTo).get().build();
    return HttpCalls.send(http, req, NAME, true).thenApply(resp -> {
      Answer a = Answer.read(resp, true, context);
      if (!a.successful()) return pollFailure(a);
      List<WireImage> images;
      try {
        images = FalWire.parseResult(a.text());
      } catch (IllegalArgumentException e) {
        return PollResult.failed(new NoOutputException(NAME, "unreadable fal result for " + job.id() + ": " + redact(e.getMessage())));
      }
      if (images.isEmpty()) {
        return PollResult.failed(new NoOutputException(NAME, "fal request " + job.id() + " completed without images"));
      }
      Usage.Builder usage = Usage.builder();
      billedUnits(a.response.header("x-fal-billable-units")).ifPresent(usage::billedUnits);
      ProviderOutput.Builder out = output(images, usage, job.id());
      if (images.stream().anyMatch(WireImage::nsfw)) {
        out.warning("fal flagged NSFW content (has_nsfw_concepts); such images are usually returned blacked out");
      }
      return PollResult.succeeded(out.build());
    });
  }

  private static Optional<BigDecimal> billedUnits(String header) {
    if (header == null || header.isBlank()) return Optional.empty();
    try {
      BigDecimal units = new BigDecimal(header.trim());
      return units.signum() >= 0 ? Optional.of(units) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  // replicate -----------------------------------------------------------------------------------------

  private CompletableFuture<Submission> replicateSubmit(ProviderCall call, Endpoint ep, String billTo, byte[] body,
      boolean versioned) {
    HttpUrl.Builder url = routeUrl(Route.REPLICATE).newBuilder().addPathSegment("v1");
    if (versioned) {
      url.addPathSegment("predictions");
    } else {
      url.addPathSegment("models").addPathSegments(ep.model()).addPathSegment("predictions");
    }
    okhttp3.Request req = request(url.build(), billTo).header("Prefer", "wait").post(RequestBody.create(body, JSON)).build();
    return send(req, false, a -> {
      ReplicateWire.Prediction p;
      try {
        p = ReplicateWire.parse(a.text());
      } catch (IllegalArgumentException e) {
        throw new OutcomeUnknownException(NAME, "Replicate accepted " + ep + " with an unreadable answer; it may run and"
            + " be billed, so it is not sent elsewhere: " + redact(e.getMessage()));
      }
      String status = p.status().orElse("").toLowerCase(Locale.ROOT);
      switch (status) {
        case "succeeded":
          return Submission.completed(replicateOutput(p, ep.toString()));
        case "failed":
          throw errors.jobFailure(p.error().orElse("Replicate prediction failed"));
        case "canceled":
        case "aborted":
          throw new ProviderFailureException(NAME, "Replicate prediction " + p.id().orElse("?") + " was " + status, 0, false, null);
        default: { // starting, processing: still running when the wait ended
          String id = p.id().orElseThrow(() -> new OutcomeUnknownException(NAME, "Replicate answered " + ep
              + " without a prediction id; it may run and be billed, so it is not sent elsewhere"));
          String pollUrl = predictionUrl(id).toString();
          Map<String, String> attrs = new LinkedHashMap<>();
          attrs.put(ATTR_ROUTE, Route.REPLICATE.id());
          attrs.put(ATTR_ENDPOINT, ep.toString());
          if (billTo != null) attrs.put(ATTR_BILL_TO, billTo);
          return Submission.accepted(JobRef.of(NAME, id, pollUrl, null, attrs));
        }
      }
    });
  }

  /** A prediction's URL on this provider's base URL, rebuilt from its id. */
  private HttpUrl predictionUrl(String id) {
    return routeUrl(Route.REPLICATE).newBuilder().addPathSegment("v1").addPathSegment("predictions").addPathSegment(id).build();
  }

  private CompletableFuture<PollResult> pollReplicate(JobRef job) {
    okhttp3.Request req = request(predictionUrl(job.id()), job.attributes().get(ATTR_BILL_TO)).get().build();
    return HttpCalls.send(http, req, NAME, true).thenApply(resp -> {
      Answer a = Answer.read(resp, true, context);
      if (!a.successful()) return pollFailure(a);
      ReplicateWire.Prediction p;
      try {
        p = ReplicateWire.parse(a.text());
      } catch (IllegalArgumentException e) {
        throw new ProviderFailureException(NAME, "unreadable prediction " + job.id() + ": " + redact(e.getMessage()), 0, true, e);
      }
      String status = p.status().orElse("").toLowerCase(Locale.ROOT);
      switch (status) {
        case "starting":
          return PollResult.pending(PollResult.State.QUEUED, new Progress(status, null, null, List.of()), null);
        case "succeeded":
          try {
            return PollResult.succeeded(replicateOutput(p, job.attributes().getOrDefault(ATTR_ENDPOINT, job.id())));
          } catch (NoOutputException e) {
            return PollResult.failed(e);
          }
        case "failed":
          return PollResult.failed(errors.jobFailure(p.error().orElse("Replicate prediction failed")));
        case "canceled":
          return PollResult.canceled(new JobCanceledException(NAME, "prediction " + job.id() + " was canceled"));
        case "aborted":
          return PollResult.canceled(new JobCanceledException(NAME, "prediction " + job.id()
              + " was aborted before it started (not billed)"));
        default: // processing, or a status Replicate adds later
          return PollResult.pending(PollResult.State.RUNNING,
              new Progress(status.isEmpty() ? "processing" : status, null, null, List.of()), null);
      }
    });
  }

  private ProviderOutput replicateOutput(ReplicateWire.Prediction p, String what) {
    List<WireImage> images = ReplicateWire.images(p);
    if (images.isEmpty()) {
      throw new NoOutputException(NAME, "Replicate prediction " + p.id().orElse("?") + " for " + what
          + " succeeded without output (its data may have been removed)");
    }
    Usage.Builder usage = Usage.builder();
    p.predictTime().ifPresent(usage::computeSeconds);
    return output(images, usage, p.id().orElse(null)).build();
  }

  // together --------------------------------------------------------------------------------------------

  private CompletableFuture<Submission> togetherSubmit(ProviderCall call, Endpoint ep, String billTo, byte[] body) {
    HttpUrl url = routeUrl(Route.TOGETHER).newBuilder().addPathSegment("v1").addPathSegment("images")
        .addPathSegment("generations").build();
    okhttp3.Request req = request(url, billTo).post(RequestBody.create(body, JSON)).build();
    return send(req, false, a -> {
      List<WireImage> images;
      try {
        images = TogetherWire.parse(a.text());
      } catch (IllegalArgumentException e) {
        throw new NoOutputException(NAME, "unreadable answer from " + ep + ": " + redact(e.getMessage()));
      }
      if (images.isEmpty()) throw new NoOutputException(NAME, a.code + " without images from " + ep);
      return Submission.completed(output(images, Usage.builder(), a.response.header("x-request-id")).build());
    });
  }

  // shared ------------------------------------------------------------------------------------------------

  /** Assets for {@code images}, and the usage completed with what they say was produced. */
  private ProviderOutput.Builder output(List<WireImage> images, Usage.Builder usage, String requestId) {
    ProviderOutput.Builder out = ProviderOutput.builder();
    usage.count(images.size());
    for (WireImage w : images) {
      Asset.Builder asset = Asset.builder(w.mediaType());
      w.bytes().ifPresent(asset::bytes);
      w.url().ifPresent(asset::url);
      if (w.width().isPresent() && w.height().isPresent()) {
        asset.size(w.width().getAsInt(), w.height().getAsInt());
        usage.image(w.width().getAsInt(), w.height().getAsInt());
      }
      if (w.seed().isPresent()) asset.seed(w.seed().getAsLong());
      asset.nsfw(w.nsfw());
      out.asset(asset.build());
    }
    out.usage(usage.build());
    if (requestId != null && !requestId.isBlank()) out.providerRequestId(requestId);
    return out;
  }

  /** A poll answered with an error status: transient ones are thrown so the job is polled again. */
  private PollResult pollFailure(Answer a) {
    GenerationException e = errors.map(a.code, a.text(), a.response.headers());
    if (ProviderErrors.transientFailure(e)) throw e;
    return PollResult.failed(e);
  }

  private GenerationException unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    if (t instanceof GenerationException) return (GenerationException) t;
    return new ProviderFailureException(NAME, redact("unexpected failure: " + t), 0, false, t);
  }

  private String redact(String text) {
    return context.redactor().redact(text);
  }

  private static String trimSlashes(String path) {
    String p = path;
    while (p.startsWith("/")) p = p.substring(1);
    while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p;
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
  }

  /** A response read whole and closed. */
  private static final class Answer {
    final Response response;
    final int code;
    final byte[] body;

    private Answer(Response response, byte[] body) {
      this.response = response;
      this.code = response.code();
      this.body = body;
    }

    /**
     * Reads and closes {@code response}. A body lost mid-read after a submit may mean a run
     * that is billed: that is an {@link OutcomeUnknownException}, never a retryable failure.
     */
    static Answer read(Response response, boolean idempotent, ProviderContext ctx) {
      try (Response r = response) {
        return new Answer(r, r.body().bytes());
      } catch (IOException e) {
        String what = "reading the answer to " + response.request().method() + " " + response.request().url().redact()
            + " failed: " + e;
        if (idempotent) throw new ProviderFailureException(NAME, ctx.redactor().redact(what), 0, true, e);
        throw new OutcomeUnknownException(NAME, ctx.redactor().redact(what + "; it may have run and been billed"), e);
      }
    }

    boolean successful() {
      return code >= 200 && code < 300;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Builds a {@link HuggingFaceProvider}. Not threadsafe.
   *
   * <pre>{@code
   * Generator gen = Generator.builder()
   *     .provider(ctx -> HuggingFaceProvider.builder().timeout(Duration.ofSeconds(90)).build(ctx))
   *     .subscribedTo("huggingface", "pro")
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private String apiKey;
    private String baseUrl;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration maxLoadingWait = DEFAULT_MAX_LOADING_WAIT;

    private Builder() {}

    /**
     * Sets the Hugging Face token ({@code hf_...}, with the "Make calls to Inference Providers"
     * permission); by default it is read from {@code HF_TOKEN}, then
     * {@code HUGGING_FACE_HUB_TOKEN}. The token is registered with the context's redactor.
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Sets the router's base URL; by default {@code UNIGEN_HUGGINGFACE_BASE_URL}, else
     * {@value HuggingFaceProvider#DEFAULT_BASE_URL}.
     */
    public Builder baseUrl(String baseUrl) {
      String u = Objects.requireNonNull(baseUrl, "baseUrl");
      this.baseUrl = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
      return this;
    }

    /**
     * Sets how long one HTTP call (a submit, a poll, a result) may take to read and complete;
     * 120 s by default.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how long one hf-inference call waits in all for a model that answers 503 "currently
     * loading" before it gives up (never more than half of the call's timeout); 60 s by default.
     * Zero disables the wait.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public Builder maxLoadingWait(Duration maxLoadingWait) {
      if (maxLoadingWait == null || maxLoadingWait.isNegative()) {
        throw new IllegalArgumentException("maxLoadingWait must not be negative: " + maxLoadingWait);
      }
      this.maxLoadingWait = maxLoadingWait;
      return this;
    }

    /**
     * Returns the provider, sharing {@code context}'s HTTP client, scheduler and redactor.
     *
     * @throws IllegalStateException if no token is given or set in the environment (the message
     *     names the variables, never a value)
     * @throws IllegalArgumentException if the base URL is not an http(s) URL
     */
    public HuggingFaceProvider build(ProviderContext context) {
      return new HuggingFaceProvider(this, Objects.requireNonNull(context, "context"));
    }
  }
}
