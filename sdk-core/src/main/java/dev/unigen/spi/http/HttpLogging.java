package dev.unigen.spi.http;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each HTTP exchange at DEBUG as method, scheme, host and path, status and time — never
 * headers (where keys travel), never the query (where some providers take {@code ?key=}), never
 * bodies. The generator installs it on its client.
 */
public final class HttpLogging implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(HttpLogging.class);
  /** The shared instance. */
  public static final HttpLogging INSTANCE = new HttpLogging();

  private HttpLogging() {}

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (!log.isDebugEnabled()) return chain.proceed(chain.request());
    String what = chain.request().method() + " " + describe(chain.request().url());
    long start = System.nanoTime();
    log.debug("--> {}", what);
    try {
      Response r = chain.proceed(chain.request());
      log.debug("<-- {} {} ({} ms)", r.code(), what, (System.nanoTime() - start) / 1_000_000);
      return r;
    } catch (IOException e) {
      log.debug("<-- failed {} ({}): {}", what, (System.nanoTime() - start) / 1_000_000, e.getClass().getSimpleName());
      throw e;
    }
  }

  /** The URL without user info, query or fragment. */
  static String describe(HttpUrl url) {
    return url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port())
        + url.encodedPath() + (url.encodedQuery() == null ? "" : "?…");
  }
}
