package dev.unigen.provider.fal;

import dev.unigen.NoOutputException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Seeds;
import dev.unigen.spi.protocol.FalQueue.File;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns a model output into assets and the {@link Usage} that prices them. Outputs come in a few
 * shapes: {@code images[]} (with {@code seed} and {@code has_nsfw_concepts[]}), one {@code image}
 * (pose and depth maps, upscales), {@code masks[]} (SAM-3), one {@code video}, and
 * {@code diffusers_lora_file} (LoRA training). The usage is what was produced: image sizes from
 * the output (or, when fal leaves them out, the size asked for, with a warning), video seconds
 * from the output or else as asked, the steps trained, and the units fal billed
 * ({@code X-Fal-Billable-Units}) when the result read carried them.
 */
final class FalOutputs {
  private final String provider;

  FalOutputs(String provider) {
    this.provider = provider;
  }

  /**
   * Builds the output of request {@code requestId}.
   *
   * @throws NoOutputException if the output holds nothing usable
   */
  ProviderOutput build(String requestId, Object json, Map<String, String> attrs, BigDecimal billedUnits) {
    Map<String, Object> o = Json.object(json);
    Task task = Task.fromWireName(attrs.getOrDefault(FalProvider.ATTR_TASK, "")).orElse(null);
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(requestId);
    Usage.Builder usage = Usage.builder();
    if (billedUnits != null) usage.billedUnits(billedUnits);
    OptionalLong seed = Seeds.parse(o.get("seed"));

    if (o.get("diffusers_lora_file") != null) {
      File weights = File.read(o.get("diffusers_lora_file"))
          .orElseThrow(() -> noOutput(requestId, "a diffusers_lora_file without a URL"));
      out.asset(asset(weights, "application/octet-stream", seed).build());
      File.read(o.get("config_file")).flatMap(File::url)
          .ifPresent(u -> out.warning("training config file: " + u));
      usage.count(1);
      String steps = attrs.get(FalProvider.ATTR_STEPS);
      if (steps != null) usage.steps(Integer.parseInt(steps));
      return out.usage(usage.build()).build();
    }
    if (o.get("video") != null) {
      File video = File.read(o.get("video")).orElseThrow(() -> noOutput(requestId, "a video without a URL"));
      BigDecimal seconds = video.duration().orElse(null);
      if (seconds == null && attrs.containsKey(FalProvider.ATTR_SECONDS)) seconds = new BigDecimal(attrs.get(FalProvider.ATTR_SECONDS));
      Asset.Builder a = asset(video, "video/mp4", seed);
      if (seconds != null) {
        a.durationSeconds(seconds);
        usage.outputSeconds(seconds);
      }
      out.asset(a.build());
      usage.count(1);
      String resolution = attrs.get(FalProvider.ATTR_RESOLUTION);
      if (resolution != null) usage.resolution(resolution);
      usage.audio(Boolean.parseBoolean(attrs.getOrDefault(FalProvider.ATTR_AUDIO, "false")));
      return out.usage(usage.build()).build();
    }

    List<File> files = new ArrayList<>();
    for (Object item : Json.array(o, "images")) File.read(item).ifPresent(files::add);
    if (files.isEmpty()) for (Object item : Json.array(o, "masks")) File.read(item).ifPresent(files::add);
    if (files.isEmpty() && o.get("image") != null) File.read(o.get("image")).ifPresent(files::add);
    if (files.isEmpty()) throw noOutput(requestId, "no images");

    List<Object> nsfw = Json.array(o, "has_nsfw_concepts");
    Size asked = attrs.containsKey(FalProvider.ATTR_WIDTH) && attrs.containsKey(FalProvider.ATTR_HEIGHT)
        ? Size.of(Integer.parseInt(attrs.get(FalProvider.ATTR_WIDTH)), Integer.parseInt(attrs.get(FalProvider.ATTR_HEIGHT)))
        : null;
    boolean perRequest = task == Task.POSE_MAP || task == Task.DEPTH_MAP || task == Task.SEGMENTATION;
    boolean sizeAssumed = false;
    for (int i = 0; i < files.size(); i++) {
      File f = files.get(i);
      boolean flagged = i < nsfw.size() && Boolean.TRUE.equals(nsfw.get(i));
      Asset.Builder a = asset(f, "image/png", seed).nsfw(flagged);
      if (f.width().isPresent() && f.height().isPresent()) {
        a.size(f.width().getAsInt(), f.height().getAsInt());
        if (!perRequest) usage.image(f.width().getAsInt(), f.height().getAsInt());
      } else if (!perRequest && asked != null) {
        usage.image(asked.width(), asked.height());
        sizeAssumed = true;
      }
      out.asset(a.build());
    }
    usage.count(files.size());
    if (sizeAssumed) out.warning("fal did not state the size of every image; " + asked + ", as asked, is used to price them");
    if (nsfw.contains(Boolean.TRUE)) {
      out.warning("fal flagged NSFW content (has_nsfw_concepts); such images are usually returned blacked out");
    }
    String inputs = attrs.get(FalProvider.ATTR_INPUTS);
    if (inputs != null && !inputs.isEmpty()) {
      for (String s : inputs.split(",")) {
        Size in = Size.parse(s);
        usage.inputImage(in.width(), in.height());
      }
    }
    if (attrs.containsKey(FalProvider.ATTR_REFERENCES)) usage.references(Integer.parseInt(attrs.get(FalProvider.ATTR_REFERENCES)));
    if (attrs.containsKey(FalProvider.ATTR_LORAS)) usage.loras(Integer.parseInt(attrs.get(FalProvider.ATTR_LORAS)));
    if (attrs.containsKey(FalProvider.ATTR_TOKENS_PER_IMAGE)) {
      usage.imageOutputTokens(Long.parseLong(attrs.get(FalProvider.ATTR_TOKENS_PER_IMAGE)) * files.size());
    }
    return out.usage(usage.build()).build();
  }

  private static Asset.Builder asset(File f, String fallbackType, OptionalLong seed) {
    Asset.Builder a = Asset.builder(f.contentType().orElse(fallbackType));
    f.url().ifPresent(a::url);
    f.bytes().ifPresent(a::bytes);
    if (seed.isPresent()) a.seed(seed.getAsLong());
    return a;
  }

  private NoOutputException noOutput(String requestId, String what) {
    return new NoOutputException(provider, "fal request " + requestId + " completed with " + what);
  }
}
