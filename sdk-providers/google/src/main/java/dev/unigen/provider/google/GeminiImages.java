package dev.unigen.provider.google;

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
import dev.unigen.spi.http.Redactor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gemini image generation: {@code POST /models/{model}:generateContent} with
 * {@code contents[{role, parts[{text} | {inlineData{mimeType, data}}]}]} and
 * {@code generationConfig{responseModalities: ["IMAGE"], imageConfig{aspectRatio, imageSize},
 * seed}}, and its answer, {@code candidates[].content.parts[]} whose image parts are
 * {@code inlineData}, with {@code finishReason}, {@code promptFeedback.blockReason} and
 * {@code usageMetadata}. A 200 without an image part is a failure: moderation when the finish or
 * block reason is a safety one, no output otherwise.
 */
final class GeminiImages {
  /** Unigen's option: the response id of an earlier image of this instance whose conversation the request continues. */
  static final String OPTION_CONTINUE = "continue";
  /** Unigen's option: earlier turns ({@code Content} objects as the API defines them) sent before the new one. */
  static final String OPTION_HISTORY = "history";
  /** The size tier the API makes when none is sent. */
  static final String DEFAULT_TIER = "1K";
  /** Finish reasons that mean the image was withheld on safety, policy or recitation grounds. */
  static final Set<String> MODERATED = Set.of("NO_IMAGE", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT",
      "IMAGE_RECITATION", "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION");

  private GeminiImages() {}

  /** What a submit sends, and what its answer is read with. */
  record Prepared(Map<String, Object> body, Map<String, Object> userTurn, List<Object> turnsBefore, String tier,
      int references, List<String> warnings) {}

  /**
   * Builds the {@code generateContent} body for {@code call}.
   *
   * @throws InvalidRequestException if the request has no prompt, continues a conversation this
   *     instance does not hold, or gives a size whose ratio the model does not make
   * @throws dev.unigen.ProviderFailureException if it asks for what the Gemini API has no field
   *     for (a mask, an output format) or gives an input image as a URL
   */
  static Prepared prepare(ProviderCall call, String provider, Map<String, Object> options, Conversations conversations) {
    Request r = call.request();
    String prompt = r.prompt().filter(p -> !p.isBlank())
        .orElseThrow(() -> new InvalidRequestException(provider, "Gemini image generation needs a prompt"));
    if (r.mask().isPresent()) {
      throw GoogleProvider.unservable(provider, "the Gemini API takes no mask: describe the edit in the prompt");
    }
    if (r.outputFormat().isPresent()) {
      throw GoogleProvider.unservable(provider, "the Gemini API chooses the image format itself (outputMimeType is Vertex-only)");
    }
    List<String> warnings = new ArrayList<>();
    if (r.negativePrompt().isPresent()) warnings.add("the Gemini API takes no negative prompt; not sent");
    if (r.steps().isPresent()) warnings.add("the Gemini API takes no steps; not sent");
    if (r.guidance().isPresent()) warnings.add("the Gemini API takes no guidance; not sent");
    if (r.strength().isPresent()) warnings.add("the Gemini API takes no strength; the prompt says how far to edit");
    if (r.quality().isPresent()) warnings.add("the Gemini API takes no quality; choose the size tier with resolution(..)");

    Map<String, Object> opts = new LinkedHashMap<>(options);
    List<Object> before = new ArrayList<>();
    Object continued = opts.remove(OPTION_CONTINUE);
    if (continued != null) {
      before.addAll(conversations.get(String.valueOf(continued)).orElseThrow(() -> new InvalidRequestException(provider,
          "no conversation '" + continued + "' is held by this instance (it keeps the last " + Conversations.MAX
              + " image conversations, in memory)")));
    }
    Object history = opts.remove(OPTION_HISTORY);
    if (history != null) {
      if (!(history instanceof List)) throw new InvalidRequestException(provider, "the history option is a list of Content objects");
      before.addAll(Json.array(history));
    }

    List<Object> parts = new ArrayList<>();
    parts.add(Map.of("text", prompt));
    int references = 0;
    if (r.task() == Task.IMAGE_TO_IMAGE) {
      Media image = r.image().orElseThrow(() -> new InvalidRequestException(provider, "an edit needs the image to edit"));
      parts.add(inline(image, provider));
    }
    for (Media m : r.references()) {
      parts.add(inline(m, provider));
      references++;
    }
    Map<String, Object> userTurn = new LinkedHashMap<>();
    userTurn.put("role", "user");
    userTurn.put("parts", parts);
    List<Object> contents = new ArrayList<>(before);
    contents.add(userTurn);

    Map<String, Object> imageConfig = new LinkedHashMap<>();
    Optional<String> ratio = r.aspectRatio().map(String::trim);
    if (ratio.isEmpty() && r.size().isPresent()) {
      Size s = r.size().get();
      String derived = ratio(s);
      List<String> offered = call.offer().capabilities().aspectRatios();
      if (!offered.isEmpty() && !offered.contains(derived)) {
        throw new InvalidRequestException(provider, "the Gemini API makes images by aspect ratio, and " + s + " ("
            + derived + ") is none of " + offered);
      }
      ratio = Optional.of(derived);
      warnings.add("the Gemini API takes an aspect ratio and a size tier, not pixels: " + s + " was sent as " + derived
          + "; the image's own size is read from it");
    }
    ratio.ifPresent(v -> imageConfig.put("aspectRatio", v));
    String tier = r.resolution().map(GeminiImages::tier).orElse(DEFAULT_TIER);
    // Sent only when asked: the API's default is 1K, and the tier is what is priced.
    r.resolution().ifPresent(v -> imageConfig.put("imageSize", tier));

    Map<String, Object> generationConfig = new LinkedHashMap<>();
    generationConfig.put("responseModalities", List.of("IMAGE"));
    if (!imageConfig.isEmpty()) generationConfig.put("imageConfig", imageConfig);
    // Within the offer's range, checked before this call; written as the plain number.
    if (r.seed().isPresent()) generationConfig.put("seed", r.seed().getAsLong());

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("contents", contents);
    body.put("generationConfig", generationConfig);
    GoogleProvider.merge(body, opts);
    return new Prepared(body, userTurn, before, tier, references, warnings);
  }

  /** An image as an {@code inlineData} part; the Gemini API takes no image URL here. */
  static Map<String, Object> inline(Media m, String provider) {
    MediaContent c = GoogleProvider.local(m, provider, "the Gemini API");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("mimeType", c.mediaType());
    data.put("data", Base64.getEncoder().encodeToString(c.bytes()));
    return Map.of("inlineData", data);
  }

  /** The size tier as the API spells it: {@code 1K}, {@code 2K}, {@code 4K} in upper case, {@code 512} as it is. */
  static String tier(String resolution) {
    return resolution.trim().toUpperCase(Locale.ROOT);
  }

  /** {@code w:h} reduced: 1344x768 is 7:4, 1920x1080 is 16:9. */
  static String ratio(Size s) {
    int g = gcd(s.width(), s.height());
    return s.width() / g + ":" + s.height() / g;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * Reads a {@code generateContent} answer: every image part that is not an interim thought image
   * becomes an asset, sized from its own bytes; the text parts become the output's text. The
   * answer's model turn is kept in {@code conversations} under its response id, so that a later
   * request can continue it.
   *
   * @throws ContentModeratedException if the prompt was blocked, or no image came back with a
   *     safety, policy or recitation finish reason
   * @throws NoOutputException if no image came back for another reason
   */
  static ProviderOutput decode(Map<String, Object> answer, Prepared p, String provider, Redactor redactor,
      String fallbackId, Conversations conversations) {
    String id = Json.string(answer, "responseId").orElse(fallbackId);
    Map<String, Object> candidate = GeminiText.candidate(provider, answer, id);
    boolean blocked = Json.object(answer, "promptFeedback").containsKey("blockReason");
    Map<String, Object> content = Json.object(candidate, "content");
    String finish = Json.string(candidate, "finishReason").orElse("");
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(id);
    Usage.Builder usage = Usage.builder().requests(1).resolution(p.tier()).references(p.references());
    StringBuilder text = new StringBuilder();
    int images = 0;
    for (Object item : Json.array(content, "parts")) {
      Map<String, Object> part = Json.object(item);
      // Interim thought images and thought text are the model's reasoning: neither output nor billed.
      if (Json.bool(part, "thought").orElse(false)) continue;
      Json.string(part, "text").ifPresent(t -> text.append(text.length() == 0 ? "" : "\n").append(t));
      Map<String, Object> inline = Json.object(part, "inlineData");
      Optional<String> data = Json.string(inline, "data");
      String type = Json.string(inline, "mimeType").orElse("");
      if (data.isEmpty() || !type.startsWith("image/")) continue;
      byte[] bytes;
      try {
        bytes = DataUri.decodeBase64(data.get());
      } catch (IllegalArgumentException e) {
        throw new NoOutputException(provider, "an image of response " + id + " is not base64");
      }
      // The image's own header says what was made.
      Size size = ImageProbe.size(bytes).orElseThrow(() ->
          new NoOutputException(provider, "an image of response " + id + " is not a PNG, JPEG or WebP it can read"));
      out.asset(Asset.builder(type).bytes(bytes).size(size.width(), size.height()).build());
      usage.image(size.width(), size.height());
      images++;
    }
    if (images == 0) {
      String why = "Gemini returned no image (" + GeminiText.why(finish) + ")" + GeminiText.said(candidate, redactor);
      if (MODERATED.contains(finish) || blocked) throw new ContentModeratedException(provider, why);
      throw new NoOutputException(provider, why);
    }
    tokens(Json.object(answer, "usageMetadata"), usage);
    if (text.length() > 0) out.text(text.toString());
    p.warnings().forEach(out::warning);
    if (!content.isEmpty()) {
      List<Object> turns = new ArrayList<>(p.turnsBefore());
      turns.add(p.userTurn());
      // The model's turn as returned, thought signatures included: the API wants them back.
      turns.add(content.containsKey("role") ? content : withRole(content));
      conversations.put(id, turns);
    }
    return out.usage(usage.count(images).build()).build();
  }

  private static Map<String, Object> withRole(Map<String, Object> content) {
    Map<String, Object> m = new LinkedHashMap<>(content);
    m.put("role", "model");
    return m;
  }

  /** The token counts of {@code usageMetadata}, by modality, as exact 64-bit numbers. */
  static void tokens(Map<String, Object> meta, Usage.Builder usage) {
    Map<String, Long> in = byModality(meta, "promptTokensDetails");
    Map<String, Long> out = byModality(meta, "candidatesTokensDetails");
    usage.textInputTokens(in.getOrDefault("TEXT", 0L)).imageInputTokens(in.getOrDefault("IMAGE", 0L))
        .imageOutputTokens(out.getOrDefault("IMAGE", 0L)).textOutputTokens(out.getOrDefault("TEXT", 0L));
  }

  /** The {@code tokenCount}s of a list of {@code ModalityTokenCount}s, summed by {@code modality}. */
  private static Map<String, Long> byModality(Map<String, Object> meta, String key) {
    Map<String, Long> counts = new HashMap<>();
    for (Object d : Json.array(meta, key)) {
      Map<String, Object> detail = Json.object(d);
      counts.merge(Json.string(detail, "modality").orElse(""), GeminiText.tokens(detail, "tokenCount"), Long::sum);
    }
    return counts;
  }
}
