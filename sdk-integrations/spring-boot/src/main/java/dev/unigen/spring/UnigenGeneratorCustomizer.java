package dev.unigen.spring;

import dev.unigen.Generator;

/**
 * A bean that adjusts the {@link Generator.Builder} after the starter has applied the
 * {@code unigen.*} properties and before the generator is built: to add a provider built in
 * code, set a catalog override, a clock or a circuit breaker. Customizers run in their
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface UnigenGeneratorCustomizer {
  /** Adjusts {@code builder}. */
  void customize(Generator.Builder builder);
}
