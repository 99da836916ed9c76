package dev.unigen.request;

import com.squareup.moshi.JsonWriter;
import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * A request as JSON, for the job journal: every field, media by reference (URL, file path) or
 * inline (bytes as base64), amounts as decimal strings. Provider options are kept as JSON values.
 */
final class RequestJson {
  private RequestJson() {}

  static String write(Request r) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("task").value(r.task().wireName());
      opt(w, "model", r.model().orElse(null));
      opt(w, "prompt", r.prompt().orElse(null));
      opt(w, "negativePrompt", r.negativePrompt().orElse(null));
      opt(w, "size", r.size().map(Size::toString).orElse(null));
      opt(w, "aspectRatio", r.aspectRatio().orElse(null));
      w.name("count").value(r.count());
      if (r.seed().isPresent()) w.name("seed").value(Long.toString(r.seed().getAsLong()));
      if (r.steps().isPresent()) w.name("steps").value(r.steps().getAsInt());
      opt(w, "guidance", r.guidance().map(BigDecimal::toPlainString).orElse(null));
      if (!r.references().isEmpty()) {
        w.name("references").beginArray();
        for (Media m : r.references()) media(w, m);
        w.endArray();
      }
      if (!r.controlNets().isEmpty()) {
        w.name("controlNets").beginArray();
        for (ControlNet c : r.controlNets()) {
          w.beginObject().name("kind").value(c.kind().wireName()).name("weight").value(c.weight().toPlainString());
          media(w.name("guide"), c.guide());
          w.endObject();
        }
        w.endArray();
      }
      if (!r.loras().isEmpty()) {
        w.name("loras").beginArray();
        for (Lora l : r.loras()) w.beginObject().name("path").value(l.path()).name("scale").value(l.scale().toPlainString()).endObject();
        w.endArray();
      }
      if (r.image().isPresent()) media(w.name("image"), r.image().get());
      if (r.mask().isPresent()) media(w.name("mask"), r.mask().get());
      if (r.video().isPresent()) media(w.name("video"), r.video().get());
      opt(w, "strength", r.strength().map(BigDecimal::toPlainString).orElse(null));
      if (r.duration().isPresent()) w.name("durationMillis").value(r.duration().get().toMillis());
      opt(w, "resolution", r.resolution().orElse(null));
      if (r.fps().isPresent()) w.name("fps").value(r.fps().getAsInt());
      if (r.audio()) w.name("audio").value(true);
      if (r.voiceControl()) w.name("voiceControl").value(true);
      opt(w, "quality", r.quality().orElse(null));
      opt(w, "outputFormat", r.outputFormat().orElse(null));
      if (r.upscaleFactor().isPresent()) w.name("upscaleFactor").value(r.upscaleFactor().getAsInt());
      opt(w, "triggerWord", r.triggerWord().orElse(null));
      opt(w, "system", r.system().orElse(null));
      if (r.maxTokens().isPresent()) w.name("maxTokens").value(r.maxTokens().getAsInt());
      opt(w, "temperature", r.temperature().map(BigDecimal::toPlainString).orElse(null));
      opt(w, "jsonSchema", r.jsonSchema().orElse(null));
      if (r.maxCost().isPresent()) {
        w.name("maxCost").beginObject().name("amount").value(r.maxCost().get().amount().toPlainString())
            .name("currency").value(r.maxCost().get().currency().getCurrencyCode()).endObject();
      }
      if (!r.providers().isEmpty()) {
        w.name("providers").beginArray();
        for (String p : r.providers()) w.value(p);
        w.endArray();
      }
      if (!r.tags().isEmpty()) {
        w.name("tags").beginObject();
        for (Map.Entry<String, String> t : r.tags().entrySet()) w.name(t.getKey()).value(t.getValue());
        w.endObject();
      }
      if (!r.providerOptions().isEmpty()) {
        w.name("providerOptions").beginObject();
        for (Map.Entry<String, Map<String, Object>> e : r.providerOptions().entrySet()) {
          w.name(e.getKey());
          value(w, e.getValue());
        }
        w.endObject();
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void opt(JsonWriter w, String name, String value) throws IOException {
    if (value != null) w.name(name).value(value);
  }

  private static void media(JsonWriter w, Media m) throws IOException {
    w.beginObject().name("kind").value(m.kind().name().toLowerCase(java.util.Locale.ROOT));
    switch (m.kind()) {
      case URL: case DATA_URI: w.name("url").value(m.url().get()); break;
      case FILE: w.name("file").value(m.file().get().toString()); break;
      default: w.name("base64").value(Base64.getEncoder().encodeToString(m.bytes().get()));
    }
    opt(w, "mediaType", m.kind() == Media.Kind.DATA_URI ? null : m.mediaType().orElse(null));
    opt(w, "size", m.size().map(Size::toString).orElse(null));
    if (m.duration().isPresent()) w.name("durationMillis").value(m.duration().get().toMillis());
    w.endObject();
  }

  @SuppressWarnings("unchecked")
  private static void value(JsonWriter w, Object v) throws IOException {
    if (v == null) w.nullValue();
    else if (v instanceof String) w.value((String) v);
    else if (v instanceof Boolean) w.value((Boolean) v);
    else if (v instanceof Number) w.value((Number) v);
    else if (v instanceof Map) {
      w.beginObject();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        w.name(e.getKey());
        value(w, e.getValue());
      }
      w.endObject();
    } else if (v instanceof List) {
      w.beginArray();
      for (Object o : (List<Object>) v) value(w, o);
      w.endArray();
    } else {
      throw new IllegalArgumentException("provider option of unsupported type " + v.getClass().getName());
    }
  }

  static Request read(String json) {
    JsonFields f = JsonFields.of(JsonTree.parse(json), "$");
    Request.Builder b = Request.builder(Task.fromWireName(f.requireString("task"))
        .orElseThrow(() -> f.error("task", "unknown task")));
    f.string("model").ifPresent(b::model);
    f.string("prompt").ifPresent(b::prompt);
    f.string("negativePrompt").ifPresent(b::negativePrompt);
    f.string("size").ifPresent(s -> b.size(Size.parse(s)));
    f.string("aspectRatio").ifPresent(b::aspectRatio);
    f.integer("count").ifPresent(n -> b.count(n.intValue()));
    f.string("seed").ifPresent(s -> b.seed(Long.parseLong(s)));
    f.integer("steps").ifPresent(n -> b.steps(n.intValue()));
    f.decimal("guidance").ifPresent(b::guidance);
    for (JsonFields m : f.objects("references")) b.reference(media(m));
    for (JsonFields c : f.objects("controlNets")) {
      b.controlNet(ControlNet.of(ControlNet.Kind.fromWireName(c.requireString("kind")).orElseThrow(),
          media(c.object("guide").orElseThrow()), c.requireDecimal("weight")));
      c.rejectUnknown();
    }
    for (JsonFields l : f.objects("loras")) {
      b.lora(Lora.of(l.requireString("path"), l.requireDecimal("scale")));
      l.rejectUnknown();
    }
    f.object("image").ifPresent(m -> b.image(media(m)));
    f.object("mask").ifPresent(m -> b.mask(media(m)));
    f.object("video").ifPresent(m -> b.video(media(m)));
    f.decimal("strength").ifPresent(b::strength);
    f.integer("durationMillis").ifPresent(ms -> b.duration(Duration.ofMillis(ms)));
    f.string("resolution").ifPresent(b::resolution);
    f.integer("fps").ifPresent(n -> b.fps(n.intValue()));
    f.bool("audio").ifPresent(b::audio);
    f.bool("voiceControl").ifPresent(b::voiceControl);
    f.string("quality").ifPresent(b::quality);
    f.string("outputFormat").ifPresent(b::outputFormat);
    f.integer("upscaleFactor").ifPresent(n -> b.upscaleFactor(n.intValue()));
    f.string("triggerWord").ifPresent(b::triggerWord);
    f.string("system").ifPresent(b::system);
    f.integer("maxTokens").ifPresent(n -> b.maxTokens(n.intValue()));
    f.decimal("temperature").ifPresent(b::temperature);
    f.string("jsonSchema").ifPresent(b::jsonSchema);
    f.object("maxCost").ifPresent(m -> {
      b.maxCost(Money.of(m.requireDecimal("amount"), java.util.Currency.getInstance(m.requireString("currency"))));
      m.rejectUnknown();
    });
    f.strings("providers").forEach(b::allowProvider);
    f.object("tags").ifPresent(t -> {
      Map<String, Object> raw = asMap(f.raw("tags"));
      raw.forEach((k, v) -> b.tag(k, String.valueOf(v)));
    });
    if (f.has("providerOptions")) {
      Map<String, Object> raw = asMap(f.raw("providerOptions"));
      raw.forEach((k, v) -> b.providerOptions(k, new LinkedHashMap<>(asMap(v))));
    }
    f.rejectUnknown();
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Map.of();
  }

  private static Media media(JsonFields f) {
    String kind = f.requireString("kind");
    Media m;
    switch (kind) {
      case "url": m = Media.url(f.requireString("url")); break;
      case "data_uri": m = Media.dataUri(f.requireString("url")); break;
      case "file": m = Media.file(Path.of(f.requireString("file"))); break;
      case "bytes": m = Media.bytes(Base64.getDecoder().decode(f.requireString("base64")), f.requireString("mediaType")); break;
      default: throw f.error("kind", "unknown media kind '" + kind + "'");
    }
    if (m.kind() != Media.Kind.BYTES) f.string("mediaType");
    if (f.has("size")) {
      Size s = Size.parse(f.requireString("size"));
      m = m.withSize(s.width(), s.height());
    }
    if (f.has("durationMillis")) m = m.withDuration(Duration.ofMillis(f.integer("durationMillis").get()));
    f.rejectUnknown();
    return m;
  }
}
