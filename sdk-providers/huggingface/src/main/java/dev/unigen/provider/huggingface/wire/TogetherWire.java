package dev.unigen.provider.huggingface.wire;

import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code together} route's wire format, Together's images API behind the router:
 * {@code POST /together/v1/images/generations} with {@code {model, prompt, response_format,
 * width, height, steps, seed, n, negative_prompt, guidance_scale}} (steps, not
 * {@code num_inference_steps}), answered with {@code {data:[{b64_json} | {url}]}}. Both official
 * Hugging Face clients ask for {@code response_format: "base64"}, and so does this module.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class TogetherWire {
  private TogetherWire() {}

  /** The request body for Together model {@code model}; {@link TextToImageParams#extras()} are added at the top level. */
  public static byte[] requestBody(TextToImageParams p, String model) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("prompt", p.prompt());
    body.put("response_format", "base64");
    p.size().ifPresent(s -> {
      body.put("width", s.width());
      body.put("height", s.height());
    });
    p.steps().ifPresent(s -> body.put("steps", s));
    p.seed().ifPresent(s -> body.put("seed", s));
    if (p.count() > 1) body.put("n", p.count());
    p.negativePrompt().ifPresent(n -> body.put("negative_prompt", n));
    p.guidance().ifPresent(g -> body.put("guidance_scale", g));
    p.outputFormat().ifPresent(f -> body.put("output_format", f.equals("jpg") ? "jpeg" : f));
    body.putAll(p.extras());
    return Json.bytes(body);
  }

  /**
   * Reads the images of an answer: {@code b64_json} entries decoded (typed by their bytes, JPEG
   * when unrecognised, as the official clients assume), {@code url} entries as URLs.
   *
   * @throws IllegalArgumentException if the JSON or its base64 is malformed
   */
  public static List<WireImage> parse(String text) {
    Map<String, Object> o = Json.object(Json.parse(text));
    List<WireImage> out = new ArrayList<>();
    for (Object item : Json.array(o, "data")) {
      Map<String, Object> d = Json.object(item);
      String b64 = Json.string(d, "b64_json").orElse(null);
      if (b64 != null) {
        byte[] bytes = DataUri.decodeBase64(b64);
        String type = MediaContent.sniff(bytes, "");
        out.add(WireImage.ofBytes(bytes, type.startsWith("image/") ? type : "image/jpeg"));
        continue;
      }
      String url = Json.string(d, "url").orElse(null);
      if (url != null) {
        String type = HfInferenceWire.typeFromUrl(url);
        out.add(WireImage.ofUrl(url, type.startsWith("image/") ? type : "image/jpeg"));
      }
    }
    return out;
  }
}
