package dev.unigen;

import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonPathException;
import dev.unigen.internal.JsonTree;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a chain declared in JSON: {@code {"format": 1, "chain": "premium-photo", "tags": {...},
 * "steps": [{"name": "base", "task": "text-to-image", "prompt": {"from": "prompt"}, ...}]}}. A
 * step's fields are those of a request (as in workload files); an input is a string (a prompt, or
 * a URL for media) or {@code {"from": "step"}}. Unknown fields are errors.
 */
final class ChainJson {
  private ChainJson() {}

  static Chain read(String json, String source) {
    try {
      JsonFields f = JsonFields.of(JsonTree.parse(json), "$");
      long format = f.integer("format").orElseThrow(() -> f.error("format", "is required (1)"));
      if (format != 1) throw f.error("format", "must be 1, not " + format);
      f.string("description");
      Chain.Builder b = Chain.builder(f.requireString("chain"));
      f.object("tags").ifPresent(t -> {
        for (Object key : ((Map<?, ?>) f.raw("tags")).keySet()) b.tag((String) key, t.requireString((String) key));
      });
      for (JsonFields step : f.objects("steps")) step(b, step);
      f.rejectUnknown();
      return b.build();
    } catch (JsonPathException | InvalidRequestException e) {
      throw new InvalidRequestException(source + ": " + e.getMessage());
    }
  }

  private static void step(Chain.Builder b, JsonFields f) {
    String name = f.requireString("name");
    String taskName = f.requireString("task");
    Task task = Task.fromWireName(taskName).orElseThrow(() -> f.error("task", "unknown task '" + taskName + "'"));
    Consumer<Chain.StepSpec> spec = s -> fields(s, f);
    switch (task) {
      case TEXT: b.text(name, spec); break;
      case TEXT_TO_IMAGE: case MULTI_REFERENCE: b.image(name, spec); break;
      case IMAGE_TO_IMAGE: case INPAINT: b.edit(name, spec); break;
      case TEXT_TO_VIDEO: case IMAGE_TO_VIDEO: case VIDEO_TO_VIDEO: b.video(name, spec); break;
      case UPSCALE:
        b.upscale(name, f.positiveInt("factor").orElse(2), from(f, "image"), s -> fields(s, f));
        break;
      case POSE_MAP: case DEPTH_MAP: case EDGE_MAP: case SEGMENTATION: case REMOVE_BACKGROUND:
        b.preprocess(name, task, from(f, "image"), s -> fields(s, f));
        break;
      default:
        throw f.error("task", task.wireName() + " cannot be a chain step");
    }
    f.rejectUnknown();
  }

  /** The step an input names; for steps whose input must come from an earlier step. */
  private static Chain.Ref from(JsonFields f, String key) {
    JsonFields in = f.object(key).orElseThrow(() -> f.error(key, "is required: {\"from\": \"<earlier step>\"}"));
    return Chain.from(in.requireString("from"));
  }

  private static void fields(Chain.StepSpec s, JsonFields f) {
    f.string("model").ifPresent(s::model);
    text(f, "prompt", s::prompt, s::prompt);
    text(f, "negativePrompt", s::negativePrompt, s::negativePrompt);
    text(f, "system", s::system, s::system);
    f.positiveInt("maxTokens").ifPresent(s::maxTokens);
    f.nonNegative("temperature").ifPresent(s::temperature);
    f.integer("seed").ifPresent(s::seed);
    f.string("size").ifPresent(v -> {
      Size size = Size.parse(v);
      s.size(size.width(), size.height());
    });
    f.string("aspectRatio").ifPresent(s::aspectRatio);
    f.positiveInt("steps").ifPresent(s::steps);
    f.nonNegative("guidance").ifPresent(s::guidance);
    f.string("quality").ifPresent(s::quality);
    f.string("resolution").ifPresent(s::resolution);
    f.string("outputFormat").ifPresent(s::outputFormat);
    f.nonNegative("strength").ifPresent(s::strength);
    f.nonNegative("duration").ifPresent(d -> s.duration(Duration.ofMillis(d.movePointRight(3).longValueExact())));
    f.positiveInt("fps").ifPresent(s::fps);
    f.bool("audio").ifPresent(s::audio);
    f.positiveInt("factor").ifPresent(s::factor);
    for (String p : f.strings("providers")) s.provider(p);
    // Upscales and maps take their image through the builder, so only other steps read it here.
    if (s.kind != Chain.Kind.TRANSFORM) media(f, "image", s::image, s::image);
    media(f, "mask", s::mask, s::mask);
    media(f, "video", s::video, s::video);
    for (JsonFields r : f.objects("references")) {
      if (r.has("from")) s.reference(Chain.from(r.requireString("from")));
      else s.reference(Media.url(r.requireString("url")));
      r.rejectUnknown();
    }
    for (JsonFields c : f.objects("controlNets")) {
      String kind = c.requireString("kind");
      ControlNet.Kind k = ControlNet.Kind.fromWireName(kind).orElseThrow(() -> c.error("kind", "unknown ControlNet kind '" + kind + "'"));
      JsonFields guide = c.object("guide").orElseThrow(() -> c.error("guide", "is required"));
      if (guide.has("from")) s.controlNet(k, Chain.from(guide.requireString("from")));
      else s.controlNet(k, Media.url(guide.requireString("url")));
      guide.rejectUnknown();
      c.rejectUnknown();
    }
  }

  /** A text field: a literal string, or {@code {"from": "step"}}. */
  private static void text(JsonFields f, String key, Consumer<String> literal, Consumer<Chain.Ref> ref) {
    if (!f.has(key)) return;
    if (f.raw(key) instanceof String) {
      literal.accept(f.requireString(key));
    } else {
      JsonFields in = f.object(key).get();
      ref.accept(Chain.from(in.requireString("from")));
      in.rejectUnknown();
    }
  }

  /** A media field: a URL string, or {@code {"from": "step"}}. */
  private static void media(JsonFields f, String key, Consumer<Media> literal, Consumer<Chain.Ref> ref) {
    if (!f.has(key)) return;
    if (f.raw(key) instanceof String) {
      literal.accept(Media.url(f.requireString(key)));
    } else {
      JsonFields in = f.object(key).get();
      ref.accept(Chain.from(in.requireString("from")));
      in.rejectUnknown();
    }
  }
}
