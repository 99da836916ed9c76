package dev.unigen.spi.protocol;

import dev.unigen.GenerationException;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.jobs.Progress;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Replicate's predictions API, written once for every provider that speaks it: Replicate itself,
 * and routers that forward to it (Hugging Face's {@code replicate} route).
 *
 * <ul>
 *   <li>create: {@code POST {root}/models/{owner}/{name}/predictions} for an official model, or
 *       {@code POST {root}/predictions} with {@code version}, the body
 *       {@code {"input": {...}, ...}}; a {@code Prefer: wait} header (set by the caller's
 *       decorator) makes Replicate hold the answer until the prediction ends or the wait does;
 *   <li>get: {@code GET {root}/predictions/{id}};
 *   <li>cancel: {@code POST {root}/predictions/{id}/cancel}.
 * </ul>
 *
 * <p>Every answer is a {@link Prediction}; {@link #result} reads its status the same way for a
 * create answered at once, a poll and a webhook. Prediction URLs are rebuilt on the root from the
 * id, never taken from {@code urls}, so the token only goes where it was configured to go.
 * Threadsafe.
 */
public final class ReplicatePredictions {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%\\|");

  private final ProviderHttp http;
  private final HttpUrl root;

  /**
   * The API at {@code prefix} under the provider's base URL: empty for Replicate's own
   * ({@code https://api.replicate.com/v1}), {@code /replicate/v1} behind Hugging Face's router.
   */
  public ReplicatePredictions(ProviderHttp http, String prefix) {
    this.http = Objects.requireNonNull(http, "http");
    this.root = prefix.isEmpty() ? http.settings().baseUrl() : http.settings().url(prefix);
  }

  /**
   * Creates a prediction of official model {@code owner/name}, or with {@code version} of the model
   * of that version. {@code body} holds {@code input} and any other field (a webhook); the version
   * is added to it. Completes with the prediction as Replicate answered; an answer that is not a
   * prediction is an {@link dev.unigen.OutcomeUnknownException}, as it may run and be billed.
   *
   * @throws IllegalArgumentException if a body value has no JSON form
   */
  public CompletableFuture<Prediction> create(Optional<String> model, Optional<String> version, Map<String, Object> body,
      UnaryOperator<Request.Builder> decorate) {
    Map<String, Object> json = new LinkedHashMap<>(body);
    version.ifPresent(v -> json.put("version", v));
    HttpUrl.Builder url = root.newBuilder();
    if (version.isPresent()) {
      url.addPathSegment("predictions");
    } else {
      url.addPathSegment("models").addPathSegments(model.orElseThrow(() ->
          new IllegalArgumentException("an official model or a version is needed"))).addPathSegment("predictions");
    }
    Request request = decorate.apply(http.request(url.build()).post(RequestBody.create(Json.bytes(json), JSON))).build();
    return http.submit(request, answer -> Prediction.parse(answer.text()));
  }

  /** The URL of prediction {@code id} on the root. */
  public HttpUrl predictionUrl(String id) {
    return root.newBuilder().addPathSegment("predictions").addPathSegment(id).build();
  }

  /** The cancel URL of prediction {@code id} on the root. */
  public HttpUrl cancelUrl(String id) {
    return predictionUrl(id).newBuilder().addPathSegment("cancel").build();
  }

  /**
   * Reads prediction {@code id} and what its status means ({@link #result}). Completes
   * exceptionally when polling again may help (a rate limit, a retryable failure, an unreadable
   * answer); a refused read ends the job.
   */
  public CompletableFuture<PollResult> poll(String id, UnaryOperator<Request.Builder> decorate,
      Function<Prediction, PollResult> result) {
    Request request = decorate.apply(http.request(predictionUrl(id)).get()).build();
    return Polls.settle(http.read(request, answer -> result.apply(Prediction.parse(answer.text()))));
  }

  /**
   * Asks Replicate to cancel prediction {@code id}; true when it answered with the prediction,
   * false otherwise, never exceptionally. A prediction canceled after it started is billed for the
   * time it ran.
   */
  public CompletableFuture<Boolean> cancel(String id, UnaryOperator<Request.Builder> decorate) {
    Request request = decorate.apply(http.request(cancelUrl(id)).post(RequestBody.create(new byte[0], null))).build();
    // Asking twice to cancel is harmless, so the call is sent as a read.
    return http.read(request, answer -> true).handle((taken, error) -> error == null);
  }

  /**
   * What {@code p} says about its job: {@code starting} is queued; {@code processing} is running,
   * with the percent of the last progress bar in its logs; {@code succeeded} is
   * {@code output(p)}. A succeeded prediction ran and is billed, so one whose
   * {@code output(p)} throws {@link NoOutputException} is never bought again: with no output yet
   * ({@code output: null}) it is {@link PollResult#unreadable}, read again a bounded number of
   * times; with an output that holds nothing usable, or with its data removed (an hour after it
   * ended), it {@link PollResult#failedAfterRunning failed after running}. {@code failed} is
   * {@code failed(p)}; {@code canceled} a {@link JobCanceledException}; {@code aborted} — its
   * {@code Cancel-After} deadline passed before it started, which Replicate does not bill — a
   * {@link GenerationTimeoutException}, so failover may try elsewhere. A status Replicate adds later
   * counts as running while {@code completed_at} is empty, and as a failure once it is set.
   */
  public PollResult result(Prediction p, Function<Prediction, ProviderOutput> output,
      Function<Prediction, GenerationException> failed) {
    String provider = http.provider();
    String status = p.status().orElse("").toLowerCase(Locale.ROOT);
    switch (status) {
      case "starting":
        return PollResult.pending(PollResult.State.QUEUED, progress("starting", p), null);
      case "processing":
        return PollResult.pending(PollResult.State.RUNNING, progress("processing", p), null);
      case "succeeded":
        try {
          return PollResult.succeeded(output.apply(p));
        } catch (NoOutputException e) {
          // Removed data never comes back; an output not given yet may be read on a later poll.
          return p.dataRemoved() || p.outputGiven() ? PollResult.failedAfterRunning(e) : PollResult.unreadable(e);
        }
      case "failed":
        return PollResult.failed(failed.apply(p));
      case "canceled":
        return PollResult.canceled(new JobCanceledException(provider, "prediction " + p.id() + " was canceled "
            + (p.startedAt().isPresent() ? "after it started (Replicate bills the time it ran)" : "before it started")));
      case "aborted":
        return PollResult.failed(new GenerationTimeoutException(provider, "prediction " + p.id()
            + " was aborted: its Cancel-After deadline passed before it started, and Replicate does not bill it"));
      default:
        if (p.completedAt().isEmpty()) {
          return PollResult.pending(PollResult.State.RUNNING, progress(status.isEmpty() ? "unknown" : status, p), null);
        }
        return PollResult.failed(new ProviderFailureException(provider, "prediction " + p.id()
            + " ended with status '" + status + "', which is not documented", 0, false, null));
    }
  }

  private static Progress progress(String state, Prediction p) {
    Integer percent = null;
    List<String> lines = List.of();
    if (p.logs().isPresent() && !p.logs().get().isBlank()) {
      String logs = p.logs().get();
      Matcher m = PERCENT.matcher(logs);
      while (m.find()) percent = Math.min(100, Integer.parseInt(m.group(1)));
      String[] all = logs.trim().split("[\\r\\n]+");
      lines = List.of(all[all.length - 1].trim());
    }
    return new Progress(state, null, percent, lines);
  }

  /** The media type of an output URL from its file name; {@code fallback} when the name says nothing. */
  public static String mediaType(String url, String fallback) {
    String path = url;
    int q = path.indexOf('?');
    if (q >= 0) path = path.substring(0, q);
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".png")) return "image/png";
    if (p.endsWith(".jpg") || p.endsWith(".jpeg")) return "image/jpeg";
    if (p.endsWith(".webp")) return "image/webp";
    if (p.endsWith(".gif")) return "image/gif";
    if (p.endsWith(".svg")) return "image/svg+xml";
    if (p.endsWith(".mp4")) return "video/mp4";
    if (p.endsWith(".webm")) return "video/webm";
    if (p.endsWith(".mov")) return "video/quicktime";
    return fallback;
  }

  /**
   * A prediction as the create, get and cancel endpoints and webhook deliveries return it:
   * {@code id, model, version, input, output, logs, error, status, created_at, started_at,
   * completed_at, data_removed, metrics {predict_time}}. {@code output} is read as a list of URL
   * strings (an array of strings, or one string; anything else in it is skipped). Unknown fields
   * are ignored. Immutable.
   */
  public static final class Prediction {
    private final String id;
    private final String model;
    private final String status;
    private final Map<String, Object> input;
    private final List<String> outputs;
    private final boolean outputGiven;
    private final String error;
    private final String logs;
    private final boolean dataRemoved;
    private final String startedAt;
    private final String completedAt;
    private final BigDecimal predictTime;

    private Prediction(Map<String, Object> o) {
      id = Json.string(o, "id").orElse(null);
      model = Json.string(o, "model").orElse(null);
      status = Json.string(o, "status").orElse(null);
      input = Collections.unmodifiableMap(new LinkedHashMap<>(Json.object(o, "input")));
      List<String> out = new ArrayList<>();
      Object output = o.get("output");
      if (output instanceof String) out.add((String) output);
      for (Object item : Json.array(output)) if (item instanceof String) out.add((String) item);
      outputs = List.copyOf(out);
      outputGiven = output != null;
      Object e = o.get("error");
      error = e == null ? null : e instanceof String ? (String) e : String.valueOf(e);
      logs = Json.string(o, "logs").orElse(null);
      dataRemoved = Json.bool(o, "data_removed").orElse(false);
      startedAt = Json.string(o, "started_at").orElse(null);
      completedAt = Json.string(o, "completed_at").orElse(null);
      predictTime = Json.decimal(Json.object(o, "metrics"), "predict_time").orElse(null);
    }

    /**
     * Reads a prediction.
     *
     * @throws IllegalArgumentException if the text is not a JSON object with an {@code id}
     */
    public static Prediction parse(String text) {
      Object parsed = Json.parse(text);
      if (!(parsed instanceof Map)) throw new IllegalArgumentException("a prediction is a JSON object");
      Prediction p = new Prediction(Json.object(parsed));
      if (p.id == null || p.id.isBlank()) throw new IllegalArgumentException("the prediction has no id");
      return p;
    }

    /** The prediction id. */
    public String id() { return id; }
    /** The model, {@code owner/name}. */
    public Optional<String> model() { return Optional.ofNullable(model); }
    /** {@code starting}, {@code processing}, {@code succeeded}, {@code failed}, {@code canceled}, {@code aborted}, or a later value. */
    public Optional<String> status() { return Optional.ofNullable(status); }
    /** The input as Replicate echoes it. */
    public Map<String, Object> input() { return input; }
    /** The output URLs, in order. */
    public List<String> outputs() { return outputs; }
    /**
     * True if the prediction carries an {@code output} value, even an empty one; false while it is
     * {@code null}, as before the prediction ends and after Replicate removed its data.
     */
    public boolean outputGiven() { return outputGiven; }
    /** The error of a failed prediction, such as {@code E1001 ...}. */
    public Optional<String> error() { return Optional.ofNullable(error); }
    /** The model's log output so far. */
    public Optional<String> logs() { return Optional.ofNullable(logs); }
    /** True once Replicate deleted the input, output and logs (an hour after completion for API predictions). */
    public boolean dataRemoved() { return dataRemoved; }
    /** When the model began running, if it did (RFC 3339). */
    public Optional<String> startedAt() { return Optional.ofNullable(startedAt); }
    /** When the prediction finished, if it did (RFC 3339). */
    public Optional<String> completedAt() { return Optional.ofNullable(completedAt); }
    /** Seconds of billed compute, {@code metrics.predict_time}. */
    public Optional<BigDecimal> predictTime() { return Optional.ofNullable(predictTime); }

    @Override
    public String toString() {
      return "Prediction(" + id + " " + status + ")";
    }
  }
}
