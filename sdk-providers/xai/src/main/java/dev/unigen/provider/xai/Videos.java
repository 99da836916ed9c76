package dev.unigen.provider.xai;

import dev.unigen.ContentModeratedException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Grok Imagine video: the submit ({@code POST /v1/videos/generations} for text, image and
 * reference to video; {@code /v1/videos/edits} and {@code /v1/videos/extensions} for an input
 * video), each answered with {@code {request_id}}, and the clip of a done poll of
 * {@code GET /v1/videos/{id}}: {@code video{url, duration, respect_moderation}} and its cost.
 */
final class Videos {
  /** Shortest and longest extension, in seconds (ExtendVideoRequest). */
  static final int MIN_EXTENSION = 2;
  static final int MAX_EXTENSION = 10;

  private Videos() {}

  /**
   * The call for {@code call}'s request. A video-to-video request is an extension by its duration
   * when it gives one, otherwise an edit.
   *
   * @throws InvalidRequestException for what the API cannot take, before anything is sent
   */
  static XaiCall of(String provider, ProviderCall call) {
    Request r = call.request();
    List<String> warnings = new ArrayList<>();
    Map<String, Object> body = XaiCall.start(call);
    Integer seconds = r.duration().map(d -> wholeSeconds(provider, d)).orElse(null);
    String path;
    if (r.task() == Task.VIDEO_TO_VIDEO) {
      Media video = r.video().orElseThrow(() -> new InvalidRequestException(provider, "video-to-video needs an input video"));
      body.put("video", XaiCall.input(video));
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
        body.put("image", XaiCall.input(r.image().orElseThrow(() ->
            new InvalidRequestException(provider, "image-to-video needs a start image"))));
        // The spec: ignored for image-to-video, the ratio is the input image's.
        r.aspectRatio().ifPresent(x -> warnings.add("aspect ratio not sent: image-to-video keeps the start image's"));
      } else {
        r.aspectRatio().ifPresent(ratio -> body.put("aspect_ratio", ratio));
      }
      r.resolution().ifPresent(res -> body.put("resolution", res.toLowerCase(Locale.ROOT)));
      if (!r.references().isEmpty()) {
        List<Object> refs = new ArrayList<>();
        for (Media m : r.references()) refs.add(XaiCall.input(m));
        body.put("reference_images", refs);
      }
    } else {
      throw new InvalidRequestException(provider, "xAI video does not serve " + r.task().wireName());
    }
    String resolution = r.resolution().map(x -> x.toLowerCase(Locale.ROOT)).orElse(null);
    return new XaiCall(true, path, XaiCall.end(call, "video", body, warnings), true, null, resolution, warnings);
  }

  private static int wholeSeconds(String provider, Duration d) {
    if (d.toMillis() % 1000 != 0) {
      throw new InvalidRequestException(provider, "xAI takes a duration in whole seconds, not " + d.toMillis() / 1000.0 + " s");
    }
    return (int) Math.min(Integer.MAX_VALUE, d.toSeconds());
  }

  /**
   * The clip of a done poll answer {@code o} of job {@code job}.
   *
   * @throws ContentModeratedException if moderation withheld it, which xAI bills
   * @throws NoOutputException if it has no URL
   */
  static ProviderOutput output(String provider, Map<String, Object> o, String job, XaiCall call) {
    Map<String, Object> video = Json.object(o, "video");
    if (Boolean.FALSE.equals(video.get("respect_moderation"))) {
      // The clip was made and is billed (failureBilling.moderated), but its URL is withheld.
      throw new ContentModeratedException(provider, "job " + job + ": the video was withheld by xAI's moderation");
    }
    Optional<String> url = Json.text(video, "url");
    if (url.isEmpty()) throw new NoOutputException(provider, "job " + job + " is done without a video URL");
    Optional<BigDecimal> seconds = Json.decimal(video, "duration");
    Asset.Builder asset = Asset.builder("video/mp4").url(url.get());
    seconds.ifPresent(asset::durationSeconds);
    // Every clip has generated audio; the API has no switch for it.
    Usage.Builder usage = Usage.builder().count(1).audio(true);
    seconds.ifPresent(usage::outputSeconds);
    return call.output(call.output(job).asset(asset.build()), usage, o);
  }
}
