package dev.unigen.provider.luma;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.protocol.Polls;
import dev.unigen.spi.protocol.ReplicatePredictions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import okhttp3.HttpUrl;
import org.slf4j.Logger;

/**
 * What both Luma APIs do alike. A generation is created with a POST answered 201 with the
 * generation object, then read at {@code GET /generations/{id}} until its {@code state} is
 * {@code completed} or {@code failed} ({@code queued} before, {@code processing} or
 * {@code dreaming} while it runs); neither takes a size, a seed or a negative prompt; raw options
 * are merged into the body. Threadsafe.
 */
final class Generations {
  // What a job keeps in the journal, so that a resumed one is priced from what was asked.
  /** {@code video} or {@code image}. */
  static final String ATTR_KIND = "kind";
  /** The image format asked, as the API spells it. */
  static final String ATTR_FORMAT = "format";
  /** A clip's length in seconds, and its resolution. */
  static final String ATTR_SECONDS = "seconds";
  static final String ATTR_RESOLUTION = "resolution";
  /** What was not sent, one warning a line. */
  static final String ATTR_WARNINGS = "warnings";

  /** Makes a completed generation's output; throws {@link NoOutputException} when it holds none. */
  interface Reader {
    ProviderOutput output(String id, Map<String, Object> generation, Map<String, String> attributes);
  }

  private final String name;
  private final String ownName;
  private final String api;
  private final ProviderHttp http;
  private final Reader output;
  private final BiFunction<String, Map<String, Object>, GenerationException> failure;
  private final Logger log;

  /**
   * The generations of the instance {@code settings} describe, whose provider is called
   * {@code ownName} and whose API {@code api} in warnings; {@code output} reads a completed one and
   * {@code failure} the error of a failed one.
   */
  Generations(ProviderSettings settings, String ownName, String api, Reader output,
      BiFunction<String, Map<String, Object>, GenerationException> failure) {
    this.name = settings.name();
    this.ownName = ownName;
    this.api = api;
    // Errors are {detail: string}, and FastAPI's 422 {detail: [{loc, msg}]}: the common mapping reads both.
    this.http = ProviderHttp.builder(settings).bearerAuth().build();
    this.output = output;
    this.failure = failure;
    this.log = settings.context().logger(Generations.class);
  }

  ProviderHttp http() {
    return http;
  }

  /** The generation's URL on the configured base URL, the id one path segment. */
  HttpUrl url(String id) {
    return http.settings().url("/generations").newBuilder().addPathSegment(id).build();
  }

  /**
   * Completes {@code body} as both APIs take it (the aspect ratio, the request's raw options, and
   * in {@code attributes} the warnings of what was not sent) and posts it to {@code path}. A
   * generation that ended at once is its output or its error; any other is the accepted job,
   * cancelled by deleting it when {@code deletable}.
   */
  CompletableFuture<Submission> create(ProviderCall call, String path, Map<String, Object> body,
      Map<String, String> attributes, boolean deletable) {
    Request r = call.request();
    List<String> warnings = new ArrayList<>();
    aspectRatio(r, call.offer().capabilities().aspectRatios(), warnings).ifPresent(a -> body.put("aspect_ratio", a));
    if (r.seed().isPresent()) warnings.add("the " + api + " takes no seed; the seed was not sent");
    if (r.negativePrompt().isPresent()) warnings.add("the " + api + " takes no negative prompt; it was not sent");
    // The request's raw options: those under the provider's own name, then those under this instance's.
    Map<String, Map<String, Object>> options = r.providerOptions();
    Object full = merged(merged(body, options.getOrDefault(ownName, Map.of())), options.getOrDefault(name, Map.of()));
    if (!warnings.isEmpty()) attributes.put(ATTR_WARNINGS, String.join("\n", warnings));
    attributes.put(JobRef.ENDPOINT, call.endpoint());
    okhttp3.Request request = http.request(path).post(http.json(full)).build();
    return http.submit(request, answer -> {
      Map<String, Object> g = answer.object();
      // A 2xx without an id may still have created a billed generation: an unknown outcome.
      String id = Json.text(g, "id").orElseThrow(() -> new IllegalArgumentException("no generation id in the answer"));
      PollResult now = status(id, g, attributes);
      if (now.state() == PollResult.State.SUCCEEDED) return Submission.completed(now.output().get());
      if (now.isDone()) throw now.error().get();
      log.debug("{} accepted generation {} of {}", name, id, call.endpoint());
      // Everything needed to poll again after a restart and to price the output; never the key.
      String at = url(id).toString();
      return Submission.accepted(JobRef.of(name, id, at, deletable ? at : null, attributes));
    });
  }

  /**
   * Reads the generation on the configured base URL. A rate limit or a retryable failure fails the
   * future again, so the generator polls later; any other error (a 404) ends the job.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    okhttp3.Request request = http.request(url(job.id())).get().build();
    return Polls.settle(http.read(request, answer -> status(job.id(), answer.object(), job.attributes())));
  }

  private PollResult status(String id, Map<String, Object> g, Map<String, String> attributes) {
    String state = Json.string(g, "state").orElse("");
    switch (state) {
      case "queued":
        return PollResult.pending(PollResult.State.QUEUED, new Progress(state, null, null, List.of()), null);
      case "completed":
        try {
          return PollResult.succeeded(output.output(id, g, attributes));
        } catch (NoOutputException e) {
          // Completed is the work done and billed: it is not bought again elsewhere.
          return PollResult.failedAfterRunning(e);
        }
      case "failed":
        return PollResult.failed(failure.apply(id, g));
      default:
        // processing, dreaming, or a state Luma does not document: still running; the deadline applies.
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(state.isEmpty() ? "unknown" : state, null, null, List.of()), null);
    }
  }

  /** An output of generation {@code id} with the warnings its submit noted. */
  static ProviderOutput.Builder output(String id, Map<String, String> attributes) {
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(id);
    String warnings = attributes.getOrDefault(ATTR_WARNINGS, "");
    if (!warnings.isEmpty()) for (String w : warnings.split("\n")) out.warning(w);
    return out;
  }

  /** The usage of {@code count} outputs: one request, and for a video the seconds and resolution sent. */
  static Usage.Builder usage(Map<String, String> attributes, int count) {
    Usage.Builder usage = Usage.builder().requests(1).count(count);
    if (attributes.containsKey(ATTR_SECONDS)) usage.outputSeconds(seconds(attributes));
    if (attributes.containsKey(ATTR_RESOLUTION)) usage.resolution(attributes.get(ATTR_RESOLUTION));
    return usage;
  }

  static BigDecimal seconds(Map<String, String> attributes) {
    return new BigDecimal(attributes.get(ATTR_SECONDS));
  }

  /**
   * Checks a clip's length and resolution against what {@code model} makes, notes them in
   * {@code attributes} and returns the length as Luma writes it ({@code "5s"}): the request's
   * duration (else the offer's default, else 5 s) in whole seconds, rounded up, and its resolution
   * in lower case, else 720p.
   *
   * @throws InvalidRequestException if the model makes no such length or resolution
   */
  String clip(ProviderCall call, String model, List<Integer> lengths, List<String> resolutions,
      Map<String, String> attributes) {
    Request r = call.request();
    Duration d = r.duration().or(() -> call.offer().capabilities().defaultDuration()).orElse(Duration.ofSeconds(5));
    int seconds = BigDecimal.valueOf(d.toMillis()).movePointLeft(3).setScale(0, RoundingMode.CEILING).intValueExact();
    if (!lengths.contains(seconds)) {
      throw new InvalidRequestException(name, model + " makes clips of " + lengths + " s, not " + seconds + " s");
    }
    String resolution = r.resolution().map(s -> s.toLowerCase(Locale.ROOT)).orElse(LumaProvider.DEFAULT_RESOLUTION);
    if (!resolutions.contains(resolution)) {
      throw new InvalidRequestException(name, model + " makes " + resolutions + " video, not " + r.resolution().get());
    }
    attributes.put(ATTR_KIND, "video");
    attributes.put(ATTR_SECONDS, Integer.toString(seconds));
    attributes.put(ATTR_RESOLUTION, resolution);
    return seconds + "s";
  }

  /**
   * The output format asked, in lower case, noted in {@code attributes}: {@code png}, or a JPEG
   * (asked as {@code jpg} or {@code jpeg}) written {@code jpeg}, the API's own spelling; empty
   * when none was asked.
   *
   * @throws ProviderFailureException (not retryable) for any other format
   */
  Optional<String> format(Request r, String jpeg, String model, Map<String, String> attributes) {
    Optional<String> format = r.outputFormat().map(f -> f.toLowerCase(Locale.ROOT))
        .map(f -> f.equals("jpg") || f.equals("jpeg") ? jpeg : f);
    if (format.isPresent() && !format.get().equals("png") && !format.get().equals(jpeg)) {
      throw unsupported(model + " makes png or " + jpeg + " images, not " + r.outputFormat().get());
    }
    format.ifPresent(f -> attributes.put(ATTR_FORMAT, f));
    return format;
  }

  /**
   * What an API cannot take although the request is sound: a failure that is not repeated here,
   * so that failover moves on to an offer that can.
   */
  ProviderFailureException unsupported(String message) {
    return new ProviderFailureException(name, message, 0, false, null);
  }

  /**
   * The media type of an output from its URL's file name; without one, a video's, or the image
   * format that was asked ({@code format} of the job's attributes), else png.
   */
  static String mediaType(String url, boolean video, String format) {
    String path = url.toLowerCase(Locale.ROOT).split("[?#]", 2)[0];
    if (path.endsWith(".exr")) return "image/x-exr";
    String type = ReplicatePredictions.mediaType(url, video ? "video/mp4" : "image/png");
    return !video && type.equals("image/png") && format != null && !format.equals("png") ? "image/jpeg" : type;
  }

  /**
   * The aspect ratio to send: the request's, else the one of {@code allowed} nearest to the
   * requested size (noting in {@code warnings} that the size itself is not sent), else none, so
   * that Luma's default applies.
   */
  private static Optional<String> aspectRatio(Request r, List<String> allowed, List<String> warnings) {
    if (r.aspectRatio().isPresent()) return r.aspectRatio();
    if (r.size().isEmpty() || allowed.isEmpty()) return Optional.empty();
    Size s = r.size().get();
    double wanted = (double) s.width() / s.height();
    String best = null;
    double distance = Double.MAX_VALUE;
    for (String ratio : allowed) {
      int colon = ratio.indexOf(':');
      double value = Double.parseDouble(ratio.substring(0, colon)) / Double.parseDouble(ratio.substring(colon + 1));
      double d = Math.abs(Math.log(value / wanted));
      if (d < distance) {
        distance = d;
        best = ratio;
      }
    }
    warnings.add("Luma takes an aspect ratio, not a size: " + s + " was sent as " + best);
    return Optional.of(best);
  }

  /**
   * {@code options} merged into {@code body}: a value that is an object where the body has an
   * object too (the Agents API's {@code video}, the Dream Machine's {@code keyframes}) is merged
   * key by key, so that a raw option adds to what Unigen built instead of replacing it; anything
   * else replaces.
   */
  @SuppressWarnings("unchecked")
  private static Object merged(Object body, Object options) {
    if (!(body instanceof Map) || !(options instanceof Map)) return options;
    Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) body);
    ((Map<String, Object>) options).forEach((key, value) -> out.put(key, merged(out.get(key), value)));
    return out;
  }
}
