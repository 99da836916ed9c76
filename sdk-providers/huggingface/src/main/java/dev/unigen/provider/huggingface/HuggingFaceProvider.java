package dev.unigen.provider.huggingface;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.huggingface.wire.HfInferenceWire;
import dev.unigen.provider.huggingface.wire.TextToImageParams;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.http.Seeds;
import dev.unigen.spi.protocol.FalQueue;
import dev.unigen.spi.protocol.ReplicatePredictions.Prediction;
import dev.unigen.spi.protocol.ReplicatePredictions;
import dev.unigen.spi.protocol.TogetherImages;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

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
 * <p>The fal, Replicate and Together routes speak those protocols through
 * {@link FalQueue}, {@link ReplicatePredictions} and {@link TogetherImages}, under the route's path
 * on the router.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class HuggingFaceProvider extends AbstractProvider {
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
  static final String ATTR_BILL_TO = "billTo";

  private final String name;
  private final ProviderHttp http;
  private final FalQueue fal;
  private final ReplicatePredictions replicate;
  private final TogetherImages together;
  private final HfInference hfInference;
  private final RouterErrors errors;

  private HuggingFaceProvider(Builder b, ProviderSettings settings) {
    super(settings);
    this.name = settings.name();
    this.errors = new RouterErrors(settings);
    this.http = ProviderHttp.builder(settings).bearerAuth().errors(this::error).build();
    this.fal = FalQueue.routed(http, "/" + Route.FAL_AI.id(), Map.of("_subdomain", "queue"));
    this.replicate = new ReplicatePredictions(http, "/" + Route.REPLICATE.id() + "/v1");
    this.together = new TogetherImages(http, "/" + Route.TOGETHER.id() + "/v1");
    this.hfInference = new HfInference(http, b.maxLoadingWait);
  }

  /** Returns a builder; the token and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code call} on the route its endpoint names. Completes with the image for
   * hf-inference, Together and a Replicate prediction finished within its wait, or with an
   * accepted job for fal and an unfinished Replicate prediction; exceptionally with a typed
   * {@link GenerationException} otherwise.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    try {
      return route(call);
    } catch (GenerationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProviderFailureException(name, redact("could not send " + call.endpoint() + ": " + e), 0, false, e);
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
    if (!name.equals(job.provider())) throw new IllegalArgumentException("not a " + name + " job: " + job);
    String route = job.attributes().getOrDefault(ATTR_ROUTE, "");
    UnaryOperator<okhttp3.Request.Builder> billTo = billTo(job.attributes().get(ATTR_BILL_TO));
    if (Route.REPLICATE.id().equals(route)) {
      return replicate.poll(job.id(), billTo, p -> "aborted".equals(p.status().orElse(""))
          ? PollResult.canceled(new JobCanceledException(name, "prediction " + p.id() + " was aborted before it started (not billed)"))
          : replicateResult(p, job.attributes().getOrDefault(JobRef.ENDPOINT, job.id())));
    }
    if (!Route.FAL_AI.id().equals(route)) {
      throw new IllegalArgumentException("job " + job.id() + " names no route this provider polls: '" + route + "'");
    }
    try {
      return fal.poll(job.id(), job.attributes().get(ATTR_FAL_PATH), billTo, new FalQueue.Outcome() {
        @Override
        public ProviderOutput output(String requestId, Object result, Optional<BigDecimal> billedUnits) {
          return falOutput(requestId, result, billedUnits);
        }

        @Override
        public GenerationException failed(String requestId, FalQueue.Status status) {
          return errors.jobFailure(status.error().orElse("fal reported " + status.status())
              + status.errorType().map(t -> " (" + t + ")").orElse(""));
        }
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Returns false: the router's forwarding of fal's and Replicate's cancel calls is not
   * documented, so no cancel is sent.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    return CompletableFuture.completedFuture(false);
  }

  // ---------------------------------------------------------------------------------------------
  // submit

  private CompletableFuture<Submission> route(ProviderCall call) {
    Request r = call.request();
    if (r.task() != Task.TEXT_TO_IMAGE) {
      throw new InvalidRequestException(name, "only text-to-image is served, not " + r.task().wireName());
    }
    if (r.prompt().isEmpty()) throw new InvalidRequestException(name, "text-to-image needs a prompt");
    Endpoint ep;
    try {
      ep = Endpoint.parse(call.endpoint());
    } catch (IllegalArgumentException e) {
      // The offer is misconfigured, not the request: another offer may still serve it.
      throw new ProviderFailureException(name, redact(e.getMessage()), 0, false, e);
    }
    Map<String, Object> extras = new LinkedHashMap<>(r.providerOptions().getOrDefault(name, Map.of()));
    Object billTo = extras.remove(BILL_TO_OPTION);
    if (billTo != null && !(billTo instanceof String && ((String) billTo).matches("[\\x21-\\x7E]+"))) {
      throw new InvalidRequestException(name, "providerOptions " + name + "." + BILL_TO_OPTION
          + " must be an organization name or resource group id");
    }
    TextToImageParams p = TextToImageParams.from(r, extras);
    String org = (String) billTo;
    UnaryOperator<okhttp3.Request.Builder> decorate = billTo(org);
    try {
      switch (ep.route()) {
        case HF_INFERENCE:
          return hfInference.submit(call, ep, decorate, Json.bytes(p.hfInference()));
        case FAL_AI:
          return falSubmit(ep, org, decorate, Json.bytes(p.falInput()));
        case REPLICATE:
          return replicateSubmit(ep, org, decorate, p.replicateInput());
        case TOGETHER:
          return together.generate(p.together(ep.model()), decorate, g -> Submission.completed(togetherOutput(ep, g)));
        default:
          throw new IllegalStateException("unhandled route " + ep.route());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(name, "providerOptions " + name + ": " + redact(e.getMessage()));
    }
  }

  private static UnaryOperator<okhttp3.Request.Builder> billTo(String org) {
    return b -> org == null ? b : b.header(BILL_TO_HEADER, org);
  }

  /** The router's errors; a "model is loading" 503 is kept apart, for hf-inference to wait on. */
  private Optional<GenerationException> error(Answer answer) {
    return HfInference.loading(name, answer, settings().context().redactor())
        .or(() -> Optional.of(errors.map(answer.status(), answer.text(), answer.headers())));
  }

  // fal-ai ------------------------------------------------------------------------------------------

  private CompletableFuture<Submission> falSubmit(Endpoint ep, String billTo, UnaryOperator<okhttp3.Request.Builder> decorate,
      byte[] body) {
    return fal.submit(ep.model(), body, Optional.empty(), decorate).thenApply(q -> {
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put(ATTR_ROUTE, Route.FAL_AI.id());
      attrs.put(JobRef.ENDPOINT, ep.toString());
      attrs.put(ATTR_FAL_PATH, q.path());
      if (billTo != null) attrs.put(ATTR_BILL_TO, billTo);
      return Submission.accepted(JobRef.of(name, q.requestId(), fal.statusUrl(q.path()).toString(), null, attrs));
    });
  }

  /**
   * A fal result's {@code images[{url, width, height, content_type}]}, each with the NSFW flag of
   * {@code has_nsfw_concepts} at its index, and {@code seed} when there is one image.
   */
  private ProviderOutput falOutput(String requestId, Object result, Optional<BigDecimal> billedUnits) {
    Map<String, Object> o = Json.object(result);
    List<Object> files = Json.array(o, "images");
    List<Object> nsfw = Json.array(o, "has_nsfw_concepts");
    OptionalLong seed = Seeds.parse(o.get("seed"));
    List<Asset> images = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Optional<FalQueue.File> f = FalQueue.File.read(files.get(i));
      if (f.isEmpty()) continue;
      Asset.Builder a = Asset.builder(f.get().contentType().orElseGet(() ->
          ReplicatePredictions.mediaType(f.get().url().orElse(""), "image/jpeg")));
      f.get().url().ifPresent(a::url);
      f.get().bytes().ifPresent(a::bytes);
      if (f.get().width().isPresent() && f.get().height().isPresent()) a.size(f.get().width().getAsInt(), f.get().height().getAsInt());
      a.nsfw(i < nsfw.size() && Boolean.TRUE.equals(nsfw.get(i)));
      if (files.size() == 1 && seed.isPresent()) a.seed(seed.getAsLong());
      images.add(a.build());
    }
    if (images.isEmpty()) throw new NoOutputException(name, "fal request " + requestId + " completed without images");
    Usage.Builder usage = Usage.builder();
    billedUnits.ifPresent(usage::billedUnits);
    ProviderOutput.Builder out = output(images, usage, Optional.of(requestId));
    if (images.stream().anyMatch(Asset::nsfw)) {
      out.warning("fal flagged NSFW content (has_nsfw_concepts); such images are usually returned blacked out");
    }
    return out.build();
  }

  // replicate -----------------------------------------------------------------------------------------

  private CompletableFuture<Submission> replicateSubmit(Endpoint ep, String billTo,
      UnaryOperator<okhttp3.Request.Builder> decorate, Map<String, Object> input) {
    int colon = ep.model().indexOf(':');
    Optional<String> version = colon >= 0 ? Optional.of(ep.model().substring(colon + 1)) : Optional.empty();
    return replicate.create(Optional.of(ep.model()), version, Map.of("input", input), b -> decorate.apply(b).header("Prefer", "wait"))
        .thenApply(p -> {
          PollResult result = replicateResult(p, ep.toString());
          if (result.state() == PollResult.State.SUCCEEDED) return Submission.completed(result.output().get());
          // A prediction that succeeded without a usable output ran and is billed: it is polled, not bought again.
          if (result.isDone() && !result.ran()) throw result.error().get();
          Map<String, String> attrs = new LinkedHashMap<>();
          attrs.put(ATTR_ROUTE, Route.REPLICATE.id());
          attrs.put(JobRef.ENDPOINT, ep.toString());
          if (billTo != null) attrs.put(ATTR_BILL_TO, billTo);
          return Submission.accepted(JobRef.of(name, p.id(), replicate.predictionUrl(p.id()).toString(), null, attrs));
        });
  }

  private PollResult replicateResult(Prediction p, String what) {
    return replicate.result(p, done -> {
      List<Asset> images = new ArrayList<>();
      for (String url : done.outputs()) images.add(Asset.builder(ReplicatePredictions.mediaType(url, "image/webp")).url(url).build());
      if (images.isEmpty()) {
        throw new NoOutputException(name, "Replicate prediction " + done.id() + " for " + what
            + " succeeded without output (its data may have been removed)");
      }
      Usage.Builder usage = Usage.builder();
      done.predictTime().ifPresent(usage::computeSeconds);
      return output(images, usage, Optional.of(done.id())).build();
    }, failed -> errors.jobFailure(failed.error().orElse("Replicate prediction failed")));
  }

  // together --------------------------------------------------------------------------------------------

  private ProviderOutput togetherOutput(Endpoint ep, TogetherImages.Generation answer) {
    List<Asset> images = new ArrayList<>();
    for (TogetherImages.Image image : answer.data()) {
      Optional<byte[]> bytes;
      try {
        bytes = image.bytes();
      } catch (IllegalArgumentException e) {
        throw new NoOutputException(name, "unreadable answer from " + ep + ": " + redact(e.getMessage()));
      }
      if (bytes.isPresent()) images.add(HfInferenceWire.inline(bytes.get(), image.mediaType(bytes, "image/jpeg")));
      else image.url().ifPresent(u -> images.add(Asset.builder(image.mediaType(bytes, "image/jpeg")).url(u).build()));
    }
    if (images.isEmpty()) throw new NoOutputException(name, "200 without images from " + ep);
    return output(images, Usage.builder(), answer.id()).build();
  }

  // shared ------------------------------------------------------------------------------------------------

  /** The output of {@code images}, with the usage completed with what they say was produced. */
  static ProviderOutput.Builder output(List<Asset> images, Usage.Builder usage, Optional<String> requestId) {
    ProviderOutput.Builder out = ProviderOutput.builder();
    usage.count(images.size());
    for (Asset a : images) {
      if (a.width().isPresent() && a.height().isPresent()) usage.image(a.width().getAsInt(), a.height().getAsInt());
      out.asset(a);
    }
    requestId.filter(id -> !id.isBlank()).ifPresent(out::providerRequestId);
    return out.usage(usage.build());
  }

  private String redact(String text) {
    return errors.redact(text);
  }

  /**
   * Builds a {@link HuggingFaceProvider}. The token defaults to {@code HF_TOKEN}, then
   * {@code HUGGING_FACE_HUB_TOKEN} (a token with the "Make calls to Inference Providers"
   * permission), the base URL to {@code UNIGEN_HUGGINGFACE_BASE_URL} or
   * {@value HuggingFaceProvider#DEFAULT_BASE_URL}, the timeout of one HTTP exchange to 120 s. Not
   * threadsafe.
   *
   * <pre>{@code
   * Generator gen = Generator.builder()
   *     .provider(ctx -> HuggingFaceProvider.builder().timeout(Duration.ofSeconds(90)).build(ctx))
   *     .subscribedTo("huggingface", "pro")
   *     .build();
   * }</pre>
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private Duration maxLoadingWait = DEFAULT_MAX_LOADING_WAIT;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
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
     */
    @Override
    public HuggingFaceProvider build(ProviderContext context) {
      return new HuggingFaceProvider(this, settings(context));
    }
  }
}
