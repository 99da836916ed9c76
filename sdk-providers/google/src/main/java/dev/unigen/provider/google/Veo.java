package dev.unigen.provider.google;

import dev.unigen.InvalidRequestException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Veo on the Gemini API: {@code POST /models/{model}:predictLongRunning} with
 * {@code {instances: [{prompt, image?, referenceImages?}], parameters: {aspectRatio, resolution,
 * durationSeconds, negativePrompt}}}, answered by an operation {@code {name:
 * "models/{model}/operations/{id}"}}, which {@code GET /{name}} reads until {@code done}: then
 * {@code response.generateVideoResponse.generatedSamples[].video.uri}, or {@code error}, or — when
 * Google's filter withheld the video — no sample and {@code raiMediaFilteredReasons}. The Gemini
 * API takes no seed, frame rate or audio switch (those are Vertex-only): Veo 3.1 there always makes
 * audio.
 */
final class Veo {
  static final String DEFAULT_RESOLUTION = "720p";
  /** The only length Veo makes at 1080p and 4k, and from reference images. */
  static final long LONG_CLIP = 8;
  private static final Pattern OPERATION = Pattern.compile("models/[A-Za-z0-9._-]+/operations/[A-Za-z0-9._-]+");

  private Veo() {}

  /** What a submit sends, and what its job is read with. */
  record Prepared(Map<String, Object> body, long seconds, String resolution, List<String> warnings) {
    /** What a job of this submit journals: the endpoint, the operation, what its output is priced by; never the key. */
    Map<String, String> attributes(String endpoint, String operation) {
      Map<String, String> a = new LinkedHashMap<>();
      a.put(JobRef.ENDPOINT, endpoint);
      a.put("operation", operation);
      a.put("seconds", String.valueOf(seconds));
      a.put("resolution", resolution);
      if (!warnings.isEmpty()) a.put("warnings", String.join("\n", warnings));
      return a;
    }
  }

  /**
   * Builds the {@code predictLongRunning} body for {@code call}.
   *
   * @throws InvalidRequestException if a text-to-video request has no prompt, an image-to-video
   *     one no image, or the duration is not whole seconds
   * @throws dev.unigen.ProviderFailureException if it asks for what Veo on the Gemini API does
   *     not make (1080p or 4k shorter than 8 s, reference images with a start frame, another
   *     ratio or length, a mask, an input video) or gives an image as a URL
   */
  static Prepared prepare(ProviderCall call, String provider, Map<String, Object> options) {
    Request r = call.request();
    if (r.task() != Task.TEXT_TO_VIDEO && r.task() != Task.IMAGE_TO_VIDEO) {
      throw GoogleProvider.unservable(provider, r.task().wireName() + " is not served by Veo on the Gemini API");
    }
    Optional<String> prompt = r.prompt().filter(p -> !p.isBlank());
    if (prompt.isEmpty() && r.task() == Task.TEXT_TO_VIDEO) {
      throw new InvalidRequestException(provider, "Veo needs a prompt");
    }
    List<String> warnings = new ArrayList<>();
    if (r.seed().isPresent()) warnings.add("Veo on the Gemini API takes no seed (Vertex only); not sent");
    if (r.fps().isPresent()) warnings.add("Veo on the Gemini API takes no frame rate (Vertex only); not sent");
    if (!r.audio()) warnings.add("Veo 3.1 on the Gemini API always generates audio, and bills the same for it");
    if (r.size().isPresent()) warnings.add("Veo takes a resolution and an aspect ratio, not a size; the size was not sent");

    Duration d = r.duration().orElse(call.offer().capabilities().defaultDuration().orElse(Duration.ofSeconds(LONG_CLIP)));
    if (d.toMillis() % 1000 != 0) {
      throw new InvalidRequestException(provider, "Veo takes whole seconds, not " + d.toMillis() / 1000.0 + " s");
    }
    long seconds = d.getSeconds();
    String resolution = r.resolution().map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse(DEFAULT_RESOLUTION);
    if (!resolution.equals("720p") && seconds != LONG_CLIP) {
      throw GoogleProvider.unservable(provider, "Veo makes " + resolution + " only as 8 s clips, not " + seconds + " s");
    }

    Map<String, Object> instance = new LinkedHashMap<>();
    prompt.ifPresent(p -> instance.put("prompt", p));
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      Media image = r.image().orElseThrow(() -> new InvalidRequestException(provider, "image-to-video needs a start image"));
      instance.put("image", image(image, provider));
    }
    if (!r.references().isEmpty()) {
      if (r.task() == Task.IMAGE_TO_VIDEO) {
        throw GoogleProvider.unservable(provider, "Veo takes reference images or a start frame, not both");
      }
      if (seconds != LONG_CLIP) throw GoogleProvider.unservable(provider, "Veo makes clips from reference images only 8 s long");
      if (r.aspectRatio().filter(a -> !a.trim().equals("16:9")).isPresent()) {
        throw GoogleProvider.unservable(provider, "Veo makes clips from reference images only in 16:9");
      }
      List<Object> refs = new ArrayList<>();
      for (Media m : r.references()) refs.add(Map.of("image", image(m, provider), "referenceType", "ASSET"));
      instance.put("referenceImages", refs);
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    r.aspectRatio().map(String::trim).ifPresent(a -> parameters.put("aspectRatio", a));
    // Always sent: it sets the price, and the API's default could change.
    parameters.put("resolution", resolution);
    parameters.put("durationSeconds", seconds);
    r.negativePrompt().filter(n -> !n.isBlank()).ifPresent(n -> parameters.put("negativePrompt", n));

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("instances", List.of(instance));
    body.put("parameters", parameters);
    GoogleProvider.merge(body, options);
    return new Prepared(body, seconds, resolution, warnings);
  }

  /** An image as Veo takes it: {@code {bytesBase64Encoded, mimeType}}; a URL (a Cloud Storage URI on Vertex) is not taken. */
  private static Map<String, Object> image(Media m, String provider) {
    MediaContent c = GoogleProvider.local(m, provider, "Veo on the Gemini API");
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("bytesBase64Encoded", Base64.getEncoder().encodeToString(c.bytes()));
    image.put("mimeType", c.mediaType());
    return image;
  }

  /** True if {@code name} is an operation name of the form {@code models/{model}/operations/{id}}. */
  static boolean isOperation(String name) {
    return OPERATION.matcher(name).matches();
  }

  /** The id part of an operation name: what the job is known by, and what a webhook names. */
  static String shortId(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? name : name.substring(slash + 1);
  }

  /** The operation name journaled with {@code job}; empty when there is none. */
  static String operation(JobRef job) {
    return job.attributes().getOrDefault("operation", "");
  }

  /**
   * The output of a done job whose videos were downloaded: each lasts the seconds asked, and Veo
   * 3.1 on the Gemini API always makes audio, billed per second at the resolution made.
   */
  static ProviderOutput output(JobRef job, String operation, List<Asset.Builder> videos) {
    Map<String, String> a = job.attributes();
    BigDecimal seconds = new BigDecimal(a.getOrDefault("seconds", String.valueOf(LONG_CLIP)));
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(operation);
    videos.forEach(v -> out.asset(v.durationSeconds(seconds).build()));
    String warnings = a.getOrDefault("warnings", "");
    if (!warnings.isEmpty()) List.of(warnings.split("\n")).forEach(out::warning);
    return out.usage(Usage.builder().requests(1).count(videos.size()).outputSeconds(seconds)
        .resolution(a.getOrDefault("resolution", DEFAULT_RESOLUTION)).audio(true).build()).build();
  }

  /** The video URIs of a done operation's {@code response.generateVideoResponse.generatedSamples}. */
  static List<String> videos(Map<String, Object> operation) {
    List<String> videos = new ArrayList<>();
    for (Object s : Json.array(response(operation), "generatedSamples")) {
      Json.text(Json.object(Json.object(s), "video"), "uri").ifPresent(videos::add);
    }
    return videos;
  }

  /** A done operation's {@code response.generateVideoResponse}. */
  static Map<String, Object> response(Map<String, Object> operation) {
    return Json.object(Json.object(operation, "response"), "generateVideoResponse");
  }
}
