package dev.unigen.provider.bfl;

import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Where a task is polled. BFL answers each submit with a {@code polling_url} whose host may be a
 * cluster host ({@code api.eu2.bfl.ai}, {@code api.us1.bfl.ai}) rather than the one the task was
 * sent to, and asks clients to poll exactly that URL.
 *
 * <ul>
 *   <li>With BFL's own base URL (an https host under {@code bfl.ai}), the polling URL is used as
 *       given when it too is an https host under {@code bfl.ai} (or the legacy {@code bfl.ml}).
 *   <li>Otherwise — a proxy, a test server, or a polling URL naming any other host — the URL's
 *       path and query are kept and put on the configured base URL, so the key is only ever sent
 *       to the base URL or to BFL.
 *   <li>With no polling URL (a webhook submit may omit it), {@code /v1/get_result?id=<id>} on the
 *       base URL.
 * </ul>
 *
 * The same rule is applied again at every poll to the URL stored in the job journal. Stateless.
 */
final class PollingUrls {
  private PollingUrls() {}

  /** True for https hosts of BFL: {@code bfl.ai}, {@code *.bfl.ai}, and the legacy {@code bfl.ml} ones. */
  static boolean isBfl(HttpUrl url) {
    if (!url.isHttps()) return false;
    String host = url.host().toLowerCase(Locale.ROOT);
    return host.equals("bfl.ai") || host.endsWith(".bfl.ai") || host.equals("bfl.ml") || host.endsWith(".bfl.ml");
  }

  /** The URL to poll task {@code id} at, from the {@code given} polling URL (may be null). */
  static HttpUrl resolve(HttpUrl base, String given, String id) {
    if (given == null || given.isBlank()) return getResult(base, id);
    HttpUrl url = HttpUrl.parse(given);
    if (url == null) {
      // A relative polling URL ("/v1/get_result?id=..."): BFL's own client resolves it on the base URL.
      url = base.resolve(given);
      if (url == null) return getResult(base, id);
    }
    if (isBfl(base) && isBfl(url)) return url;
    return rebase(base, url);
  }

  /** {@code url}'s path and query on {@code base}, below any path {@code base} has. */
  static HttpUrl rebase(HttpUrl base, HttpUrl url) {
    HttpUrl.Builder b = base.newBuilder();
    String path = url.encodedPath();
    if (path.startsWith("/")) path = path.substring(1);
    // OkHttp replaces the empty last segment of a base such as "http://host/" rather than adding after it.
    if (!path.isEmpty()) b.addEncodedPathSegments(path);
    b.encodedQuery(url.encodedQuery());
    return b.build();
  }

  /** {@code /v1/get_result?id=<id>} on the base URL. */
  static HttpUrl getResult(HttpUrl base, String id) {
    return base.newBuilder().addPathSegment("v1").addPathSegment("get_result").addQueryParameter("id", id).build();
  }
}
