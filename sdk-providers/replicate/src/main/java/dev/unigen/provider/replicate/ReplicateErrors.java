package dev.unigen.provider.replicate;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.ProviderFailureException;
import dev.unigen.provider.replicate.wire.Problem;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.ProviderErrors;
import dev.unigen.spi.protocol.ReplicatePredictions.Prediction;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * Replicate's errors in Unigen's types. HTTP errors carry RFC 7807 problem details
 * ({@code {title, detail, status}}): 401/403 authentication, 402 out of credit, 404 a model or
 * prediction this account cannot see (a non-retryable failure, so failover moves on), 400/409/413/422
 * an invalid input, 429 throttled (Retry-After, or the "resets in ~30s" of the detail), 408/502/503/504
 * retryable, other 5xx non-retryable. A prediction that ends {@code failed} carries an
 * {@code error} string: NSFW or sensitive-content refusals are moderation; everything else
 * (E1000 unknown, E1001 out of memory, E6716 timeout starting, …) a non-retryable failure.
 * Every message is redacted.
 */
final class ReplicateErrors extends ProviderErrors {
  private static final Pattern RESETS_IN = Pattern.compile("resets in ~?(\\d+)\\s*s", Pattern.CASE_INSENSITIVE);
  private static final Pattern MODERATION = Pattern.compile(
      "nsfw|sensitive|content moderation|moderated|\\bE005\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern CODE = Pattern.compile("\\bE\\d{3,4}\\b");

  ReplicateErrors(ProviderSettings settings) {
    super(settings);
  }

  /** The error for an HTTP answer with status {@code status} and body {@code body}. */
  GenerationException http(int status, String body, Headers headers) {
    Problem problem = Problem.parse(body);
    String message = status + " " + problem.message().orElse(HttpErrors.message(body));
    return forStatus(status, message, status == 429 ? retryAfter(headers, problem).orElse(null) : null);
  }

  /** Retry-After, else the wait the 429 detail names ("Your rate limit resets in ~30s."). */
  java.util.Optional<Duration> retryAfter(Headers headers, Problem problem) {
    java.util.Optional<Duration> header = retryAfter(headers);
    if (header.isPresent()) return header;
    if (problem.detail().isPresent()) {
      Matcher m = RESETS_IN.matcher(problem.detail().get());
      if (m.find()) return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1))));
    }
    return java.util.Optional.empty();
  }

  /** The error a prediction with status {@code failed} ended with. */
  GenerationException failed(Prediction p) {
    String error = p.error().filter(e -> !e.isBlank()).orElse("failed without an error message");
    String message = redact("prediction " + p.id() + " failed: " + shorten(error));
    if (MODERATION.matcher(error).find()) return new ContentModeratedException(provider(), message);
    return new ProviderFailureException(provider(), message, 0, false, null);
  }

  /** The {@code E####} code in a prediction error, if it names one. */
  static java.util.Optional<String> code(String error) {
    Matcher m = CODE.matcher(error == null ? "" : error);
    return m.find() ? java.util.Optional.of(m.group().toUpperCase(Locale.ROOT)) : java.util.Optional.empty();
  }

  private static String shorten(String s) {
    return s.length() <= 500 ? s.trim() : s.substring(0, 500).trim() + "…";
  }
}
