package dev.unigen.spring;

import dev.unigen.Generator;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code unigen} health: each provider's circuit breaker ({@code closed}, or {@code open}
 * while its offers are skipped after repeated failures). Up while at least one circuit is
 * closed; down when every provider's is open, since no request could then be served.
 */
final class UnigenHealthIndicator extends AbstractHealthIndicator {
  private final Generator generator;

  UnigenHealthIndicator(Generator generator) {
    super("Unigen health check failed");
    this.generator = generator;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Map<String, String> circuits = new TreeMap<>();
    boolean anyClosed = false;
    for (String provider : generator.providers()) {
      boolean open = generator.circuitOpen(provider);
      circuits.put(provider, open ? "open" : "closed");
      anyClosed |= !open;
    }
    (anyClosed ? builder.up() : builder.down()).withDetail("circuits", circuits);
    generator.budget().ifPresent(b -> builder.withDetail("spentToday", b.spentToday().toString()));
  }
}
