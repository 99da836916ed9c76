package dev.unigen.provider.xai;

import dev.unigen.ContentModeratedException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.ImageProbe;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Grok Imagine image requests ({@code POST /v1/images/generations} and, JSON only,
 * {@code /v1/images/edits}) and their answers ({@code {data: [{url | b64_json, mime_type,
 * respect_moderation}], usage: {cost_in_usd_ticks}}}), the same whether they come at once or from
 * a deferred request's poll.
 */
final class Images {
  /** The only model that takes {@code quality} (xai-sdk-python v1.19.0). */
  static final String QUALITY_MODEL = "grok-imagine-image-2.0";
  /** Most source images of one edit (docs.x.ai multi-image editing). */
  static final int MAX_INPUTS = 3;
  /** The size each aspect ratio gives at 1k: a request's size is sent as its ratio. */
  static final Map<Size, String> RATIOS = Map.ofEntries(
      Map.entry(Size.of(1024, 1024), "1:1"), Map.entry(Size.of(896, 1280), "3:4"), Map.entry(Size.of(1280, 896), "4:3"),
      Map.entry(Size.of(768, 1408), "9:16"), Map.entry(Size.of(1408, 768), "16:9"), Map.entry(Size.of(864, 1296), "2:3"),
      Map.entry(Size.of(1296, 864), "3:2"), Map.entry(Size.of(576, 1248), "9:19.5"), Map.entry(Size.of(1248, 576), "19.5:9"),
      Map.entry(Size.of(576, 1280), "9:20"), Map.entry(Size.of(1280, 576), "20:9"), Map.entry(Size.of(704, 1408), "1:2"),
      Map.entry(Size.of(1408, 704), "2:1"));

  private Images() {}

  /**
   * The call for {@code call}'s request. {@code deferred} is the provider's default, which a
   * {@code deferred} provider option overrides.
   *
   * @throws InvalidRequestException for what the API cannot take, before anything is sent
   */
  static XaiCall of(String provider, ProviderCall call, boolean deferred) {
    Request r = call.request();
    String endpoint = call.endpoint();
    List<String> warnings = new ArrayList<>();
    Map<String, Object> body = XaiCall.start(call);
    String path;
    List<Media> inputs = new ArrayList<>();
    r.image().ifPresent(inputs::add);
    inputs.addAll(r.references());
    if (r.task() == Task.TEXT_TO_IMAGE) {
      path = "images/generations";
    } else if (r.task() == Task.IMAGE_TO_IMAGE || r.task() == Task.MULTI_REFERENCE) {
      path = "images/edits";
      if (inputs.isEmpty()) throw new InvalidRequestException(provider, "an edit needs an input image");
      if (inputs.size() > MAX_INPUTS) {
        throw new InvalidRequestException(provider, inputs.size() + " input images; an xAI edit takes at most " + MAX_INPUTS);
      }
      if (r.task() == Task.IMAGE_TO_IMAGE && inputs.size() == 1) {
        body.put("image", XaiCall.input(inputs.get(0)));
      } else {
        List<Object> images = new ArrayList<>();
        for (Media m : inputs) images.add(XaiCall.input(m));
        // The prompt refers to them as <IMAGE_0>, <IMAGE_1>, ... in this order.
        body.put("images", images);
      }
    } else {
      throw new InvalidRequestException(provider, "xAI images do not serve " + r.task().wireName());
    }
    body.put("n", r.count());

    String ratio = r.aspectRatio().orElse(null);
    String resolution = r.resolution().map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
    if (r.size().isPresent()) {
      String sized = RATIOS.get(r.size().get());
      if (sized == null) throw new InvalidRequestException(provider, "size " + r.size().get() + " is not one xAI makes at 1k");
      if (ratio != null && !ratio.equals(sized)) {
        throw new InvalidRequestException(provider, "size " + r.size().get() + " is " + sized + ", not the aspect ratio " + ratio + " asked");
      }
      if (resolution != null && !resolution.equals("1k")) {
        throw new InvalidRequestException(provider, "a size stands for its aspect ratio at 1k; give an aspect ratio with resolution " + resolution);
      }
      ratio = sized;
    }
    if (ratio != null) {
      if (body.containsKey("image")) {
        // The docs: a single-image edit always takes the input's aspect ratio; do not set one.
        throw new InvalidRequestException(provider, "a single-image edit keeps the input's aspect ratio; "
            + "aspect ratio and size are for generations and multi-image edits");
      }
      body.put("aspect_ratio", ratio);
    }
    if (resolution != null) body.put("resolution", resolution);
    String quality = r.quality().map(q -> q.toLowerCase(Locale.ROOT)).orElse(null);
    if (quality != null) {
      if (endpoint.equals(QUALITY_MODEL)) {
        body.put("quality", quality);
      } else {
        warnings.add("quality " + quality + " not sent: only " + QUALITY_MODEL + " takes a quality");
        quality = null;
      }
    }
    if (deferred) body.put("deferred", true);
    XaiCall.end(call, "image", body, warnings);
    boolean isDeferred = Boolean.TRUE.equals(body.get("deferred"));
    // Sent at once, base64 gives the bytes, and so the true size; deferred requests only take URLs.
    body.putIfAbsent("response_format", isDeferred ? "url" : "b64_json");
    if (isDeferred && !"url".equals(body.get("response_format"))) {
      throw new InvalidRequestException(provider, "a deferred image request answers with URLs only (response_format url)");
    }
    return new XaiCall(false, path, body, isDeferred, quality, resolution, warnings);
  }

  /**
   * The images of a successful answer {@code o}.
   *
   * @throws ContentModeratedException if moderation withheld every image
   * @throws NoOutputException if the answer holds no usable image
   */
  static ProviderOutput output(String provider, Map<String, Object> o, String requestId, XaiCall call) {
    ProviderOutput.Builder out = call.output(requestId);
    List<Size> sizes = new ArrayList<>();
    int produced = 0;
    int withheld = 0;
    for (Object item : Json.array(o, "data")) {
      Map<String, Object> image = Json.object(item);
      if (Boolean.FALSE.equals(image.get("respect_moderation"))) {
        withheld++;
        continue;
      }
      Optional<String> b64 = Json.string(image, "b64_json").filter(s -> !s.isEmpty());
      Optional<String> url = Json.string(image, "url").filter(s -> !s.isEmpty());
      Optional<String> mime = Json.string(image, "mime_type");
      if (b64.isPresent()) {
        byte[] bytes = DataUri.decodeBase64(b64.get());
        Asset.Builder asset = Asset.builder(mime.orElseGet(() -> MediaContent.sniff(bytes, "image"))).bytes(bytes);
        Optional<Size> size = ImageProbe.size(bytes);
        if (size.isPresent()) {
          asset.size(size.get().width(), size.get().height());
          sizes.add(size.get());
        }
        out.asset(asset.build());
      } else if (url.isPresent()) {
        out.asset(Asset.builder(mime.orElse("image/jpeg")).url(url.get()).build());
      } else {
        continue;
      }
      produced++;
    }
    if (produced == 0) {
      if (withheld > 0) throw new ContentModeratedException(provider, withheld + " image(s) withheld by xAI's moderation");
      throw new NoOutputException(provider, "the answer holds no image");
    }
    if (withheld > 0) out.warning(withheld + " image(s) withheld by xAI's moderation");
    Usage.Builder usage = Usage.builder().count(produced);
    // Sizes only when every image's is known: a per-image table then prices each one.
    if (sizes.size() == produced) sizes.forEach(s -> usage.image(s.width(), s.height()));
    return call.output(out, usage, o);
  }
}
