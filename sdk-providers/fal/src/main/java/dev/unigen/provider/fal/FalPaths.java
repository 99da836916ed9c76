package dev.unigen.provider.fal;

import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * fal's queue URL rule: a request is submitted to {@code {owner}/{app}[/{path}]}, but its status,
 * result and cancel URLs keep only {@code {owner}/{app}} (plus a {@code workflows/} or
 * {@code comfy/} namespace), followed by {@code /requests/{id}}. The URLs fal returns are
 * preferred; this rule is the fallback, and every URL is rebased on the configured base URL so the
 * key is only ever sent there.
 */
final class FalPaths {
  private FalPaths() {}

  /** {@code owner/app} of an endpoint id, with its namespace, as the official clients cut it. */
  static String ownerApp(String endpoint) {
    String[] parts = trim(endpoint).split("/");
    int start = 0;
    String prefix = "";
    if (parts.length > 2 && (parts[0].equals("workflows") || parts[0].equals("comfy"))) {
      prefix = parts[0] + "/";
      start = 1;
    }
    if (parts.length - start < 2) return trim(endpoint);
    return prefix + parts[start] + "/" + parts[start + 1];
  }

  /** The request's path ({@code owner/app/requests/id}) by the documented rule. */
  static String requestPath(String endpoint, String requestId) {
    return ownerApp(endpoint) + "/requests/" + requestId;
  }

  /**
   * The request's path taken from a URL fal returned ({@code response_url}, or {@code status_url}
   * without its {@code /status}), relative to {@code base} when the URL lies under it, else its
   * whole path; empty if the URL is unusable.
   */
  static Optional<String> fromUrl(String url, HttpUrl base, boolean isStatus) {
    HttpUrl u = url == null ? null : HttpUrl.parse(url);
    if (u == null) return Optional.empty();
    String path = trim(u.encodedPath());
    String basePath = trim(base.encodedPath());
    if (u.host().equals(base.host()) && u.port() == base.port() && !basePath.isEmpty()
        && (path.equals(basePath) || path.startsWith(basePath + "/"))) {
      path = trim(path.substring(basePath.length()));
    }
    if (isStatus) {
      if (!path.endsWith("/status")) return Optional.empty();
      path = path.substring(0, path.length() - "/status".length());
    }
    if (path.isEmpty() || path.contains("..") || !path.contains("/requests/")) return Optional.empty();
    return Optional.of(path);
  }

  /** {@code base} followed by the encoded {@code path} and optional {@code suffix} segment. */
  static HttpUrl url(HttpUrl base, String path, String suffix) {
    if (path == null || path.isEmpty() || path.contains("..")) throw new IllegalArgumentException("bad fal request path: " + path);
    HttpUrl.Builder b = base.newBuilder();
    String basePath = trim(base.encodedPath());
    b.encodedPath(basePath.isEmpty() ? "/" : "/" + basePath + "/");
    b.addEncodedPathSegments(path);
    if (suffix != null) b.addPathSegment(suffix);
    return b.build();
  }

  private static String trim(String path) {
    String p = path;
    while (p.startsWith("/")) p = p.substring(1);
    while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p;
  }
}
