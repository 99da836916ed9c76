package dev.unigen.provider.google;

import dev.unigen.ContentModeratedException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Redactor;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The text task over {@code POST /v1beta/models/{model}:generateContent}: the system message as
 * {@code systemInstruction}, the prompt as one user turn, and {@code generationConfig}
 * {@code maxOutputTokens}, {@code temperature}, {@code seed} and, for a JSON schema,
 * {@code responseMimeType: application/json} with {@code responseJsonSchema}. The answer's text
 * parts that are not thoughts are the text; {@code usageMetadata} gives the tokens.
 */
final class GeminiText {
  /**
   * Finish reasons that mean Google's filters withheld the answer. {@code RECITATION} is left out:
   * it stops an answer that quotes its sources, which another model may well write.
   */
  static final Set<String> MODERATED = Set.of("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII");

  private GeminiText() {}

  /**
   * The request body for {@code call}, with the request's Google options merged in.
   *
   * @throws InvalidRequestException if the JSON schema cannot be read
   */
  static Map<String, Object> body(String provider, ProviderCall call, Map<String, Object> options) {
    Request r = call.request();
    Map<String, Object> body = new LinkedHashMap<>();
    r.system().ifPresent(s -> body.put("systemInstruction", Map.of("parts", List.of(Map.of("text", s)))));
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("role", "user");
    user.put("parts", List.of(Map.of("text", r.prompt().orElseThrow())));
    body.put("contents", List.of(user));
    Map<String, Object> config = new LinkedHashMap<>();
    r.maxTokens().ifPresent(n -> config.put("maxOutputTokens", n));
    r.temperature().ifPresent(t -> config.put("temperature", t));
    // GenerationConfig.seed is an int32: within the offer's seed range, checked before this call.
    r.seed().ifPresent(seed -> config.put("seed", seed));
    if (r.jsonSchema().isPresent()) {
      Object schema;
      try {
        schema = Json.parse(r.jsonSchema().get());
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(provider, "the JSON schema is not JSON: " + e.getMessage());
      }
      config.put("responseMimeType", "application/json");
      // The JSON Schema as written; responseSchema would take only Google's OpenAPI subset of it.
      config.put("responseJsonSchema", schema);
    }
    if (!config.isEmpty()) body.put("generationConfig", config);
    GoogleProvider.merge(body, options);
    return body;
  }

  /**
   * The text and token usage of a {@code generateContent} answer.
   *
   * @throws ContentModeratedException if the prompt was blocked ({@code promptFeedback.blockReason})
   *     or the answer withheld with a safety or policy finish reason
   * @throws NoOutputException if no text came back for another reason
   */
  static ProviderOutput output(String provider, Map<String, Object> answer, Redactor redactor, String fallbackId) {
    String id = Json.string(answer, "responseId").orElse(fallbackId);
    Map<String, Object> candidate = candidate(provider, answer, id);
    String finish = Json.string(candidate, "finishReason").orElse("");
    StringBuilder text = new StringBuilder();
    for (Object item : Json.array(Json.object(candidate, "content"), "parts")) {
      Map<String, Object> part = Json.object(item);
      // Thought summaries are the model's reasoning, not its answer.
      if (Json.bool(part, "thought").orElse(false)) continue;
      Json.string(part, "text").ifPresent(text::append);
    }
    String said = said(candidate, redactor);
    if (MODERATED.contains(finish)) {
      // A withheld answer may hold a partial text: it is not handed over.
      throw new ContentModeratedException(provider, "Gemini withheld the answer (finishReason " + finish + ")" + said);
    }
    if (text.length() == 0) throw new NoOutputException(provider, "Gemini returned no text (" + why(finish) + ")" + said);
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(id).text(text.toString());
    if (finish.equals("MAX_TOKENS")) out.warning("the answer was cut at the token limit (finishReason MAX_TOKENS)");
    return out.usage(usage(Json.object(answer, "usageMetadata"))).build();
  }

  /**
   * {@code usageMetadata} as text tokens: {@code promptTokenCount} includes
   * {@code cachedContentTokenCount}, which is billed at the cached rate; thinking tokens
   * ({@code thoughtsTokenCount}) are billed as output, on top of {@code candidatesTokenCount}.
   */
  static Usage usage(Map<String, Object> meta) {
    long prompt = tokens(meta, "promptTokenCount");
    long cached = Math.min(prompt, tokens(meta, "cachedContentTokenCount"));
    long output = tokens(meta, "candidatesTokenCount") + tokens(meta, "thoughtsTokenCount");
    return Usage.builder().textInputTokens(prompt - cached).cachedTextInputTokens(cached)
        .textOutputTokens(output).build();
  }

  /**
   * The first candidate of a {@code generateContent} answer, whose response id is {@code id}.
   *
   * @throws ContentModeratedException if the prompt was blocked ({@code promptFeedback.blockReason}, no candidates)
   * @throws NoOutputException if there is no candidate for another reason
   */
  static Map<String, Object> candidate(String provider, Map<String, Object> answer, String id) {
    Optional<String> blocked = Json.string(Json.object(answer, "promptFeedback"), "blockReason");
    List<Object> candidates = Json.array(answer, "candidates");
    if (blocked.isPresent() && candidates.isEmpty()) {
      throw new ContentModeratedException(provider, "Gemini blocked the prompt (blockReason " + blocked.get() + ")");
    }
    if (candidates.isEmpty()) throw new NoOutputException(provider, "response " + id + " has no candidates");
    return Json.object(candidates.get(0));
  }

  /** What a message says of a finish reason. */
  static String why(String finish) {
    return finish.isEmpty() ? "no finish reason" : "finishReason " + finish;
  }

  /** The candidate's {@code finishMessage}, redacted, to end a message with; empty without one. */
  static String said(Map<String, Object> candidate, Redactor redactor) {
    return Json.string(candidate, "finishMessage").map(m -> ": " + redactor.redact(m)).orElse("");
  }

  /** A token count at {@code key}, as an exact 64-bit number; 0 when absent, negative or not whole. */
  static long tokens(Map<String, Object> o, String key) {
    try {
      return Json.decimal(o, key).filter(d -> d.signum() > 0).map(BigDecimal::longValueExact).orElse(0L);
    } catch (ArithmeticException notWhole) {
      return 0;
    }
  }
}
