package dev.unigen.internal;

import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads of outputs from the URLs providers hand out, which Unigen does not control: https
 * only, every redirect hop checked again, hosts that resolve to loopback, private, link-local,
 * unique-local, multicast or unspecified addresses refused (so a URL cannot reach the
 * application's own network), and every download bounded and checked against the type the asset
 * declares. Loopback over plain http is allowed only by an explicit setting, for tests against a
 * local server.
 */
public final class Downloads {
  public static final int MAX_REDIRECTS = 5;

  private final OkHttpClient client;
  private final boolean allowLoopback;
  private final long maxBytes;

  public Downloads(OkHttpClient base, boolean allowLoopback, long maxBytes) {
    this.allowLoopback = allowLoopback;
    this.maxBytes = maxBytes;
    // The Dns filter holds at connect time too, so a name cannot resolve differently after the check.
    this.client = base.newBuilder().followRedirects(false).followSslRedirects(false)
        .dns(host -> allowed(host, Dns.SYSTEM.lookup(host))).build();
  }

  /** Copies an asset's content at {@code url} to {@code target}, for {@link Asset#saveTo}. */
  public Asset.Fetcher fetcher(String declaredType) {
    return (url, target) -> {
      Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".unigen-", ".part");
      try (AssetStore.Source.Content c = open(url); InputStream in = c.stream(); OutputStream out = Files.newOutputStream(tmp)) {
        String type = c.mediaType().map(Downloads::baseType).orElse(declaredType);
        if (!sameFamily(declaredType, type)) {
          throw new IOException("the download is " + type + ", not the " + declaredType + " the provider produced");
        }
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
          total += n;
          if (total > maxBytes) throw new IOException("the download is over the limit of " + maxBytes + " bytes");
          out.write(buf, 0, n);
        }
        out.close();
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    };
  }

  /**
   * Opens the content at {@code url}, following at most {@value #MAX_REDIRECTS} redirects and
   * checking each hop; refused on a declared length over the bound before anything is read.
   *
   * @throws IOException if a hop is refused, the download fails or is too large
   */
  public AssetStore.Source.Content open(String url) throws IOException {
    HttpUrl hop = HttpUrl.parse(url);
    if (hop == null) throw new IOException("not an http(s) URL");
    for (int redirects = 0; ; redirects++) {
      check(hop);
      Response r = client.newCall(new Request.Builder().url(hop).header("User-Agent", "unigen").build()).execute();
      if (r.isRedirect()) {
        String location = r.header("Location");
        r.close();
        HttpUrl next = location == null ? null : hop.resolve(location);
        if (next == null) throw new IOException("a redirect from " + hop.redact() + " has no usable Location");
        if (hop.isHttps() && !next.isHttps()) throw new IOException("refusing a redirect from https to " + next.redact());
        if (redirects == MAX_REDIRECTS) throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + url);
        hop = next;
        continue;
      }
      if (!r.isSuccessful()) {
        r.close();
        throw new IOException("download of " + hop.redact() + " failed: HTTP " + r.code());
      }
      long length = r.body().contentLength();
      if (length > maxBytes) {
        r.close();
        throw new IOException("the download of " + length + " bytes is over the limit of " + maxBytes);
      }
      return AssetSources.content(r.body().byteStream(), r.header("Content-Type"), length, r);
    }
  }

  /** Refuses a hop before connecting: plain http except to an allowed loopback, and hosts with no allowed address. */
  private void check(HttpUrl hop) throws IOException {
    String host = hop.host();
    // An IP literal is connected to without a DNS lookup, so it is checked here.
    boolean literal = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    List<InetAddress> addresses = allowed(host, literal ? List.of(InetAddress.getByName(host)) : Dns.SYSTEM.lookup(host));
    if (!hop.isHttps() && !addresses.stream().allMatch(InetAddress::isLoopbackAddress)) {
      throw new IOException("refusing a plain http download from " + host + "; https is required");
    }
  }

  private List<InetAddress> allowed(String host, List<InetAddress> resolved) throws UnknownHostException {
    List<InetAddress> out = new ArrayList<>(resolved.size());
    for (InetAddress a : resolved) if (isPublic(a) || (allowLoopback && a.isLoopbackAddress())) out.add(a);
    if (out.isEmpty()) {
      throw new UnknownHostException("refusing " + host + ": it resolves only to loopback, private, link-local or other non-public addresses");
    }
    return out;
  }

  public static boolean isPublic(InetAddress a) {
    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (b.length == 16 && (b[0] & 0xfe) == 0xfc) return false;          // fc00::/7 unique local
    if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) return false; // 100.64.0.0/10 shared
    if (b.length == 4 && (b[0] & 0xff) == 0) return false;               // 0.0.0.0/8
    return true;
  }

  public static String baseType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Whether a download of {@code actual} may stand for an asset declared as {@code declared}. */
  public static boolean sameFamily(String declared, String actual) {
    if (actual.equals("application/octet-stream") || actual.equals("binary/octet-stream")) return true;
    int slash = declared.indexOf('/');
    return slash > 0 && actual.startsWith(declared.substring(0, slash + 1));
  }
}
