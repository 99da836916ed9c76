package dev.unigen.provider.sandbox;

import dev.unigen.assets.Asset;
import dev.unigen.catalog.Offer;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns requests into real files: PNG or JPEG pictures, GIF videos, transformed input images,
 * LoRA weights and rewritten prompts. Every output is a function of the request and the seed.
 */
final class Renderer {
  /** Frames per second of sandbox videos: a GIF delay of 25 hundredths is exact. */
  static final int FPS = 4;
  private static final int FRAME_CENTISECONDS = Codecs.CENTISECONDS_PER_SECOND / FPS;

  private static final String[] LIGHT = {
      "soft morning light", "golden hour light", "dramatic rim lighting", "overcast diffuse light", "neon glow"};
  private static final String[] CAMERA = {
      "35mm photograph", "85mm portrait lens", "wide-angle shot", "macro detail", "isometric illustration"};
  private static final String[] FINISH = {
      "highly detailed", "sharp focus", "subtle film grain", "clean composition", "vivid colours"};

  private Renderer() {}

  /** Generated pictures for text-to-image, image-to-image, inpaint and multi-reference calls. */
  static ProviderOutput images(Request r, Offer offer, long seed, String provider, String requestId) {
    Size size = Sizes.image(r, offer, provider);
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(requestId);
    String format = r.outputFormat().orElse("png");
    boolean jpeg = Codecs.isJpeg(format);
    if (!jpeg && !format.equalsIgnoreCase("png")) {
      out.warning("the sandbox writes PNG or JPEG; wrote PNG instead of " + format);
    }
    Usage.Builder usage = Usage.builder().requests(1).loras(r.loras().size()).references(r.references().size());
    r.steps().ifPresent(usage::steps);
    r.quality().ifPresent(usage::quality);
    r.resolution().ifPresent(usage::resolution);
    for (int i = 0; i < r.count(); i++) {
      long s = seed + i;
      BufferedImage picture = Pictures.paint(size.width(), size.height(), s, r.prompt().orElse(""),
          label(offer.model(), s), 0);
      out.asset(Asset.builder(jpeg ? "image/jpeg" : "image/png")
          .bytes(jpeg ? Codecs.jpeg(picture) : Codecs.png(picture))
          .size(size.width(), size.height()).seed(s).build());
      usage.image(size.width(), size.height());
    }
    List<String> unused = new ArrayList<>();
    if (r.image().isPresent()) unused.add("the input image");
    if (r.mask().isPresent()) unused.add("the mask");
    if (!r.references().isEmpty()) unused.add("reference images");
    if (!r.controlNets().isEmpty()) unused.add("ControlNet guides");
    if (!r.loras().isEmpty()) unused.add("LoRAs");
    if (!unused.isEmpty()) out.warning("the sandbox accepts but does not draw " + String.join(", ", unused));
    return out.usage(usage.build()).build();
  }

  /** Upscale, remove-background and the preprocessors, applied to the decoded input image. */
  static ProviderOutput transform(Request r, BufferedImage input, String provider, String requestId) {
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(requestId);
    BufferedImage result;
    boolean jpeg = false;
    switch (r.task()) {
      case UPSCALE:
        int factor = r.upscaleFactor().orElse(2);
        Sizes.checked(Size.of(input.getWidth() * factor, input.getHeight() * factor), provider);
        result = ImageOps.upscale(input, factor);
        jpeg = r.outputFormat().map(Codecs::isJpeg).orElse(false);
        break;
      case REMOVE_BACKGROUND:
        result = ImageOps.removeBackground(input);
        if (r.outputFormat().map(Codecs::isJpeg).orElse(false)) {
          out.warning("remove-background always writes PNG, which keeps the transparency");
        }
        break;
      case EDGE_MAP:
        result = ImageOps.edges(input);
        break;
      case DEPTH_MAP:
        result = ImageOps.depth(input);
        break;
      case POSE_MAP:
        result = ImageOps.pose(input);
        out.warning("the sandbox's pose map is a fixed skeleton fitted to the subject, not a detected pose");
        break;
      case SEGMENTATION:
        result = ImageOps.segmentation(input);
        break;
      default:
        throw new IllegalArgumentException("not an image transform: " + r.task());
    }
    int w = result.getWidth();
    int h = result.getHeight();
    out.asset(Asset.builder(jpeg ? "image/jpeg" : "image/png")
        .bytes(jpeg ? Codecs.jpeg(result) : Codecs.png(result)).size(w, h).build());
    Usage usage = Usage.builder().requests(1).image(w, h).inputImage(input.getWidth(), input.getHeight()).build();
    return out.usage(usage).build();
  }

  /**
   * The prompt rewritten with three seed-chosen style phrases, cut to the request's
   * {@code maxTokens} (four characters a token); the system message is read as input, not obeyed.
   */
  static ProviderOutput text(Request r, long seed, String requestId) {
    String prompt = r.prompt().orElse("").strip();
    Rng rng = new Rng(seed);
    String text = prompt + ", " + LIGHT[rng.nextInt(LIGHT.length)] + ", " + CAMERA[rng.nextInt(CAMERA.length)]
        + ", " + FINISH[rng.nextInt(FINISH.length)];
    if (r.maxTokens().isPresent()) {
      long limit = 4L * r.maxTokens().getAsInt();
      if (text.length() > limit) text = text.substring(0, (int) limit);
    }
    long input = tokens(prompt) + r.system().map(Renderer::tokens).orElse(0L);
    Usage usage = Usage.builder().requests(1)
        .textInputTokens(input).textOutputTokens(tokens(text)).build();
    return ProviderOutput.builder().text(text).usage(usage).providerRequestId(requestId).build();
  }

  /** A rough token count, one per four characters, as LLM price sheets assume. */
  static long tokens(String text) {
    return (text.length() + 3) / 4;
  }

  /** The output of a finished job. */
  static ProviderOutput job(JobSpec spec, String jobId) {
    return spec.task == Task.LORA_TRAINING ? lora(spec, jobId) : video(spec, jobId);
  }

  /**
   * Frame delays in hundredths of a second adding up to {@code millis} (rounded to a hundredth,
   * at least one): frames of 25 and a shorter last one where the length is not a multiple.
   */
  static int[] frameDelays(long millis) {
    int total = (int) Math.max(1, (millis + 5) / 10);
    int frames = (total + FRAME_CENTISECONDS - 1) / FRAME_CENTISECONDS;
    int[] delays = new int[frames];
    Arrays.fill(delays, FRAME_CENTISECONDS);
    delays[frames - 1] = total - FRAME_CENTISECONDS * (frames - 1);
    return delays;
  }

  private static ProviderOutput video(JobSpec spec, String jobId) {
    int[] delays = frameDelays(spec.durationMillis);
    int total = 0;
    for (int d : delays) total += d;
    BigDecimal seconds = BigDecimal.valueOf(total, 2);
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(jobId);
    for (int i = 0; i < spec.count; i++) {
      long s = spec.seed + i;
      String label = label(spec.model, s);
      byte[] gif = Codecs.gif(f -> Pictures.paint(spec.frame.width(), spec.frame.height(), s, spec.prompt,
          clock(f * FRAME_CENTISECONDS) + " " + label, f / (double) delays.length), delays);
      out.asset(Asset.builder("image/gif").bytes(gif).size(spec.frame.width(), spec.frame.height())
          .durationSeconds(seconds).seed(s).build());
    }
    out.warning("the sandbox's video is an animated GIF of " + spec.frame + " at " + FPS + " fps"
        + (spec.audio ? ", without sound" : ""));
    // The usage states what a real provider would have made (nominal size, resolution, audio), so
    // a price table priced onto the sandbox gives the same actual cost it would for the real call.
    Usage.Builder usage = Usage.builder().requests(1).count(spec.count).images(spec.count, spec.nominal)
        .outputSeconds(seconds).audio(spec.audio);
    if (spec.resolution != null) usage.resolution(spec.resolution);
    return out.usage(usage.build()).build();
  }

  private static ProviderOutput lora(JobSpec spec, String jobId) {
    Usage.Builder usage = Usage.builder().requests(1).count(1);
    if (spec.steps != null) usage.steps(spec.steps);
    return ProviderOutput.builder().providerRequestId(jobId)
        .asset(Asset.builder("application/octet-stream").bytes(weights(spec.seed, spec.steps, spec.prompt)).seed(spec.seed).build())
        .warning("the sandbox's LoRA weights are random numbers in the .safetensors format; no model can use them")
        .usage(usage.build()).build();
  }

  /**
   * A small valid {@code .safetensors} file: an 8-byte little-endian header length, a JSON header
   * padded with spaces to a multiple of 8, then two rank-4 float32 tensors drawn from the seed.
   */
  static byte[] weights(long seed, Integer steps, String triggerWord) {
    int rank = 4;
    int dim = 64;
    int bytes = rank * dim * Float.BYTES;
    String header = "{\"__metadata__\":{\"format\":\"pt\",\"generator\":\"unigen-sandbox\",\"seed\":\"" + seed + "\""
        + (steps != null ? ",\"steps\":\"" + steps + "\"" : "")
        + (triggerWord.isEmpty() ? "" : ",\"trigger_word\":\"" + jsonEscape(triggerWord) + "\"") + "},"
        + "\"lora_down.weight\":{\"dtype\":\"F32\",\"shape\":[" + rank + "," + dim + "],\"data_offsets\":[0," + bytes + "]},"
        + "\"lora_up.weight\":{\"dtype\":\"F32\",\"shape\":[" + dim + "," + rank + "],\"data_offsets\":[" + bytes + "," + 2 * bytes + "]}}";
    byte[] text = header.getBytes(StandardCharsets.UTF_8);
    byte[] json = Arrays.copyOf(text, (text.length + 7) / 8 * 8);
    Arrays.fill(json, text.length, json.length, (byte) ' ');
    ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + 2 * bytes).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(json.length).put(json);
    Rng rng = new Rng(seed);
    for (int i = 0; i < 2 * rank * dim; i++) buffer.putFloat((float) ((rng.nextDouble() - 0.5) * 0.02));
    return buffer.array();
  }

  private static String jsonEscape(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') s.append('\\').append(c);
      else if (c < 0x20) s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      else s.append(c);
    }
    return s.toString();
  }

  private static String label(String model, long seed) {
    return "sandbox " + model + " seed " + seed;
  }

  /** {@code 125} hundredths → {@code T+1.25S}; first in a frame's label so a narrow GIF still shows it. */
  private static String clock(int centiseconds) {
    return String.format(Locale.ROOT, "T+%d.%02dS", centiseconds / 100, centiseconds % 100);
  }
}
