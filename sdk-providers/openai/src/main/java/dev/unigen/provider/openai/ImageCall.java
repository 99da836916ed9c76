package dev.unigen.provider.openai;

import dev.unigen.InvalidRequestException;
import dev.unigen.provider.openai.wire.ImageBody;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.RequestBody;

/**
 * One request to the Image API built from a {@link ProviderCall}: {@code POST /images/generations}
 * (JSON) when there is no input image, else {@code POST /images/edits} — a multipart upload with
 * one {@code image[]} part per input and a {@code mask} part when every input is local, or the
 * JSON form with {@code images: [{image_url}]} when any input is a URL. Also keeps what the
 * answer is read against: the model, the requested size, quality and format, and warnings about
 * request values the API has no field for.
 */
final class ImageCall {
  static final Set<Task> TASKS = Collections.unmodifiableSet(
      EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT, Task.MULTI_REFERENCE));
  /** The most images one edit takes (OpenAPI {@code CreateImageEditRequest.image}). */
  static final int MAX_INPUT_IMAGES = 16;
  static final int MAX_COUNT = 10;
  /** {@code ImageRefParam.image_url} maxLength in the OpenAPI document. */
  static final long MAX_IMAGE_URL_CHARS = 20_971_520;
  private static final Set<String> QUALITIES = Set.of("low", "medium", "high", "auto");
  private static final Set<String> FORMATS = Set.of("png", "jpeg", "webp");
  /** Fields Unigen sets itself, or that would change the shape of the answer. */
  private static final Set<String> RESERVED = Set.of("model", "prompt", "n", "image", "image[]", "images", "mask",
      "stream", "partial_images");

  final String model;
  final String path;
  final RequestBody body;
  final Size requestedSize;
  final String requestedQuality;
  final String requestedFormat;
  final int inputImages;
  final List<String> warnings;

  private ImageCall(String model, String path, RequestBody body, Size requestedSize, String requestedQuality,
      String requestedFormat, int inputImages, List<String> warnings) {
    this.model = model;
    this.path = path;
    this.body = body;
    this.requestedSize = requestedSize;
    this.requestedQuality = requestedQuality;
    this.requestedFormat = requestedFormat;
    this.inputImages = inputImages;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Builds the request for {@code call}; local input files are read here.
   *
   * @throws InvalidRequestException naming the field, for a value the Image API cannot take
   */
  static ImageCall of(String provider, ProviderCall call) {
    Request r = call.request();
    String model = call.endpoint();
    if (!TASKS.contains(r.task())) {
      throw new InvalidRequestException(provider, r.task().wireName() + " is not served by OpenAI's Image API");
    }
    String prompt = r.prompt().orElseThrow(() -> new InvalidRequestException(provider, "a prompt is required"));
    if (r.count() > MAX_COUNT) {
      throw new InvalidRequestException(provider, "n must be within 1.." + MAX_COUNT + ", was " + r.count());
    }
    List<String> warnings = new ArrayList<>();
    ImageBody body = new ImageBody().field("model", model).field("prompt", prompt).field("n", r.count());

    Size size = r.size().orElse(null);
    if (size == null && r.aspectRatio().isPresent()) {
      size = ImageSizes.BY_ASPECT_RATIO.get(r.aspectRatio().get());
      if (size == null) {
        throw new InvalidRequestException(provider, "aspect ratio " + r.aspectRatio().get()
            + " has no OpenAI size; use 1:1, 3:2, 2:3 or an explicit size");
      }
    }
    if (size != null) {
      if (ImageSizes.flexible(model)) {
        Optional<String> problem = ImageSizes.flexibleProblem(size);
        if (problem.isPresent()) throw new InvalidRequestException(provider, model + " " + problem.get());
      }
      body.field("size", size.toString());
    }
    String quality = r.quality().map(q -> q.toLowerCase(Locale.ROOT)).orElse(null);
    if (quality != null) {
      if (!QUALITIES.contains(quality)) {
        throw new InvalidRequestException(provider, "quality must be low, medium, high or auto, was " + r.quality().get());
      }
      body.field("quality", quality);
    }
    String format = r.outputFormat().map(f -> f.toLowerCase(Locale.ROOT)).map(f -> f.equals("jpg") ? "jpeg" : f).orElse(null);
    if (format != null) {
      if (!FORMATS.contains(format)) {
        throw new InvalidRequestException(provider, "output format must be png, jpeg or webp, was " + r.outputFormat().get());
      }
      body.field("output_format", format);
    }
    if (r.seed().isPresent()) warnings.add("seed ignored: OpenAI's Image API takes no seed");
    if (r.negativePrompt().isPresent()) warnings.add("negative prompt ignored: OpenAI's Image API has no such field");
    if (r.steps().isPresent()) warnings.add("steps ignored: OpenAI's Image API has no such field");
    if (r.guidance().isPresent()) warnings.add("guidance ignored: OpenAI's Image API has no such field");
    if (r.strength().isPresent()) warnings.add("strength ignored: OpenAI's edits take no strength");

    Map<String, Object> options = r.providerOptions().getOrDefault(provider, Map.of());
    for (Map.Entry<String, Object> o : options.entrySet()) {
      String key = o.getKey();
      if (RESERVED.contains(key)) {
        throw new InvalidRequestException(provider, "providerOptions." + key + " cannot be set: "
            + (key.equals("stream") || key.equals("partial_images") ? "streaming is not supported" : "Unigen sets it from the request"));
      }
      try {
        body.field(key, o.getValue());
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(provider, "providerOptions." + e.getMessage());
      }
    }

    List<Media> inputs = new ArrayList<>();
    r.image().ifPresent(inputs::add);
    inputs.addAll(r.references());
    if (inputs.isEmpty()) {
      if (r.task() != Task.TEXT_TO_IMAGE) {
        throw new InvalidRequestException(provider, r.task().wireName() + " needs an input image");
      }
      if (r.mask().isPresent()) throw new InvalidRequestException(provider, "a mask needs an image to apply to");
      return new ImageCall(model, "/images/generations", body.toJson(), size, quality, format, 0, warnings);
    }
    if (inputs.size() > MAX_INPUT_IMAGES) {
      throw new InvalidRequestException(provider, inputs.size() + " input images (image and references) asked, "
          + MAX_INPUT_IMAGES + " allowed");
    }
    inputs.forEach(body::image);
    r.mask().ifPresent(body::mask);
    RequestBody wire;
    if (body.allLocal()) {
      wire = body.toMultipart();
    } else {
      List<Media> all = new ArrayList<>(inputs);
      r.mask().ifPresent(all::add);
      for (Media m : all) {
        if (m.kind() != Media.Kind.URL && ImageBody.imageUrlLength(m) > MAX_IMAGE_URL_CHARS) {
          throw new InvalidRequestException(provider, m + " is too large to send as a data URL beside URL inputs;"
              + " give every input as a local file so they are uploaded, or host it at a URL");
        }
      }
      wire = body.toJson();
    }
    return new ImageCall(model, "/images/edits", wire, size, quality, format, inputs.size(), warnings);
  }
}
