package dev.unigen.testkit;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.spi.ProviderBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * Real {@link Generator}s for a provider's end-to-end tests: one that retries and polls within
 * milliseconds, and one with two accounts of the same provider for failover, each on its own
 * local server.
 */
public final class TestGenerators {
  private TestGenerators() {}

  /** A generator builder that waits 1 to 5 ms before a retry and polls a job every 1 to 10 ms. */
  public static Generator.Builder quick() {
    return Generator.builder()
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(10));
  }

  /** {@link #twoAccounts(Supplier, UnaryOperator, Map, String, HttpUrl)} with the builders as they come. */
  public static <B extends ProviderBuilder<B>> Generator.Builder twoAccounts(Supplier<B> builders,
      Map<String, String> environment, String secondKey, HttpUrl secondBaseUrl) {
    return twoAccounts(builders, UnaryOperator.identity(), environment, secondKey, secondBaseUrl);
  }

  /**
   * A {@link #quick()} generator with two accounts of one provider: the first under the provider's
   * own name, reading its key and base URL from {@code environment} as a deployment would; the
   * second named {@code <name>-b}, with {@code secondKey} and {@code secondBaseUrl} given to its
   * builder. {@code setup} adds what both builders need (a shorter poll interval). At equal prices
   * the first ranks first, by name.
   */
  public static <B extends ProviderBuilder<B>> Generator.Builder twoAccounts(Supplier<B> builders,
      UnaryOperator<B> setup, Map<String, String> environment, String secondKey, HttpUrl secondBaseUrl) {
    return quick()
        .environment(environment)
        .provider(ctx -> setup.apply(builders.get()).build(ctx))
        .provider(ctx -> {
          B b = setup.apply(builders.get());
          return b.name(b.defaultName() + "-b").apiKey(secondKey).baseUrl(secondBaseUrl.toString()).build(ctx);
        });
  }

  /** How each attempt of {@code generation} ended, as {@code provider:OUTCOME:tries}. */
  public static List<String> attempts(Generation generation) {
    return generation.attempts().stream().map(a -> a.provider() + ":" + a.outcome() + ":" + a.tries())
        .collect(Collectors.toList());
  }
}
