package dev.unigen.spi;

import dev.unigen.catalog.Catalog;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What {@link ProviderBuilder#settings} resolved for one provider instance: its name, key, base
 * URL, timeout, HTTP client and the generator's context. The key is never in {@link #toString()}.
 * Immutable and threadsafe.
 */
public final class ProviderSettings {
  private final String name;
  private final String defaultName;
  private final String apiKey;
  private final HttpUrl baseUrl;
  private static final int MAX_KNOWN_URLS = 64;
  private final java.util.concurrent.ConcurrentHashMap<String, HttpUrl> urls = new java.util.concurrent.ConcurrentHashMap<>();
  private final Duration timeout;
  private final long maxAnswerBytes;
  private final OkHttpClient httpClient;
  private final ProviderContext context;

  ProviderSettings(String name, String defaultName, String apiKey, HttpUrl baseUrl, Duration timeout,
      long maxAnswerBytes, OkHttpClient httpClient, ProviderContext context) {
    this.maxAnswerBytes = maxAnswerBytes;
    this.name = name;
    this.defaultName = defaultName;
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.httpClient = httpClient;
    this.context = context;
  }

  /** The instance's name, which every offer of {@link #catalog} carries. */
  public String name() { return name; }
  /** The key; empty for a provider that takes none. Send it only in the provider's auth header. */
  public String apiKey() { return apiKey; }
  /** The base URL, without a trailing slash. */
  public HttpUrl baseUrl() { return baseUrl; }
  /** How long one HTTP exchange may stay silent. */
  public Duration timeout() { return timeout; }
  /** The largest answer read into memory, in bytes. */
  public long maxAnswerBytes() { return maxAnswerBytes; }
  /** The HTTP client with the marker that keeps submits from being re-sent, and the timeout. */
  public OkHttpClient httpClient() { return httpClient; }
  /** The generator's context: clock, scheduler, redactor, environment. */
  public ProviderContext context() { return context; }

  /**
   * {@code path} (such as {@code /v1/images}, with any query) resolved against the base URL's path.
   *
   * @throws IllegalArgumentException if the result is not a URL
   */
  public HttpUrl url(String path) {
    HttpUrl known = urls.get(path);
    if (known != null) return known;
    HttpUrl url = resolve(path);
    // Providers ask for a few fixed paths on every call; parsing one each time cost more than the
    // rest of building the request. Paths holding ids are not worth keeping, and past the bound are not kept.
    if (urls.size() < MAX_KNOWN_URLS) urls.putIfAbsent(path, url);
    return url;
  }

  private HttpUrl resolve(String path) {
    String base = baseUrl.toString();
    if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    HttpUrl url = HttpUrl.parse(base + (path.startsWith("/") ? path : "/" + path));
    if (url == null) throw new IllegalArgumentException("not a URL: " + base + path);
    return url;
  }

  /**
   * A secret of this instance beyond its key (a webhook secret): {@code given} when not null,
   * else the variable {@code UNIGEN_<NAME>_<SUFFIX>} ({@link ProviderContext#variable}); trimmed,
   * and registered with the redactor either way.
   */
  public Optional<String> secret(String given, String suffix) {
    Optional<String> secret = (given != null ? Optional.of(given) : context.env(ProviderContext.variable(name, suffix)))
        .map(String::trim);
    secret.ifPresent(context.redactor()::register);
    return secret;
  }

  /** {@code bundled} (the module's own catalog) with its offers moved to this instance's name. */
  public Catalog catalog(Catalog bundled) {
    Objects.requireNonNull(bundled, "bundled");
    return name.equals(defaultName) ? bundled : bundled.withProvider(name);
  }

  /** Names the instance and its base URL; never the key. */
  @Override
  public String toString() {
    return name + " " + baseUrl;
  }
}
