package dev.unigen.spi;

import dev.unigen.spi.http.HttpCalls;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The base of every provider's builder, so that {@code name}, {@code apiKey}, {@code baseUrl},
 * {@code timeout} and {@code httpClient} mean the same thing in every module. A module's builder
 * adds its own settings and implements {@link #build(ProviderContext)} by calling
 * {@link #settings(ProviderContext)}.
 *
 * <p>Not threadsafe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ProviderBuilder<B extends ProviderBuilder<B>> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  private final String defaultName;
  private final List<String> keyVariables;
  private String defaultBaseUrl;
  private String name;
  private String apiKey;
  private HttpUrl baseUrl;
  private Duration timeout;
  private OkHttpClient httpClient;
  private long maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;

  /** The default bound on an answer read into memory: {@value} bytes (32 MiB). */
  public static final long DEFAULT_MAX_ANSWER_BYTES = 32L << 20;

  /**
   * Creates the builder of a provider called {@code defaultName} whose key is read from the first
   * set variable of {@code keyVariables} (empty for a provider that takes no key), served at
   * {@code defaultBaseUrl}, answering within {@code defaultTimeout}.
   */
  protected ProviderBuilder(String defaultName, List<String> keyVariables, String defaultBaseUrl,
      Duration defaultTimeout) {
    this.defaultName = validName(defaultName);
    this.keyVariables = List.copyOf(keyVariables);
    this.defaultBaseUrl = parseUrl(defaultBaseUrl).toString();
    this.name = defaultName;
    this.timeout = positive(defaultTimeout);
  }

  /**
   * Names this provider instance, for a second account next to the first; its offers carry the
   * name. The key and base URL are still read from the provider's own variables unless set here.
   *
   * @throws IllegalArgumentException if the name is not lowercase letters, digits, '.' and '-'
   */
  public final B name(String name) {
    this.name = validName(name);
    return self();
  }

  /**
   * Uses {@code apiKey} instead of the environment. The key is registered with the context's
   * redactor, so it never reaches a log or a message.
   *
   * @throws IllegalArgumentException if the key is empty or blank (the message names the provider's
   *     variables, never a value)
   */
  public final B apiKey(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("the " + defaultName + " API key is empty; pass a key or set "
          + (keyVariables.isEmpty() ? "nothing: this provider takes no key" : String.join(" or ", keyVariables)));
    }
    this.apiKey = apiKey.trim();
    return self();
  }

  /**
   * Sends requests to {@code baseUrl} (a proxy, a regional endpoint, a local server speaking the
   * protocol) instead of {@code UNIGEN_<NAME>_BASE_URL} or the default. A trailing slash is ignored.
   *
   * @throws IllegalArgumentException if it is not an http or https URL
   */
  public final B baseUrl(String baseUrl) {
    this.baseUrl = parseUrl(baseUrl);
    return self();
  }

  /**
   * Sets how long one HTTP exchange with the provider may stay silent (read and write timeouts)
   * before it fails; long generations that answer synchronously need minutes.
   *
   * @throws IllegalArgumentException if not positive
   */
  public final B timeout(Duration timeout) {
    this.timeout = positive(timeout);
    return self();
  }

  /**
   * Sends this provider's requests through {@code client} (a proxy, extra interceptors) instead of
   * the generator's shared client. Unigen still adds its send marker and turns off OkHttp's silent
   * re-sending, so a submit is never paid twice; the client's own dispatcher (its threads and its
   * concurrency per host) is kept.
   */
  public final B httpClient(OkHttpClient client) {
    this.httpClient = Objects.requireNonNull(client, "client");
    return self();
  }

  /**
   * Sets the largest answer read into memory (32 MiB by default); a larger one fails as soon as its
   * size shows, without being buffered. Media is streamed and not bound by this.
   *
   * @throws IllegalArgumentException if not positive
   */
  public final B maxAnswerBytes(long max) {
    if (max <= 0) throw new IllegalArgumentException("maxAnswerBytes must be positive: " + max);
    this.maxAnswerBytes = max;
    return self();
  }

  /**
   * Changes the URL used when neither {@link #baseUrl} nor {@code UNIGEN_<NAME>_BASE_URL} is set,
   * for a builder that chooses among the provider's own hosts (a region); both still win over it.
   *
   * @throws IllegalArgumentException if it is not an http or https URL
   */
  protected final void defaultBaseUrl(String url) {
    this.defaultBaseUrl = parseUrl(url).toString();
  }

  /** The provider's own name, which its catalog and environment variables use. */
  public final String defaultName() {
    return defaultName;
  }

  /** The variables the key is read from, in order; empty for a provider that takes no key. */
  public final List<String> keyVariables() {
    return keyVariables;
  }

  /**
   * Builds the provider with {@code context}'s HTTP client, clock, scheduler and redactor.
   *
   * @throws IllegalStateException if the provider needs a key and none was given or set
   */
  public abstract Provider build(ProviderContext context);

  /**
   * Resolves what every provider needs: the name, the key (given here, else from the
   * environment), the base URL (given here, else {@code UNIGEN_<NAME>_BASE_URL}, else the default)
   * and the HTTP client with this builder's timeout.
   *
   * @throws IllegalStateException naming the key variables if the provider needs a key and none is set
   */
  protected final ProviderSettings settings(ProviderContext context) {
    Objects.requireNonNull(context, "context");
    String key = "";
    if (!keyVariables.isEmpty()) {
      key = apiKey != null ? apiKey : context.secret(keyVariables).map(String::trim).orElseThrow(() ->
          new IllegalStateException("no " + defaultName + " API key: set " + String.join(" or ", keyVariables)
              + ", or call apiKey(...)"));
      context.redactor().register(key);
    }
    HttpUrl base = baseUrl != null ? baseUrl : parseUrl(context.baseUrl(defaultName, defaultBaseUrl));
    OkHttpClient client = HttpCalls.withMarker(httpClient != null ? httpClient : context.httpClient(name))
        .newBuilder().readTimeout(timeout).writeTimeout(timeout).build();
    return new ProviderSettings(name, defaultName, key, base, timeout, maxAnswerBytes, client, context);
  }

  /** Returns this builder as its concrete type. */
  @SuppressWarnings("unchecked")
  protected final B self() {
    return (B) this;
  }

  private static String validName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("provider name must match [a-z0-9][a-z0-9.-]*: " + name);
    }
    return name;
  }

  private static Duration positive(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return timeout;
  }

  private static HttpUrl parseUrl(String url) {
    String u = url == null ? "" : url.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    HttpUrl parsed = HttpUrl.parse(u);
    if (parsed == null) throw new IllegalArgumentException("not an http(s) base URL: " + url);
    return parsed;
  }
}
