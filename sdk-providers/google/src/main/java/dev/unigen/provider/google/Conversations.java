package dev.unigen.provider.google;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@value #MAX} image conversations of one provider instance, in memory, by the response
 * id of their latest image: the turns sent and the model's turn as it came back, thought
 * signatures included, which the API requires when a generated image is sent back to it. A
 * request continues one with {@code providerOptions("google", Map.of("continue", responseId))}.
 * Threadsafe.
 */
final class Conversations {
  /** How many conversations are kept; each may hold several images, so few are. */
  static final int MAX = 16;

  private final Map<String, List<Object>> byId = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<Object>> eldest) {
      return size() > MAX;
    }
  };

  /** The turns of the conversation whose latest response is {@code id}. */
  synchronized Optional<List<Object>> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Keeps {@code turns} as the conversation whose latest response is {@code id}. */
  synchronized void put(String id, List<Object> turns) {
    byId.put(id, List.copyOf(turns));
  }
}
