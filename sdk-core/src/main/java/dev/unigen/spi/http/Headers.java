package dev.unigen.spi.http;

import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Case-insensitive reading of the header maps servers hand to webhook code. */
final class Headers {
  private Headers() {}

  static Optional<String> first(Map<String, List<String>> headers, String name) {
    return WebhookEvent.header(headers, name);
  }

  static String require(Map<String, List<String>> headers, String name, String provider) {
    return first(headers, name).orElseThrow(() -> new WebhookRejectedException(provider, "missing header " + name));
  }
}
