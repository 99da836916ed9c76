package dev.unigen.provider.xai;

import dev.unigen.GenerationException;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Progress;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * xAI's REST API: Grok Imagine images ({@code POST /v1/images/generations} and
 * {@code /v1/images/edits}, answered at once or, deferred, polled at {@code GET /v1/images/{id}}),
 * Grok Imagine video ({@code /v1/videos/generations}, {@code /edits} and {@code /extensions},
 * polled at {@code GET /v1/videos/{id}} as a journaled job with progress), and Grok chat
 * completions for the text task ({@code POST /v1/chat/completions}).
 *
 * <p>Every answer reports what it cost ({@code usage.cost_in_usd_ticks}, 10^10 ticks to the
 * dollar), which becomes the actual cost, marked {@code REPORTED}. Each image and video offer
 * declares xAI's per-model limit (5 requests a second for image models, 1 for video) as its catalog
 * {@code rateLimit}, so a generator queues a burst rather than sending it into 429s. {@link #refreshLanguageModels()} reads the text models and their token prices from
 * {@code GET /v1/language-models}; the bundled catalog's text offers are the offline default.
 *
 * <pre>{@code
 * try (Generator gen = Generator.builder()
 *     .provider(ctx -> XaiProvider.builder().build(ctx))   // reads XAI_API_KEY or GROK_API_KEY
 *     .build()) {
 *   String prompt = gen.text("grok-4.3").system("You write image prompts.").prompt("a red bicycle")
 *       .generate().text().orElseThrow();
 *   Generation g = gen.image("grok-imagine").prompt(prompt).aspectRatio("16:9").generate();
 * }
 * }</pre>
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class XaiProvider extends AbstractProvider {
  /** The provider's name in catalogs. */
  public static final String NAME = "xai";
  /** The variable xAI's official clients read the API key from. */
  public static final String KEY_VARIABLE = "XAI_API_KEY";
  /** A second variable the key is read from when {@value #KEY_VARIABLE} is not set, as some applications name it. */
  public static final String GROK_KEY_VARIABLE = "GROK_API_KEY";
  /** The API's base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.x.ai/v1";
  /** How long one exchange may stay silent by default: an image or a reasoning answer can take minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);
  /** The default bound on an answer read into memory: ten 2k images in base64 fit well within it. */
  public static final long DEFAULT_MAX_ANSWER_BYTES = 128L << 20;

  private static final MediaType JSON = MediaType.get("application/json");

  private final XaiErrors errors;
  private final ProviderHttp http;
  private final boolean deferredImages;

  private XaiProvider(ProviderSettings settings, boolean deferredImages) {
    super(settings);
    errors = new XaiErrors(settings);
    http = ProviderHttp.builder(settings).bearerAuth().errors(errors::read).build();
    this.deferredImages = deferredImages;
  }

  /** Returns a builder for a provider named {@value #NAME} that reads its key from {@value #KEY_VARIABLE} or {@value #GROK_KEY_VARIABLE}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code call}: a text request as a chat completion, answered at once; an image request
   * answered at once, or accepted as a job when deferred; a video request accepted as a job.
   * (A generator spaces each model's submits by the offer's catalog {@code rateLimit}: 5 a second
   * for image models, 1 for video.) Throws {@link InvalidRequestException} for what the API
   * cannot take, before sending; otherwise fails with the typed error of xAI's answer, and a 2xx
   * that breaks with an {@link OutcomeUnknownException}, as it may be billed.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    try {
      if (call.request().task() == Task.TEXT) {
        return post("chat/completions", Chat.body(name(), call),
            answer -> Submission.completed(Chat.output(name(), answer.object(), settings().context().redactor())));
      }
      XaiCall media = call.request().task().producesVideo() ? Videos.of(name(), call)
          : Images.of(name(), call, deferredImages);
      return post(media.path(), media.body(), answer -> media.deferred()
          ? Submission.accepted(job(call, media, answer))
          : Submission.completed(Images.output(name(), answer.object(), answer.header("x-request-id").orElse(null), media)));
    } catch (IllegalArgumentException e) {
      // A raw option with no JSON form, say: refused before anything is sent.
      throw new InvalidRequestException(name(), errors.redact(String.valueOf(e.getMessage())));
    }
  }

  /** Submits {@code body} to {@code path} once. */
  private CompletableFuture<Submission> post(String path, Map<String, Object> body,
      ProviderHttp.Decoder<Submission> decoder) {
    Request request = http.request(path).post(RequestBody.create(Json.bytes(body), JSON)).build();
    return http.submit(request, decoder);
  }

  private JobRef job(ProviderCall call, XaiCall media, Answer answer) {
    String id = Json.text(answer.object(), "request_id").orElseThrow(() ->
        // The job may exist and be billed: an unknown outcome is never sent here again.
        new OutcomeUnknownException(name(), "the submit was answered without a request_id"));
    // Everything here is journaled: ids and the endpoint, never the key.
    return JobRef.of(name(), id, url(media.video(), id).toString(), null, media.attributes(call.endpoint()));
  }

  /** {@code GET /v1/images/{id}} or {@code /v1/videos/{id}}, always under this instance's base URL. */
  private HttpUrl url(boolean video, String id) {
    return http.settings().baseUrl().newBuilder().addPathSegment(video ? "videos" : "images").addPathSegment(id).build();
  }

  /**
   * Reads a job's state: 202 while pending (a video's {@code progress} in percent), then done,
   * failed or expired; a done job is billed however its answer turns out. A poll that fails on the
   * way is retryable; reading twice is harmless.
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    Objects.requireNonNull(job, "job");
    XaiCall media = XaiCall.of(job);
    return http.read(http.request(url(media.video(), job.id())).get().build(), answer -> {
      Map<String, Object> o = answer.text().isBlank() ? Map.of() : answer.object();
      String status = Json.string(o, "status").orElse(answer.status() == 202 ? "pending" : "");
      switch (status) {
        case "done":
          return done(() -> media.video() ? Videos.output(name(), o, job.id(), media)
              : Images.output(name(), o, job.id(), media));
        case "failed":
          return PollResult.failed(errors.job(job.id(), Json.object(o, "error")));
        case "expired":
          return PollResult.failed(new GenerationTimeoutException(name(), "job " + job.id() + " expired before it was done"));
        default:
          // "pending", and any status xAI adds later: the official clients keep polling.
          Integer percent = Json.decimal(o, "progress").map(BigDecimal::intValue).orElse(null);
          return PollResult.pending(PollResult.State.RUNNING,
              new Progress(status.isEmpty() ? "pending" : status, null, percent, List.of()), null);
      }
    });
  }

  /**
   * The result of a job xAI says is done: the work ran, so an answer with nothing usable in it is
   * billed and never bought again; a moderated output is billed as the offer's failure billing says.
   */
  private static PollResult done(Supplier<ProviderOutput> output) {
    try {
      return PollResult.succeeded(output.get());
    } catch (NoOutputException e) {
      return PollResult.failedAfterRunning(e);
    } catch (GenerationException e) {
      return PollResult.failed(e);
    }
  }

  /**
   * Reads {@code GET /v1/language-models} and from then on serves a catalog whose text offers are
   * the models listed there, with their token prices (US cents per 100 million tokens in the
   * answer), dated today and sourced to the model list; image and video offers are kept. Completes
   * with the new catalog; {@code Generator.refreshCatalog()} calls this and swaps the catalog of
   * a running generator. Fails with the typed error of the answer, or a {@link ProviderFailureException} if it lists
   * no priced text model; the catalog is then unchanged.
   */
  public CompletableFuture<Catalog> refreshLanguageModels() {
    return refreshCatalog();
  }

  @Override
  public boolean readsLivePrices() {
    return true;
  }

  /** Reads xAI's live text models and token prices: the same as {@link #refreshLanguageModels()}. */
  @Override
  public CompletableFuture<Catalog> refreshCatalog() {
    HttpUrl list = http.settings().url("language-models");
    return http.read(http.request(list).get().build(), answer -> {
      try {
        LocalDate today = LocalDate.ofInstant(http.settings().context().clock().instant(), ZoneOffset.UTC);
        catalog(LanguageModels.apply(name(), catalog(), answer.object(), today, "GET " + list));
      } catch (IllegalArgumentException e) {
        throw new ProviderFailureException(name(), "xAI's model list could not be read: " + e.getMessage(),
            answer.status(), false, e);
      }
      return catalog();
    });
  }

  /**
   * Builds an {@link XaiProvider}. Every setting is optional: the key defaults to
   * {@value #KEY_VARIABLE}, else {@value #GROK_KEY_VARIABLE}; the base URL to
   * {@code UNIGEN_XAI_BASE_URL} or {@value #DEFAULT_BASE_URL}; the timeout to
   * {@link #DEFAULT_TIMEOUT}; the bound on an answer to {@link #DEFAULT_MAX_ANSWER_BYTES}. Not
   * threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private boolean deferredImages;

    private Builder() {
      super(NAME, List.of(KEY_VARIABLE, GROK_KEY_VARIABLE), DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
      maxAnswerBytes(DEFAULT_MAX_ANSWER_BYTES);
    }

    /**
     * Sends image requests deferred ({@code "deferred": true}): xAI answers with a request id at
     * once and the images, as URLs, are polled as a journaled job. Off by default: images are
     * answered at once, in base64. A request's {@code providerOptions("xai", Map.of("deferred",
     * true))} does the same for that request alone.
     */
    public Builder deferredImages(boolean deferred) {
      this.deferredImages = deferred;
      return this;
    }

    /**
     * Returns the provider, using {@code context}'s HTTP client, scheduler, clock and redactor.
     *
     * @throws IllegalStateException if no key was given and neither {@value #KEY_VARIABLE} nor
     *     {@value #GROK_KEY_VARIABLE} is set
     */
    @Override
    public XaiProvider build(ProviderContext context) {
      return new XaiProvider(settings(context), deferredImages);
    }
  }
}
