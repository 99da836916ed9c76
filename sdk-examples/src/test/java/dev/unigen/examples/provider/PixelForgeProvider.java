package dev.unigen.examples.provider;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Size;
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
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.ImageProbe;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderErrors;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.http.RetryAfter;
import dev.unigen.spi.http.Seeds;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The provider built step by step in {@code docs/writing-a-provider.md}: PixelForge, a made-up
 * queue API. A submit ({@code POST /v1/jobs}) answers with a job id; {@code GET /v1/jobs/{id}}
 * reports {@code queued}, {@code running}, {@code succeeded} (with images, as URLs or inline as
 * {@code b64_json}, and the cost) or {@code failed}; {@code POST /v1/jobs/{id}/cancel} cancels.
 * Requests carry {@code Authorization: Key <key>}; errors come as
 * {@code {"error": {"code": "...", "message": "..."}}}.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> PixelForgeProvider.builder().build(ctx))   // reads PIXELFORGE_KEY
 *     .build();
 * }</pre>
 *
 * This class is threadsafe; its builder is not.
 */
public final class PixelForgeProvider extends AbstractProvider {
  /** The provider's name in catalogs and ledgers: {@value}. */
  public static final String NAME = "pixelforge";
  /** The variable the key is read from, as PixelForge's own clients read it: {@value}. */
  public static final String KEY_VARIABLE = "PIXELFORGE_KEY";
  /** PixelForge's API: {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.pixelforge.example";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final String name;
  private final ProviderHttp http;
  private final Errors errors;
  private final Clock clock;

  private PixelForgeProvider(ProviderSettings settings) {
    // The base serves the module's own catalog, its offers moved to this instance's name when it has another.
    super(settings);
    name = settings.name();
    clock = settings.context().clock();
    errors = new Errors(settings);
    http = ProviderHttp.builder(settings)
        .headers(request -> request.header("Authorization", "Key " + settings.apiKey()))
        .errors(errors::read)
        .build();
  }

  /** Returns a builder: the key from {@value #KEY_VARIABLE}, the base URL from {@code UNIGEN_PIXELFORGE_BASE_URL} or the default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code call} to {@code POST /v1/jobs} and completes with the accepted job. Never re-sent:
   * a connection lost after sending, or an answer that cannot be read, completes with
   * {@link OutcomeUnknownException}.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    dev.unigen.request.Request r = call.request();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", call.endpoint());
    r.prompt().ifPresent(p -> body.put("prompt", p));
    Size size = r.sizeOr(call.offer().capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE));
    body.put("width", size.width());
    body.put("height", size.height());
    body.put("num_images", r.count());
    // Within the offer's catalog range, checked before this call; written as the plain number.
    r.seed().ifPresent(seed -> body.put("seed", seed));
    body.putAll(r.providerOptions().getOrDefault(NAME, Map.of()));

    Request request = http.request("/v1/jobs")
        .header("Idempotency-Key", call.id())
        .post(RequestBody.create(Json.write(body), JSON))
        .build();
    return http.submit(request, answer -> accepted(call, answer));
  }

  private Submission accepted(ProviderCall call, Answer answer) {
    String id = Json.string(answer.object(), "id").orElseThrow(() ->
        // The job may exist and be billed: an unknown outcome is never sent here again.
        new OutcomeUnknownException(name, "the submit was answered without a job id"));
    // Everything in a JobRef is written to the job journal: ids, URLs and the endpoint, never the key.
    return Submission.accepted(JobRef.of(name, id, url("v1", "jobs", id).toString(),
        url("v1", "jobs", id, "cancel").toString(), Map.of(JobRef.ENDPOINT, call.endpoint())));
  }

  /** Reads the job's status; a poll that fails on the way is retryable, as reading twice is harmless. */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    // The URL is rebuilt from this instance's base URL, so the key is only ever sent there.
    Request request = http.request(url("v1", "jobs", job.id())).get().build();
    return http.read(request, answer -> status(job, answer));
  }

  private PollResult status(JobRef job, Answer answer) {
    Duration hint = RetryAfter.parse(answer.headers(), clock).orElse(null);
    Map<String, Object> o = answer.object();
    String status = Json.string(o, "status").orElse("");
    switch (status) {
      case "queued":
        return PollResult.pending(PollResult.State.QUEUED,
            new Progress(status, integer(o, "queue_position"), null, List.of()), hint);
      case "running":
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(status, null, integer(o, "progress"), strings(o, "logs")), hint);
      case "succeeded":
        return output(job, o);
      case "failed":
        return PollResult.failed(errors.job(o));
      case "canceled":
        return PollResult.canceled(new JobCanceledException(name, "job " + job.id() + " was canceled"));
      default:
        throw new ProviderFailureException(name, "unknown status '" + status + "' for job " + job.id());
    }
  }

  /** Asks PixelForge to cancel {@code job}; completes with false if it refused (409: already finished) or could not be asked. */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    Request request = http.request(url("v1", "jobs", job.id(), "cancel")).post(RequestBody.EMPTY).build();
    // Asking twice to cancel is harmless, so this is a read, not a submit.
    return http.read(request, answer -> true).exceptionally(error -> false);
  }

  private PollResult output(JobRef job, Map<String, Object> o) {
    List<Object> images = Json.array(o, "images");
    if (images.isEmpty()) {
      return PollResult.failed(new NoOutputException(name, "job " + job.id() + " succeeded without images"));
    }
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(job.id());
    Usage.Builder usage = Usage.builder();
    for (Object item : images) {
      Map<String, Object> image = Json.object(item);
      Asset.Builder asset = Asset.builder(Json.string(image, "content_type").orElse("image/png"));
      Optional<Size> size = stated(image);
      Optional<String> url = Json.string(image, "url");
      Optional<String> inline = Json.string(image, "b64_json");
      if (url.isPresent()) {
        // The generator adds a fetcher, so saveTo() streams the URL to a file (https only, or loopback).
        asset.url(url.get());
      } else if (inline.isPresent()) {
        byte[] bytes = DataUri.decodeBase64(inline.get());
        asset.bytes(bytes);
        // The image's own header says what was made, whatever the answer claims.
        size = ImageProbe.size(bytes).or(() -> stated(image));
      }
      if ((url.isEmpty() && inline.isEmpty()) || size.isEmpty()) {
        return PollResult.failed(new NoOutputException(name, "job " + job.id() + " sent an image with no content or size"));
      }
      asset.size(size.get().width(), size.get().height());
      Seeds.parse(image.get("seed")).ifPresent(asset::seed);
      out.asset(asset.build());
      usage.image(size.get().width(), size.get().height());
    }
    // A cost the provider reports wins over the catalog's computed price (CostBasis.REPORTED).
    Json.decimal(o, "cost_usd").ifPresent(cost -> usage.reportedCost(Money.usd(cost)));
    return PollResult.succeeded(out.usage(usage.build()).build());
  }

  /** PixelForge's own readings of an error answer and of a failed job; every other status gets the common mapping. */
  static final class Errors extends ProviderErrors {
    Errors(ProviderSettings settings) {
      super(settings);
    }

    Optional<GenerationException> read(Answer answer) {
      // An HTML page or plain text from a proxy reads as an empty object: the common mapping then.
      String code = Json.string(Json.object(Json.lenient(answer.text()), "error"), "code").orElse("");
      if (code.equals("content_policy")) return Optional.of(new ContentModeratedException(provider(), message(answer)));
      // PixelForge answers 429 both when rate limiting and when the account is out of credit.
      if (answer.status() == 429 && code.equals("quota_exceeded")) {
        return Optional.of(new InsufficientCreditException(provider(), message(answer)));
      }
      return Optional.empty();
    }

    /** The typed error for a job that ended {@code failed}. */
    GenerationException job(Map<String, Object> o) {
      Map<String, Object> error = Json.object(o, "error");
      String message = redact(Json.string(error, "message").orElse("job failed"));
      if ("content_policy".equals(Json.string(error, "code").orElse(""))) {
        return new ContentModeratedException(provider(), message);
      }
      return new ProviderFailureException(provider(), message);
    }
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = http.settings().baseUrl().newBuilder();
    for (String s : segments) b.addPathSegment(s);   // encodes an id that holds a '/' or '?'
    return b.build();
  }

  private static Optional<Size> stated(Map<String, Object> image) {
    int width = Json.decimal(image, "width").map(BigDecimal::intValue).orElse(0);
    int height = Json.decimal(image, "height").map(BigDecimal::intValue).orElse(0);
    return width > 0 && height > 0 ? Optional.of(Size.of(width, height)) : Optional.empty();
  }

  private static Integer integer(Map<String, Object> o, String key) {
    return Json.decimal(o, key).map(BigDecimal::intValue).orElse(null);
  }

  private static List<String> strings(Map<String, Object> o, String key) {
    List<String> out = new ArrayList<>();
    for (Object v : Json.array(o, key)) if (v instanceof String) out.add((String) v);
    return out;
  }

  /** Builds a {@link PixelForgeProvider}; every setting is optional. Not threadsafe. */
  public static final class Builder extends ProviderBuilder<Builder> {
    private Builder() {
      super(NAME, List.of(KEY_VARIABLE), DEFAULT_BASE_URL, Duration.ofSeconds(30));
    }

    /**
     * Returns the provider.
     *
     * @throws IllegalStateException if no key was given and {@value PixelForgeProvider#KEY_VARIABLE} is not set
     */
    @Override
    public PixelForgeProvider build(ProviderContext context) {
      return new PixelForgeProvider(settings(context));
    }
  }
}
