package dev.unigen.provider.xai;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text task over {@code POST /v1/chat/completions}: a system and a user message,
 * {@code max_completion_tokens}, {@code temperature}, {@code seed} and a {@code json_schema}
 * response format; the answer's {@code choices[0].message.content}, its token {@code usage} and
 * {@code usage.cost_in_usd_ticks}.
 */
final class Chat {
  /** The largest seed ChatRequest takes: an int32. */
  static final long MAX_SEED = Integer.MAX_VALUE;

  private Chat() {}

  /**
   * The request body for {@code call}.
   *
   * @throws InvalidRequestException if the JSON schema cannot be read
   */
  static Map<String, Object> body(String provider, ProviderCall call) {
    Request r = call.request();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", call.endpoint());
    List<Object> messages = new ArrayList<>();
    r.system().ifPresent(s -> messages.add(message("system", s)));
    messages.add(message("user", r.prompt().orElseThrow()));
    body.put("messages", messages);
    r.maxTokens().ifPresent(n -> body.put("max_completion_tokens", n));
    r.temperature().ifPresent(t -> body.put("temperature", t));
    // Within the offer's seed range (int32 for chat), checked before this call.
    r.seed().ifPresent(seed -> body.put("seed", seed));
    if (r.jsonSchema().isPresent()) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("name", "response");
      try {
        schema.put("schema", Json.parse(r.jsonSchema().get()));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(provider, "the JSON schema is not JSON: " + e.getMessage());
      }
      schema.put("strict", true);
      Map<String, Object> format = new LinkedHashMap<>();
      format.put("type", "json_schema");
      format.put("json_schema", schema);
      body.put("response_format", format);
    }
    return XaiCall.options(call, body);
  }

  private static Map<String, Object> message(String role, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  /**
   * The text and usage of a chat answer {@code o}.
   *
   * @throws ContentModeratedException if the model refused
   * @throws NoOutputException if there is no text
   */
  static ProviderOutput output(String provider, Map<String, Object> o, Redactor redactor) {
    List<Object> choices = Json.array(o, "choices");
    Map<String, Object> choice = choices.isEmpty() ? Map.of() : Json.object(choices.get(0));
    Map<String, Object> message = Json.object(choice, "message");
    Optional<String> content = Json.string(message, "content").filter(s -> !s.isEmpty());
    Optional<String> refusal = Json.text(message, "refusal");
    if (content.isEmpty()) {
      if (refusal.isPresent()) throw new ContentModeratedException(provider, "the model refused: " + redactor.redact(refusal.get()));
      throw new NoOutputException(provider, "the answer holds no text");
    }
    ProviderOutput.Builder out = ProviderOutput.builder().text(content.get());
    Json.string(o, "id").ifPresent(out::providerRequestId);
    if ("length".equals(Json.string(choice, "finish_reason").orElse(""))) {
      out.warning("the answer was cut at the token limit (finish_reason length)");
    }
    Map<String, Object> u = Json.object(o, "usage");
    long prompt = count(u, "prompt_tokens");
    long cached = Math.min(prompt, count(Json.object(u, "prompt_tokens_details"), "cached_tokens"));
    // completion_tokens leaves out reasoning tokens, which are billed as output too.
    long output = count(u, "completion_tokens") + count(Json.object(u, "completion_tokens_details"), "reasoning_tokens");
    return XaiCall.reported(out, Usage.builder().textInputTokens(prompt - cached).cachedTextInputTokens(cached)
        .textOutputTokens(output), u);
  }

  private static long count(Map<String, Object> o, String key) {
    return Json.decimal(o, key).filter(d -> d.signum() > 0).map(BigDecimal::longValue).orElse(0L);
  }
}
