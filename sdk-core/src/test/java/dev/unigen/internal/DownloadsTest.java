package dev.unigen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output downloads cannot reach the application's own network, and are bounded and type-checked. */
class DownloadsTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Downloads downloads(boolean allowLoopback, long maxBytes) {
    return new Downloads(new OkHttpClient(), allowLoopback, maxBytes);
  }

  private static MockResponse redirect(String location) {
    return new MockResponse.Builder().code(302).addHeader("Location", location).build();
  }

  @Test
  void loopbackIsRefusedUnlessExplicitlyAllowed() throws Exception {
    String url = server.url("/a.png").toString();
    IOException e = assertThrows(IOException.class, () -> downloads(false, 1024).open(url));
    assertTrue(e.getMessage().contains("refusing"), e.getMessage());
    assertEquals(0, server.getRequestCount());
    assertThrows(IOException.class, () -> downloads(false, 1024).open("http://localhost:" + server.getPort() + "/a.png"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void everyRedirectHopIsCheckedBeforeItIsFollowed() throws Exception {
    // each target is refused before any connection is made to it
    for (String target : new String[] {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/x", "http://[fd00::1]/x"}) {
      server.enqueue(redirect(target));
      IOException e = assertThrows(IOException.class, () -> downloads(true, 1024).open(server.url("/a.png").toString()));
      assertTrue(e.getMessage().contains("refusing"), e.getMessage());
    }
  }

  @Test
  void redirectsAreBounded() {
    for (int i = 0; i <= Downloads.MAX_REDIRECTS; i++) server.enqueue(redirect("/again"));
    IOException e = assertThrows(IOException.class, () -> downloads(true, 1024).open(server.url("/a.png").toString()));
    assertTrue(e.getMessage().contains("more than 5 redirects"), e.getMessage());
    assertEquals(Downloads.MAX_REDIRECTS + 1, server.getRequestCount());
  }

  @Test
  void aDeclaredLengthOverTheBoundIsRefusedBeforeReading() {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(new byte[4096])).build());
    IOException e = assertThrows(IOException.class, () -> downloads(true, 1024).open(server.url("/a.png").toString()));
    assertEquals("the download of 4096 bytes is over the limit of 1024", e.getMessage());
  }

  @Test
  void saveToIsBoundedAndChecksTheType(@TempDir Path dir) throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html>login</html>").build());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").chunkedBody(new Buffer().write(new byte[4096]), 512).build());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(new byte[100])).build());
    Asset.Fetcher fetcher = downloads(true, 1024).fetcher("image/png");
    Path target = dir.resolve("a.png");

    IOException html = assertThrows(IOException.class, () -> fetcher.fetch(server.url("/a.png").toString(), target));
    assertEquals("the download is text/html, not the image/png the provider produced", html.getMessage());
    IOException big = assertThrows(IOException.class, () -> fetcher.fetch(server.url("/a.png").toString(), target));
    assertEquals("the download is over the limit of 1024 bytes", big.getMessage());
    assertFalse(Files.exists(target));
    fetcher.fetch(server.url("/a.png").toString(), target);
    assertEquals(100, Files.size(target));
  }

  @Test
  void onlyPublicAddressesArePublic() throws Exception {
    for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1"}) {
      assertFalse(Downloads.isPublic(InetAddress.getByName(a)), a);
    }
    assertTrue(Downloads.isPublic(InetAddress.getByName("93.184.216.34")));
    assertTrue(Downloads.isPublic(InetAddress.getByName("2606:2800:220:1::1")));
  }

  @Test
  void anAllowedLoopbackDownloadStreams() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body("PNGDATA").build());
    try (AssetStore.Source.Content c = downloads(true, 1024).open(server.url("/a.png").toString())) {
      assertEquals("PNGDATA", new String(c.stream().readAllBytes()));
    }
  }
}
