package dev.unigen.examples.provider;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import dev.unigen.Asset;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.RetryAfter;
import dev.unigen.spi.http.Seeds;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Size;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The provider built step by step in {@code docs/writing-a-provider.md}: PixelForge, a made-up
 * queue API. A submit ({@code POST /v1/jobs}) answers with a job id; {@code GET /v1/jobs/{id}}
 * reports {@code queued}, {@code running}, {@code succeeded} (with image URLs and the cost) or
 * {@code failed}; {@code POST /v1/jobs/{id}/cancel} cancels. Requests carry
 * {@code Authorization: Key <key>}. Threadsafe.
 */
public final class PixelForgeProvider implements Provider {
  /** The provider's name in catalogs and ledgers. */
  public static final String NAME = "pixelforge";
  /** Where the key is read from, in order. */
  public static final List<String> KEY_VARIABLES = List.of("PIXELFORGE_KEY");
  private static final String DEFAULT_BASE_URL = "https://api.pixelforge.example";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final ProviderContext context;
  private final OkHttpClient client;
  private final HttpUrl baseUrl;
  private final String key;
  private final Catalog catalog;
  private final JsonAdapter<Map<String, Object>> json;

  /**
   * Creates the provider from the generator's context.
   *
   * @throws IllegalStateException if no key is set
   */
  public PixelForgeProvider(ProviderContext context) {
    this.context = context;
    this.client = context.httpClient();
    // UNIGEN_PIXELFORGE_BASE_URL wins over the default: for proxies and for tests on a local server.
    this.baseUrl = HttpUrl.get(context.baseUrl(NAME, DEFAULT_BASE_URL));
    // secret() registers the key with the redactor, whose redact() cuts it from any text.
    this.key = context.secret(KEY_VARIABLES)
        .orElseThrow(() -> new IllegalStateException("set " + KEY_VARIABLES.get(0) + " to use " + NAME));
    // Every provider module ships META-INF/unigen/catalog.json: read the one beside this class.
    this.catalog = Catalog.ofModule(PixelForgeProvider.class);
    this.json = context.moshi().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    dev.unigen.request.Request r = call.request();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", call.endpoint());
    r.prompt().ifPresent(p -> body.put("prompt", p));
    Size size = r.sizeOr(call.offer().capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE));
    body.put("width", size.width());
    body.put("height", size.height());
    body.put("num_images", r.count());
    r.seed().ifPresent(seed -> body.put("seed", seed));
    body.putAll(r.providerOptions().getOrDefault(NAME, Map.of()));

    Request http = authorized(url("v1", "jobs"))
        .header("Idempotency-Key", call.id())
        .post(RequestBody.create(json.toJson(body), JSON))
        .build();
    // Not idempotent: a connection that breaks after the body was sent ends as OutcomeUnknownException.
    return HttpCalls.send(client, http, NAME, false).thenApply(response -> accepted(call, response));
  }

  private Submission accepted(ProviderCall call, Response response) {
    Map<String, Object> o = read(response, true);
    String id = Json.string(o, "id").orElseThrow(() ->
        // The job may exist and be billed: an unknown outcome is never sent here again.
        new OutcomeUnknownException(NAME, "the submit was answered without a job id"));
    // Everything in a JobRef is written to the job journal: ids, URLs and the endpoint, never the key.
    return Submission.accepted(JobRef.of(NAME, id, url("v1", "jobs", id).toString(),
        url("v1", "jobs", id, "cancel").toString(), Map.of("endpoint", call.endpoint())));
  }

  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    // The URL is rebuilt from the configured base URL, so the key is only ever sent there.
    Request http = authorized(url("v1", "jobs", job.id())).get().build();
    // A status read is idempotent: a failed one is simply tried again at the next poll.
    return HttpCalls.send(client, http, NAME, true).thenApply(response -> {
      Duration hint = RetryAfter.parse(response.headers(), context.clock()).orElse(null);
      Map<String, Object> o = read(response, false);
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
          return PollResult.failed(jobError(o));
        case "canceled":
          return PollResult.canceled(new JobCanceledException(NAME, "job " + job.id() + " was canceled"));
        default:
          throw new ProviderFailureException(NAME, "unknown status '" + status + "' for job " + job.id());
      }
    });
  }

  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    Request http = authorized(url("v1", "jobs", job.id(), "cancel")).post(RequestBody.EMPTY).build();
    // Asking twice to cancel is harmless, so this call may be retried like a poll.
    return HttpCalls.send(client, http, NAME, true).handle((response, error) -> {
      if (error != null) return false;
      try (Response r = response) {
        return r.isSuccessful();   // 409 when the job had already finished
      }
    });
  }

  private PollResult output(JobRef job, Map<String, Object> o) {
    List<Object> images = Json.array(o, "images");
    if (images.isEmpty()) {
      return PollResult.failed(new NoOutputException(NAME, "job " + job.id() + " succeeded without images"));
    }
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(job.id());
    Usage.Builder usage = Usage.builder();
    for (Object item : images) {
      Map<String, Object> image = Json.object(item);
      String url = Json.string(image, "url").orElse(null);
      int width = Json.decimal(image, "width").map(BigDecimal::intValue).orElse(0);
      int height = Json.decimal(image, "height").map(BigDecimal::intValue).orElse(0);
      if (url == null || width <= 0 || height <= 0) {
        return PollResult.failed(new NoOutputException(NAME, "job " + job.id() + " sent an image with no URL or size"));
      }
      // The generator adds a fetcher, so saveTo() streams the URL to a file (https only, or loopback).
      Asset.Builder asset = Asset.builder(Json.string(image, "content_type").orElse("image/png"))
          .url(url).size(width, height);
      Seeds.parse(image.get("seed")).ifPresent(asset::seed);
      out.asset(asset.build());
      usage.image(width, height);
    }
    // A cost the provider reports wins over the catalog's computed price (CostBasis.REPORTED).
    Json.decimal(o, "cost_usd").ifPresent(cost -> usage.reportedCost(Money.usd(cost)));
    return PollResult.succeeded(out.usage(usage.build()).build());
  }

  /** The typed error for a job that ended {@code failed}. */
  private GenerationException jobError(Map<String, Object> o) {
    Map<String, Object> error = Json.object(o, "error");
    String message = context.redactor().redact(Json.string(error, "message").orElse("job failed"));
    if ("content_policy".equals(Json.string(error, "code").orElse(""))) {
      return new ContentModeratedException(NAME, message);
    }
    return new ProviderFailureException(NAME, message);
  }

  /**
   * The body of a successful response as a JSON object; otherwise the typed error for its status.
   * {@code submit} says whether a success means the provider took, and may bill, the request.
   * Closes the response.
   */
  private Map<String, Object> read(Response response, boolean submit) {
    String text;
    int status;
    Headers headers;
    try (Response r = response) {
      status = r.code();
      headers = r.headers();
      text = r.body().string();
    } catch (IOException e) {
      // The answer was lost on its way back: a submit may have been accepted all the same.
      throw new OutcomeUnknownException(NAME, "reading the answer failed: " + e, e);
    }
    if (status < 200 || status > 299) throw error(status, text, headers);
    try {
      return Json.object(Json.parse(text));
    } catch (IllegalArgumentException e) {
      String what = "answered HTTP " + status + " with a body that is not JSON";
      if (submit) throw new OutcomeUnknownException(NAME, what + "; the job may have been accepted", e);
      throw new ProviderFailureException(NAME, what, status, false, e);
    }
  }

  /** This provider's special cases first; {@link HttpErrors} maps the rest by status. */
  private GenerationException error(int status, String body, Headers headers) {
    String code;
    try {
      code = Json.string(Json.object(Json.object(Json.parse(body)), "error"), "code").orElse("");
    } catch (IllegalArgumentException notJson) {
      code = "";
    }
    String message = context.redactor().redact(status + " " + HttpErrors.message(body));
    if (code.equals("content_policy")) return new ContentModeratedException(NAME, message);
    // PixelForge answers 429 both when rate limiting and when the account is out of credit.
    if (status == 429 && code.equals("quota_exceeded")) return new InsufficientCreditException(NAME, message);
    return HttpErrors.map(NAME, status, body, headers, context.redactor(), context.clock());
  }

  private Request.Builder authorized(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", "Key " + key);
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = baseUrl.newBuilder();
    for (String s : segments) b.addPathSegment(s);   // encodes an id that holds a '/' or '?'
    return b.build();
  }

  private static Integer integer(Map<String, Object> o, String key) {
    return Json.decimal(o, key).map(BigDecimal::intValue).orElse(null);
  }

  private static List<String> strings(Map<String, Object> o, String key) {
    List<String> out = new ArrayList<>();
    for (Object v : Json.array(o, key)) if (v instanceof String) out.add((String) v);
    return out;
  }

  @Override
  public String toString() {
    return "PixelForgeProvider(" + baseUrl + ")";   // never the key
  }
}
