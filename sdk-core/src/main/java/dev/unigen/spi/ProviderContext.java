package dev.unigen.spi;

import com.squareup.moshi.Moshi;
import dev.unigen.spi.http.Redactor;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the generator hands every provider it creates: the shared {@link OkHttpClient} (keys never
 * logged), Moshi, the scheduler polls and retries run on, the clock, the environment, and the
 * {@link Redactor} that every key read through {@link #secret} is registered with.
 * Immutable and threadsafe.
 */
public final class ProviderContext {
  private final OkHttpClient httpClient;
  private final Function<String, OkHttpClient> providerClients;
  private final Moshi moshi;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Function<String, String> environment;
  private final Redactor redactor;

  private ProviderContext(Builder b) {
    httpClient = b.httpClient;
    providerClients = b.providerClients;
    moshi = b.moshi;
    scheduler = b.scheduler;
    clock = b.clock;
    environment = b.environment;
    redactor = b.redactor;
  }

  /** Returns a builder; every value must be set except the environment (default: the process's) and the redactor. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The shared HTTP client, holding every provider to the generator's default concurrency; a
   * provider sends through {@link #httpClient(String)} instead, to be held to its own.
   */
  public OkHttpClient httpClient() { return httpClient; }

  /**
   * The HTTP client for provider instance {@code provider}: the shared client, with the dispatcher
   * that holds that provider's concurrency when the generator set one (the shared client's
   * otherwise). {@link ProviderBuilder} uses it for every provider built on the kit.
   */
  public OkHttpClient httpClient(String provider) {
    if (providerClients == null) return httpClient;
    OkHttpClient own = providerClients.apply(Objects.requireNonNull(provider, "provider"));
    return own != null ? own : httpClient;
  }
  /** The shared Moshi instance. */
  public Moshi moshi() { return moshi; }
  /** The shared scheduler for delays and polls; never block on it. */
  public ScheduledExecutorService scheduler() { return scheduler; }
  /** The clock. */
  public Clock clock() { return clock; }
  /** The redactor all keys are registered with. */
  public Redactor redactor() { return redactor; }

  /** Reads an environment variable. */
  public Optional<String> env(String name) {
    String v = environment.apply(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  /** Reads the first set variable of {@code names} as a secret, registering it with the redactor. */
  public Optional<String> secret(java.util.List<String> names) {
    for (String n : names) {
      Optional<String> v = env(n);
      if (v.isPresent()) {
        redactor.register(v.get());
        return v;
      }
    }
    return Optional.empty();
  }

  /**
   * The base URL for {@code provider}: {@code UNIGEN_<PROVIDER>_BASE_URL} when set, else
   * {@code defaultUrl}. A trailing slash is removed.
   */
  public String baseUrl(String provider, String defaultUrl) {
    String url = env(variable(provider, "BASE_URL")).orElse(defaultUrl);
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * The variable holding setting {@code suffix} of instance {@code provider}:
   * {@code UNIGEN_<PROVIDER>_<SUFFIX>}, the name in upper case with {@code -} and {@code .} as
   * {@code _} ({@code UNIGEN_FAL_B_BASE_URL} for {@code fal-b}'s {@code BASE_URL}).
   */
  public static String variable(String provider, String suffix) {
    return "UNIGEN_" + provider.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_" + suffix;
  }

  /** A logger for {@code type}; pass every message that may hold provider text through {@link #redactor()}. */
  public Logger logger(Class<?> type) {
    return LoggerFactory.getLogger(type);
  }

  /** Builds a {@link ProviderContext}. Not threadsafe. */
  public static final class Builder {
    private OkHttpClient httpClient;
    private Function<String, OkHttpClient> providerClients;
    private Moshi moshi;
    private ScheduledExecutorService scheduler;
    private Clock clock = Clock.systemUTC();
    private Function<String, String> environment = System::getenv;
    private Redactor redactor = new Redactor();

    private Builder() {}

    /** Sets the HTTP client. */
    public Builder httpClient(OkHttpClient client) { this.httpClient = client; return this; }
    /**
     * Sets where {@link ProviderContext#httpClient(String)} finds each provider's client (null
     * for the shared one); by default every provider gets the shared client.
     */
    public Builder providerClients(Function<String, OkHttpClient> clients) { this.providerClients = clients; return this; }
    /** Sets Moshi. */
    public Builder moshi(Moshi moshi) { this.moshi = moshi; return this; }
    /** Sets the scheduler. */
    public Builder scheduler(ScheduledExecutorService scheduler) { this.scheduler = scheduler; return this; }
    /** Sets the clock. */
    public Builder clock(Clock clock) { this.clock = clock; return this; }
    /** Sets where environment variables are read from. */
    public Builder environment(Function<String, String> environment) { this.environment = environment; return this; }
    /** Sets the environment from a map, for tests. */
    public Builder environment(Map<String, String> environment) { this.environment = environment::get; return this; }
    /** Sets the redactor. */
    public Builder redactor(Redactor redactor) { this.redactor = redactor; return this; }

    /**
     * Returns the context.
     *
     * @throws NullPointerException if the client, Moshi or scheduler is missing
     */
    public ProviderContext build() {
      Objects.requireNonNull(httpClient, "httpClient");
      Objects.requireNonNull(moshi, "moshi");
      Objects.requireNonNull(scheduler, "scheduler");
      return new ProviderContext(this);
    }
  }
}
