package dev.unigen.provider.getimg;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.ProviderFailureException;
import dev.unigen.provider.getimg.wire.Generation;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderErrors;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * GetImg's error bodies, {@code {"error": {"code", "message", "type"}}}, and a failed video's
 * {@code error{code, message}}. The official SDK maps only statuses (400, 401, 402 for an empty
 * balance, 403, 404, 409, 422, 429, 5xx), and the common mapping does the same; GetImg's own
 * reading adds one case: a request refused for its content, whose code or message speaks of
 * moderation, safety, NSFW or a content policy, is a moderation error rather than an invalid
 * request. Threadsafe.
 */
final class Errors extends ProviderErrors {
  Errors(ProviderSettings settings) {
    super(settings);
  }

  /** GetImg's reading of a non-2xx {@code answer}, or empty for the common mapping. */
  Optional<GenerationException> read(Answer answer) {
    // An HTML page or plain text from a proxy reads as an empty object: the common mapping then.
    Map<String, Object> error = Json.object(Json.lenient(answer.text()), "error");
    if (answer.status() < 500 && moderation(error)) {
      return Optional.of(new ContentModeratedException(provider(), message(answer)));
    }
    return Optional.empty();
  }

  /** What the failed video {@code g} ended with: a moderation refusal, else a non-retryable failure. */
  GenerationException job(String id, Generation g) {
    String code = g.errorCode().orElse("");
    String message = redact("video " + id + " failed: " + (code.isEmpty() ? "" : code + ": ")
        + g.errorMessage().orElse("(no message)"));
    if (moderation(Map.of("code", code, "message", g.errorMessage().orElse("")))) {
      return new ContentModeratedException(provider(), message);
    }
    return new ProviderFailureException(provider(), message, 0, false, null);
  }

  /** True if an error's code or message says the content was refused. */
  private static boolean moderation(Map<String, Object> error) {
    String t = (Json.string(error, "code").orElse("") + " " + Json.string(error, "message").orElse(""))
        .toLowerCase(Locale.ROOT);
    return t.contains("moderation") || t.contains("nsfw") || t.contains("safety") || t.contains("content_policy")
        || t.contains("content policy");
  }
}
