package dev.unigen.provider.openai;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Shutdown dates from OpenAI's deprecations page (https://developers.openai.com/api/docs/deprecations)
 * for the image and video models the seeds or older catalogs name. From its shutdown date on, a
 * model is refused before any request is sent: the API would only answer that the model does not
 * exist, and a catalog override that still lists it (to plan with a seed's price) must not cost a
 * round trip.
 */
final class Lifecycle {
  private static final LocalDate DALL_E_SHUTDOWN = LocalDate.of(2026, 5, 12);
  private static final LocalDate SORA_SHUTDOWN = LocalDate.of(2026, 9, 24);
  private static final LocalDate GPT_IMAGE_1_SHUTDOWN = LocalDate.of(2026, 10, 23);
  private static final LocalDate GPT_IMAGE_1X_SHUTDOWN = LocalDate.of(2026, 12, 1);

  private static final Map<String, LocalDate> SHUTDOWN = Map.ofEntries(
      Map.entry("dall-e-2", DALL_E_SHUTDOWN),
      Map.entry("dall-e-3", DALL_E_SHUTDOWN),
      Map.entry("sora-2", SORA_SHUTDOWN),
      Map.entry("sora-2-pro", SORA_SHUTDOWN),
      Map.entry("gpt-image-1", GPT_IMAGE_1_SHUTDOWN),
      Map.entry("gpt-image-1.5", GPT_IMAGE_1X_SHUTDOWN),
      Map.entry("gpt-image-1.5-2025-12-16", GPT_IMAGE_1X_SHUTDOWN),
      Map.entry("gpt-image-1-mini", GPT_IMAGE_1X_SHUTDOWN),
      Map.entry("chatgpt-image-latest", GPT_IMAGE_1X_SHUTDOWN));

  private Lifecycle() {}

  /** Why {@code model} can no longer be called on {@code today}; empty while it is live. */
  static Optional<String> shutDown(String model, LocalDate today) {
    LocalDate date = SHUTDOWN.get(model);
    if (date == null || today.isBefore(date)) return Optional.empty();
    return Optional.of("OpenAI shut " + model + " down on " + date
        + " (https://developers.openai.com/api/docs/deprecations); the request was not sent");
  }

  /** The announced shutdown date of {@code model}, if one is known. */
  static Optional<LocalDate> shutdownDate(String model) {
    return Optional.ofNullable(SHUTDOWN.get(model));
  }
}
