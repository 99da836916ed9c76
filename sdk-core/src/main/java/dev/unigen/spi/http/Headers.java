package dev.unigen.spi.http;

import dev.unigen.spi.WebhookRejectedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Case-insensitive reading of the header maps servers hand to webhook code. */
final class Headers {
  private Headers() {}

  static Optional<String> first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return Optional.of(e.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  static String require(Map<String, List<String>> headers, String name, String provider) {
    return first(headers, name).orElseThrow(() -> new WebhookRejectedException(provider, "missing header " + name));
  }
}
