package dev.unigen.testkit;

import com.squareup.moshi.Moshi;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Redactor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The {@link ProviderContext} a provider's tests run it in, as the generator would build it: a real
 * OkHttp client with Unigen's send marker (so a submit is never silently re-sent), a scheduler on
 * daemon threads, an environment given as a map, and a fresh {@link Redactor}. Point a provider at a
 * local {@code MockWebServer} with {@link Builder#baseUrl}:
 *
 * <pre>{@code
 * ProviderContext context = TestContext.builder()
 *     .env("TOGETHER_API_KEY", "test-key-together-0123")
 *     .baseUrl("together", server.url("/v1"))
 *     .build();
 * }</pre>
 *
 * Threadsafe.
 */
public final class TestContext {
  private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "unigen-test-scheduler");
    t.setDaemon(true);
    return t;
  });
  private static final Moshi MOSHI = new Moshi.Builder().build();

  private TestContext() {}

  /** A context whose environment is {@code environment} and nothing else. */
  public static ProviderContext of(Map<String, String> environment) {
    return builder().environment(environment).build();
  }

  /** Returns a builder with an empty environment, the system clock and a fresh redactor. */
  public static Builder builder() {
    return new Builder();
  }

  /** The variable a provider's base URL is read from: {@code UNIGEN_<PROVIDER>_BASE_URL}, with '-' and '.' as '_'. */
  public static String baseUrlVariable(String provider) {
    return ProviderContext.variable(provider, "BASE_URL");
  }

  /** The scheduler every test context shares; its threads are daemons, so it never keeps a JVM alive. */
  public static ScheduledExecutorService scheduler() {
    return SCHEDULER;
  }

  /** Builds a test {@link ProviderContext}. Not threadsafe. */
  public static final class Builder {
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = new Redactor();
    private OkHttpClient httpClient;
    private ScheduledExecutorService scheduler = SCHEDULER;

    private Builder() {}

    /** Adds every variable of {@code environment}. */
    public Builder environment(Map<String, String> environment) {
      this.environment.putAll(environment);
      return this;
    }

    /** Sets variable {@code name} to {@code value}. */
    public Builder env(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sends {@code provider}'s requests to {@code url}, by setting its base URL variable. */
    public Builder baseUrl(String provider, HttpUrl url) {
      return env(baseUrlVariable(provider), url.toString());
    }

    /** Sets the clock (default: the system's UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the redactor, to check what it learnt (default: a fresh one). */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** Sets the HTTP client (default: a new one); the send marker is added either way. */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the scheduler (default: the shared daemon one), for a test that shuts its own down. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Returns the context. */
    public ProviderContext build() {
      return ProviderContext.builder()
          .httpClient(HttpCalls.withMarker(httpClient != null ? httpClient : new OkHttpClient()))
          .moshi(MOSHI)
          .scheduler(scheduler)
          .clock(clock)
          .environment(Map.copyOf(environment))
          .redactor(redactor)
          .build();
    }
  }
}
