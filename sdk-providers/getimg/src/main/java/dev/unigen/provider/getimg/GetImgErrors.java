package dev.unigen.provider.getimg;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Redactor;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * GetImg's error bodies, {@code {"error": {"code", "message", "type"}}}. The official SDK maps only
 * statuses (400, 401, 402 for an empty balance, 403, 404, 409, 422, 429, 5xx), and the common
 * mapping does the same; GetImg's own reading adds one case: a request refused for its content,
 * whose code or message speaks of moderation, safety, NSFW or a content policy, is a moderation
 * error rather than an invalid request.
 */
final class GetImgErrors {
  private GetImgErrors() {}

  /** GetImg's reading of a non-2xx {@code answer}, or empty for the common mapping. */
  static Optional<GenerationException> read(String provider, Answer answer, Redactor redactor) {
    Map<String, Object> error;
    try {
      error = Json.object(Json.object(Json.parse(answer.text())), "error");
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
    String code = Json.string(error, "code").orElse("");
    String message = Json.string(error, "message").orElse("");
    if (answer.status() < 500 && moderation(code + " " + message)) {
      return Optional.of(new ContentModeratedException(provider,
          redactor.redact(answer.status() + " " + HttpErrors.message(answer.text()))));
    }
    return Optional.empty();
  }

  /** True if an error code or message says the content was refused. */
  static boolean moderation(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return t.contains("moderation") || t.contains("nsfw") || t.contains("safety") || t.contains("content_policy")
        || t.contains("content policy");
  }
}
