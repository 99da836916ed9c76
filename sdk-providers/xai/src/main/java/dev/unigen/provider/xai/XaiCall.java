package dev.unigen.provider.xai;

import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One image or video call, ready to send — whether it makes a video, its path and body, whether
 * its answer is a job to poll, the quality and resolution asked (the answer does not repeat them),
 * its warnings — and what the image, video and chat paths share: the start and end of a body,
 * input media, and the cost every answer reports.
 */
record XaiCall(boolean video, String path, Map<String, Object> body, boolean deferred, String quality, String resolution,
    List<String> warnings) {
  XaiCall {
    warnings = List.copyOf(warnings);
  }

  /** The call a journaled job was sent as, so far as reading its answer needs it. */
  static XaiCall of(JobRef job) {
    Map<String, String> a = job.attributes();
    String w = a.get("warnings");
    return new XaiCall(!"image".equals(a.get("kind")), null, Map.of(), true, a.get("quality"), a.get("resolution"),
        w == null ? List.of() : List.of(w.split("\n")));
  }

  /** What a job of this call journals beside {@code endpoint}: its kind and what its answer does not repeat; never the key. */
  Map<String, String> attributes(String endpoint) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(JobRef.ENDPOINT, endpoint);
    a.put("kind", video ? "video" : "image");
    if (resolution != null) a.put("resolution", resolution);
    if (quality != null) a.put("quality", quality);
    if (!warnings.isEmpty()) a.put("warnings", String.join("\n", warnings));
    return a;
  }

  /** The body every image and video call starts with: the model and the prompt. */
  static Map<String, Object> start(ProviderCall call) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", call.endpoint());
    body.put("prompt", call.request().prompt().orElseThrow());
    return body;
  }

  /**
   * Ends a media body: a seed or negative prompt, which xAI's {@code api} takes none of, is left out
   * with a warning; then the request's raw xAI options are merged in, winning.
   */
  static Map<String, Object> end(ProviderCall call, String api, Map<String, Object> body, List<String> warnings) {
    Request r = call.request();
    if (r.seed().isPresent()) warnings.add("seed not sent: xAI's " + api + " API takes none");
    if (r.negativePrompt().isPresent()) warnings.add("negative prompt not sent: xAI's " + api + " API takes none");
    return options(call, body);
  }

  /** {@code body} with the request's raw options for this instance merged in, as they are. */
  static Map<String, Object> options(ProviderCall call, Map<String, Object> body) {
    body.putAll(call.request().providerOptions().getOrDefault(call.offer().provider(), Map.of()));
    return body;
  }

  /**
   * Input media as xAI's {@code ImageUrl} and {@code VideoUrl} objects, {@code {"url": u}}: a URL
   * as it is, anything local (a file, bytes, a data URI) as a base64 data URL, which both accept.
   *
   * @throws dev.unigen.InvalidRequestException if a file cannot be read
   */
  static Map<String, Object> input(Media media) {
    return Map.of("url", media.kind() == Media.Kind.URL ? media.url().get() : MediaContent.read(media).dataUri());
  }

  /** An output of this call: its request id, when known, and its warnings. */
  ProviderOutput.Builder output(String requestId) {
    ProviderOutput.Builder out = ProviderOutput.builder();
    if (requestId != null) out.providerRequestId(requestId);
    warnings.forEach(out::warning);
    return out;
  }

  /** {@code out} with {@code usage}, the quality and resolution asked, and the cost {@code answer} reports. */
  ProviderOutput output(ProviderOutput.Builder out, Usage.Builder usage, Map<String, Object> answer) {
    if (quality != null) usage.quality(quality);
    if (resolution != null) usage.resolution(resolution);
    return reported(out, usage, Json.object(answer, "usage"));
  }

  /** {@code out} with {@code usage} and the cost the answer's {@code usage} object reports, which wins as REPORTED. */
  static ProviderOutput reported(ProviderOutput.Builder out, Usage.Builder usage, Map<String, Object> reported) {
    cost(reported).ifPresent(usage::reportedCost);
    return out.usage(usage.build()).build();
  }

  /**
   * The {@code cost_in_usd_ticks} of a {@code usage} object (10^10 ticks to the dollar) in US
   * dollars, exactly; empty when it is
   * missing or not a whole, non-negative int64, so that every one of the 64 bits counts and nothing
   * passes through a {@code double}.
   */
  static Optional<Money> cost(Map<String, Object> usage) {
    Optional<BigDecimal> raw = Json.decimal(usage, "cost_in_usd_ticks");
    long ticks;
    try {
      ticks = raw.isEmpty() ? -1 : raw.get().longValueExact();
    } catch (ArithmeticException notAnInt64) {
      return Optional.empty();
    }
    if (ticks < 0) return Optional.empty();
    BigDecimal usd = BigDecimal.valueOf(ticks).movePointLeft(10).stripTrailingZeros();
    // Whole dollars would otherwise print as 2E+1.
    return Optional.of(Money.usd(usd.scale() < 0 ? usd.setScale(0) : usd));
  }
}
