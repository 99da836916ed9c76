package dev.unigen.provider.xai;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.xai.wire.MediaUsage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Redactor;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Grok Imagine video: the submit ({@code POST /v1/videos/generations} for text, image and
 * reference to video; {@code /v1/videos/edits} and {@code /v1/videos/extensions} for an input
 * video), each answered with {@code {request_id}}, and the poll of {@code GET /v1/videos/{id}}:
 * 202 while pending (with or without a body, {@code progress} 0-99), then 200 with
 * {@code status} {@code done}, {@code failed} or {@code expired}.
 */
final class Videos {
  /** Shortest and longest extension, in seconds (ExtendVideoRequest). */
  static final int MIN_EXTENSION = 2;
  static final int MAX_EXTENSION = 10;

  /** One video call, ready to send. */
  static final class Call {
    final String path;
    final Map<String, Object> body;
    final List<String> warnings;

    private Call(String path, Map<String, Object> body, List<String> warnings) {
      this.path = path;
      this.body = body;
      this.warnings = List.copyOf(warnings);
    }
  }

  private Videos() {}

  /**
   * The call for {@code call}'s request. A video-to-video request is an extension by its duration
   * when it gives one, otherwise an edit.
   *
   * @throws InvalidRequestException for what the API cannot take, before anything is sent
   */
  static Call of(String provider, ProviderCall call) {
    Request r = call.request();
    List<String> warnings = new ArrayList<>();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", call.endpoint());
    body.put("prompt", r.prompt().orElseThrow());
    Integer seconds = r.duration().map(d -> wholeSeconds(provider, d)).orElse(null);
    String path;
    if (r.task() == Task.VIDEO_TO_VIDEO) {
      Media video = r.video().orElseThrow(() -> new InvalidRequestException(provider, "video-to-video needs an input video"));
      body.put("video", Inputs.of(video));
      if (seconds != null) {
        if (seconds < MIN_EXTENSION || seconds > MAX_EXTENSION) {
          throw new InvalidRequestException(provider, "an extension adds " + MIN_EXTENSION + " to " + MAX_EXTENSION
              + " seconds, not " + seconds);
        }
        path = "videos/extensions";
        body.put("duration", seconds);
      } else {
        path = "videos/edits";
      }
      r.resolution().ifPresent(x -> warnings.add("resolution not sent: an edit or extension keeps the input's"));
      r.aspectRatio().ifPresent(x -> warnings.add("aspect ratio not sent: an edit or extension keeps the input's"));
      if (!r.references().isEmpty()) throw new InvalidRequestException(provider, "an edit or extension takes no reference images");
    } else if (r.task() == Task.TEXT_TO_VIDEO || r.task() == Task.IMAGE_TO_VIDEO) {
      path = "videos/generations";
      if (seconds != null) body.put("duration", seconds);
      if (r.task() == Task.IMAGE_TO_VIDEO) {
        body.put("image", Inputs.of(r.image().orElseThrow(() ->
            new InvalidRequestException(provider, "image-to-video needs a start image"))));
        // The spec: ignored for image-to-video, the ratio is the input image's.
        r.aspectRatio().ifPresent(x -> warnings.add("aspect ratio not sent: image-to-video keeps the start image's"));
      } else {
        r.aspectRatio().ifPresent(ratio -> body.put("aspect_ratio", ratio));
      }
      r.resolution().ifPresent(res -> body.put("resolution", res.toLowerCase(Locale.ROOT)));
      if (!r.references().isEmpty()) {
        List<Object> refs = new ArrayList<>();
        for (Media m : r.references()) refs.add(Inputs.of(m));
        body.put("reference_images", refs);
      }
    } else {
      throw new InvalidRequestException(provider, "xAI video does not serve " + r.task().wireName());
    }
    if (r.seed().isPresent()) warnings.add("seed not sent: xAI's video API takes none");
    if (r.negativePrompt().isPresent()) warnings.add("negative prompt not sent: xAI's video API takes none");
    body.putAll(r.providerOptions().getOrDefault(call.offer().provider(), Map.of()));
    return new Call(path, body, warnings);
  }

  private static int wholeSeconds(String provider, Duration d) {
    if (d.toMillis() % 1000 != 0) {
      throw new InvalidRequestException(provider, "xAI takes a duration in whole seconds, not " + d.toMillis() / 1000.0 + " s");
    }
    return (int) Math.min(Integer.MAX_VALUE, d.toSeconds());
  }

  /**
   * What the poll answer {@code o} (status {@code code}) says about video job {@code job}.
   * {@code resolution} is what was asked, as the answer does not repeat it.
   */
  static PollResult status(String provider, String job, int code, Map<String, Object> o, String resolution,
      List<String> warnings, Redactor redactor) {
    String status = Json.string(o, "status").orElse(code == 202 ? "pending" : "");
    switch (status) {
      case "done":
        try {
          return PollResult.succeeded(output(provider, job, o, resolution, warnings));
        } catch (GenerationException e) {
          return PollResult.failed(e);
        }
      case "failed": {
        Map<String, Object> e = Json.object(o, "error");
        return PollResult.failed(XaiErrors.jobFailed(provider, job, Json.string(e, "code").orElse(""),
            Json.string(e, "message").orElse("(no message)"), redactor));
      }
      case "expired":
        return PollResult.failed(new GenerationTimeoutException(provider, "job " + job + " expired before it was done"));
      default:
        // "pending", and any status xAI adds later: the official clients keep polling.
        Integer percent = Json.decimal(o, "progress").map(BigDecimal::intValue).orElse(null);
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(status.isEmpty() ? "pending" : status, null, percent, List.of()), null);
    }
  }

  private static ProviderOutput output(String provider, String job, Map<String, Object> o, String resolution,
      List<String> warnings) {
    Map<String, Object> video = Json.object(o, "video");
    if (Boolean.FALSE.equals(video.get("respect_moderation"))) {
      // The clip was made and is billed (failureBilling.moderated), but its URL is withheld.
      throw new ContentModeratedException(provider, "job " + job + ": the video was withheld by xAI's moderation");
    }
    Optional<String> url = Json.string(video, "url").filter(s -> !s.isEmpty());
    if (url.isEmpty()) throw new NoOutputException(provider, "job " + job + " is done without a video URL");
    Optional<BigDecimal> seconds = Json.decimal(video, "duration");
    Asset.Builder asset = Asset.builder("video/mp4").url(url.get());
    seconds.ifPresent(asset::durationSeconds);
    ProviderOutput.Builder out = ProviderOutput.builder().asset(asset.build()).providerRequestId(job);
    warnings.forEach(out::warning);
    // Every clip has generated audio; the API has no switch for it.
    Usage.Builder usage = Usage.builder().count(1).audio(true);
    seconds.ifPresent(usage::outputSeconds);
    if (resolution != null) usage.resolution(resolution);
    MediaUsage.cost(o).ifPresent(usage::reportedCost);
    return out.usage(usage.build()).build();
  }
}
