package dev.unigen.spi.protocol;

import dev.unigen.GenerationException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.jobs.Progress;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * fal's queue protocol, written once for every provider that speaks it: fal itself, and routers
 * that forward to it (Hugging Face's {@code fal-ai} route).
 *
 * <ul>
 *   <li>submit: {@code POST {root}/{endpoint}} with the model input as JSON (and
 *       {@code ?fal_webhook=} for a webhook), answered with
 *       {@code {request_id, response_url, status_url, cancel_url}};
 *   <li>status: {@code GET {root}/{path}/status}: {@code IN_QUEUE} with {@code queue_position},
 *       {@code IN_PROGRESS} with {@code logs}, {@code COMPLETED}, which may carry {@code error} and
 *       {@code error_type};
 *   <li>result: {@code GET {root}/{path}}, with the units fal billed in
 *       {@code X-Fal-Billable-Units};
 *   <li>cancel: {@code PUT {root}/{path}/cancel}, answered {@code OK} or
 *       {@code CANCELLATION_REQUESTED} when taken.
 * </ul>
 *
 * <p>{@code path} is the request's {@code {owner}/{app}/requests/{id}}: status, result and cancel
 * URLs keep only the owner and app of the endpoint (plus a {@code workflows/} or {@code comfy/}
 * namespace). It is taken from {@code response_url} as the official clients do, else from
 * {@code status_url}, else built by that rule, and every URL is rebuilt on the root, so the key is
 * only ever sent there — whatever an answer or a journal says.
 *
 * <p>The provider's {@link ProviderHttp} supplies the base URL, the auth header and the error
 * reading; each call takes a decorator for per-request headers. Threadsafe.
 */
public final class FalQueue {
  /** The header with the units fal billed for a result. */
  public static final String BILLABLE_UNITS = "X-Fal-Billable-Units";
  private static final MediaType JSON = MediaType.get("application/json");

  private final ProviderHttp http;
  private final HttpUrl root;
  private final Map<String, String> query;
  private final boolean logs;

  private FalQueue(ProviderHttp http, HttpUrl root, Map<String, String> query, boolean logs) {
    this.http = Objects.requireNonNull(http, "http");
    this.root = root;
    this.query = Map.copyOf(query);
    this.logs = logs;
  }

  /**
   * fal's own queue at the provider's base URL ({@code https://queue.fal.run}). Status reads ask for
   * the logs ({@code ?logs=1}), reported as {@code LEVEL message}.
   */
  public static FalQueue direct(ProviderHttp http) {
    return new FalQueue(http, http.settings().baseUrl(), Map.of(), true);
  }

  /**
   * fal's queue behind a router: every URL lies under {@code prefix} of the base URL and carries
   * {@code query} (Hugging Face: {@code /fal-ai} and {@code _subdomain=queue}). Logs are not asked
   * for; those sent are reported as their messages.
   */
  public static FalQueue routed(ProviderHttp http, String prefix, Map<String, String> query) {
    return new FalQueue(http, http.settings().url(prefix), query, false);
  }

  /**
   * Submits {@code input} (JSON) to {@code endpoint}, such as {@code fal-ai/flux/dev}. Completes
   * with the queued request; an answer without a {@code request_id} or that is not JSON is an
   * {@link OutcomeUnknownException}, as the request may run and be billed.
   */
  public CompletableFuture<Queued> submit(String endpoint, byte[] input, Optional<String> webhook,
      UnaryOperator<Request.Builder> decorate) {
    HttpUrl.Builder url = url(trim(endpoint), null).newBuilder();
    webhook.ifPresent(w -> url.addQueryParameter("fal_webhook", w));
    Request request = decorate.apply(http.request(url.build()).post(RequestBody.create(input, JSON))).build();
    return http.submit(request, answer -> queued(endpoint, answer));
  }

  private Queued queued(String endpoint, Answer answer) {
    Map<String, Object> o = answer.object();
    String id = Json.string(o, "request_id").filter(s -> !s.isBlank()).orElseThrow(() ->
        new OutcomeUnknownException(http.provider(), "fal answered " + endpoint
            + " without a request_id; it may run and be billed, so it is not sent elsewhere"));
    Optional<String> statusUrl = Json.string(o, "status_url");
    String path = Json.string(o, "response_url").flatMap(u -> pathOf(u, root, false))
        .or(() -> statusUrl.flatMap(u -> pathOf(u, root, true)))
        .orElse(ownerApp(endpoint) + "/requests/" + id);
    return new Queued(id, path, statusUrl, Json.string(o, "cancel_url"));
  }

  /** The status URL of the request at {@code path}, on the root. @throws IllegalArgumentException for a path that is not one */
  public HttpUrl statusUrl(String path) {
    return url(checked(path), "status");
  }

  /** The cancel URL of the request at {@code path}, on the root. @throws IllegalArgumentException for a path that is not one */
  public HttpUrl cancelUrl(String path) {
    return url(checked(path), "cancel");
  }

  /**
   * Reads the status of request {@code requestId} at {@code path} and, once {@code COMPLETED}, its
   * result, turned into output by {@code outcome}. Completes exceptionally when polling again may
   * help (a rate limit, a retryable failure, an unreadable status); a refused read, a failed or
   * canceled request, a result without output or a status fal does not document completes the job.
   *
   * @throws IllegalArgumentException if {@code path} is not a request path
   */
  public CompletableFuture<PollResult> poll(String requestId, String path, UnaryOperator<Request.Builder> decorate,
      Outcome outcome) {
    HttpUrl.Builder url = statusUrl(path).newBuilder();
    if (logs) url.addQueryParameter("logs", "1");
    Request status = decorate.apply(http.request(url.build()).get()).build();
    return Polls.settle(http.read(status, answer -> Status.read(answer.object())).thenCompose(st -> {
      switch (st.status().toUpperCase(Locale.ROOT)) {
        case "IN_QUEUE":
          return done(PollResult.pending(PollResult.State.QUEUED, new Progress("IN_QUEUE",
              st.queuePosition().isPresent() ? st.queuePosition().getAsInt() : null, null, st.logLines(logs)), null));
        case "IN_PROGRESS":
          return done(PollResult.pending(PollResult.State.RUNNING, new Progress("IN_PROGRESS", null, null,
              st.logLines(logs)), null));
        case "COMPLETED":
          if (st.error().isPresent()) return done(PollResult.failed(outcome.failed(requestId, st)));
          // COMPLETED says the work ran: from here on the attempt is billed, however the read ends.
          return Polls.completed(http.provider(), result(requestId, path, decorate, outcome));
        case "FAILED":
          return done(PollResult.failed(outcome.failed(requestId, st)));
        case "CANCELED":
        case "CANCELLED":
          return done(PollResult.canceled(new JobCanceledException(http.provider(), "fal request " + requestId
              + " was canceled")));
        default:
          return done(PollResult.failed(new ProviderFailureException(http.provider(), http.settings().context().redactor()
              .redact("fal request " + requestId + " has an unknown status '" + st.status() + "'"), 0, false, null)));
      }
    }));
  }

  private CompletableFuture<PollResult> result(String requestId, String path, UnaryOperator<Request.Builder> decorate,
      Outcome outcome) {
    Request request = decorate.apply(http.request(url(checked(path), null)).get()).build();
    return http.read(request, answer -> {
      Object json;
      try {
        json = answer.json();
      } catch (IllegalArgumentException e) {
        return PollResult.unreadable(new ProviderFailureException(http.provider(), "fal request " + requestId
            + " completed but its result is not JSON", answer.status(), true, null));
      }
      try {
        return PollResult.succeeded(outcome.output(requestId, json, billedUnits(answer)));
      } catch (NoOutputException e) {
        return PollResult.failedAfterRunning(e);
      }
    });
  }

  /**
   * Asks fal to cancel the request at {@code path}; true if fal took it ({@code OK} or
   * {@code CANCELLATION_REQUESTED}), false otherwise, never exceptionally.
   */
  public CompletableFuture<Boolean> cancel(String path, UnaryOperator<Request.Builder> decorate) {
    Request request;
    try {
      request = decorate.apply(http.request(cancelUrl(path)).put(RequestBody.create(new byte[0], null))).build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(false);
    }
    // Asking twice to cancel is harmless, so the call is sent as a read.
    return http.read(request, answer -> {
      String status = Json.string(answer.object(), "status").orElse("");
      return status.equals("OK") || status.equals("CANCELLATION_REQUESTED");
    }).handle((taken, error) -> error == null && taken);
  }

  /** The units fal billed, from {@value #BILLABLE_UNITS}; empty when absent, negative or not a number. */
  public static Optional<BigDecimal> billedUnits(Answer answer) {
    try {
      return answer.header(BILLABLE_UNITS).map(v -> new BigDecimal(v.trim())).filter(u -> u.signum() >= 0);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code owner/app} of an endpoint id, with its {@code workflows/} or {@code comfy/} namespace, as the official clients cut it. */
  public static String ownerApp(String endpoint) {
    String[] parts = trim(endpoint).split("/");
    int start = parts.length > 2 && (parts[0].equals("workflows") || parts[0].equals("comfy")) ? 1 : 0;
    if (parts.length - start < 2) return trim(endpoint);
    return (start == 1 ? parts[0] + "/" : "") + parts[start] + "/" + parts[start + 1];
  }

  /**
   * The request path in {@code url}, a {@code response_url} (or with {@code status} a
   * {@code status_url}) fal returned: its path relative to {@code root} when it lies under it, else
   * its whole path; empty if the URL is unusable.
   */
  public static Optional<String> pathOf(String url, HttpUrl root, boolean status) {
    HttpUrl u = url == null ? null : HttpUrl.parse(url);
    if (u == null) return Optional.empty();
    String path = trim(u.encodedPath());
    String rootPath = trim(root.encodedPath());
    if (u.host().equals(root.host()) && u.port() == root.port() && !rootPath.isEmpty()
        && (path.equals(rootPath) || path.startsWith(rootPath + "/"))) {
      path = trim(path.substring(rootPath.length()));
    }
    if (status) {
      if (!path.endsWith("/status")) return Optional.empty();
      path = path.substring(0, path.length() - "/status".length());
    }
    if (path.isEmpty() || path.contains("..") || !path.contains("/requests/")) return Optional.empty();
    return Optional.of(path);
  }

  private HttpUrl url(String path, String suffix) {
    HttpUrl.Builder b = root.newBuilder();
    String rootPath = trim(root.encodedPath());
    b.encodedPath(rootPath.isEmpty() ? "/" : "/" + rootPath + "/");
    b.addEncodedPathSegments(path);
    if (suffix != null) b.addPathSegment(suffix);
    query.forEach(b::addQueryParameter);
    return b.build();
  }

  private static String checked(String path) {
    if (path == null || path.isBlank() || path.contains("..")) throw new IllegalArgumentException("bad fal request path: " + path);
    return trim(path);
  }

  private static String trim(String path) {
    String p = path;
    while (p.startsWith("/")) p = p.substring(1);
    while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p;
  }

  private static CompletableFuture<PollResult> done(PollResult r) {
    return CompletableFuture.completedFuture(r);
  }

  /** What the provider makes of a request's end: its output, or its error. */
  public interface Outcome {
    /**
     * The output of request {@code requestId}: the result's parsed JSON, and the units fal billed.
     *
     * @throws NoOutputException if the result holds nothing usable (the job then fails)
     */
    ProviderOutput output(String requestId, Object result, Optional<BigDecimal> billedUnits);

    /** The error of request {@code requestId}, which ended with {@code status} ({@code COMPLETED} with an error, or {@code FAILED}). */
    GenerationException failed(String requestId, Status status);
  }

  /**
   * A submitted request: fal's id, its request path (see the class description), and the
   * {@code status_url} and {@code cancel_url} fal gave, if any.
   */
  public record Queued(String requestId, String path, Optional<String> statusUrl, Optional<String> cancelUrl) {}

  /**
   * A status object: {@code status}, {@code queue_position}, {@code logs[{message, level}]} and, on a
   * failed completion, {@code error} (a string or {@code {message}}) and {@code error_type}.
   */
  public record Status(String status, OptionalInt queuePosition, List<Log> logs, Optional<String> error,
      Optional<String> errorType) {
    /** Reads a status object. */
    public static Status read(Map<String, Object> o) {
      List<Log> logs = new ArrayList<>();
      for (Object item : Json.array(o, "logs")) {
        Map<String, Object> log = Json.object(item);
        Json.string(log, "message").ifPresent(m -> logs.add(new Log(Json.string(log, "level"), m)));
      }
      Object error = o.get("error");
      String text = error instanceof String ? (String) error
          : error instanceof Map ? Json.string(Json.object(error), "message").orElse(String.valueOf(error)) : null;
      return new Status(Json.string(o, "status").orElse(""),
          Json.decimal(o, "queue_position").map(d -> OptionalInt.of(d.intValue())).orElse(OptionalInt.empty()),
          List.copyOf(logs), Optional.ofNullable(text).filter(s -> !s.isBlank()), Json.string(o, "error_type"));
    }

    private List<String> logLines(boolean withLevel) {
      List<String> lines = new ArrayList<>();
      for (Log l : logs) lines.add(withLevel ? l.level().map(v -> v + " ").orElse("") + l.message() : l.message());
      return lines;
    }
  }

  /** One log line of a status: its level (such as {@code INFO}) and message. */
  public record Log(Optional<String> level, String message) {}

  /**
   * One file of a model output: fal's {@code Image}, {@code File} or {@code VideoFile} object
   * ({@code url}, {@code content_type}, and where given {@code width}, {@code height},
   * {@code duration}). A {@code sync_mode} output carries a data URI in {@code url}; its bytes are
   * decoded and the URL left empty.
   */
  public record File(Optional<String> url, Optional<byte[]> bytes, Optional<String> contentType, OptionalInt width,
      OptionalInt height, Optional<BigDecimal> duration) {
    /** Reads a file object; empty if it has no usable {@code url}. */
    public static Optional<File> read(Object json) {
      Map<String, Object> o = Json.object(json);
      String url = Json.string(o, "url").filter(u -> !u.isBlank()).orElse(null);
      if (url == null) return Optional.empty();
      Optional<String> type = Json.string(o, "content_type").filter(t -> !t.isBlank() && !"null".equals(t));
      byte[] bytes = null;
      if (url.startsWith("data:")) {
        try {
          DataUri d = DataUri.parse(url);
          bytes = d.bytes();
          if (type.isEmpty()) type = Optional.of(d.mediaType());
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
        url = null;
      }
      return Optional.of(new File(Optional.ofNullable(url), Optional.ofNullable(bytes), type, positive(o, "width"),
          positive(o, "height"), Json.decimal(o, "duration").filter(d -> d.signum() > 0)));
    }

    private static OptionalInt positive(Map<String, Object> o, String key) {
      return Json.decimal(o, key).filter(d -> d.signum() > 0).map(d -> OptionalInt.of(d.intValue())).orElse(OptionalInt.empty());
    }
  }
}
