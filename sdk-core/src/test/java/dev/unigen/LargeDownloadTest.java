package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 300 MB body, generated on the fly by the server, stored by a JVM whose heap is capped at
 * 48 MB: it can only succeed if the download is streamed.
 */
class LargeDownloadTest {
  static final long SIZE = 300L * 1024 * 1024;

  /** Deterministic bytes, made chunk by chunk: byte i is (i * 31 + i / 4096) mod 256. */
  static final class Generated implements MockResponseBody {
    @Override
    public long getContentLength() {
      return SIZE;
    }

    @Override
    public void writeTo(BufferedSink sink) throws java.io.IOException {
      byte[] chunk = new byte[64 * 1024];
      for (long pos = 0; pos < SIZE; pos += chunk.length) {
        fill(chunk, pos);
        sink.write(chunk, 0, (int) Math.min(chunk.length, SIZE - pos));
      }
      sink.flush();
    }
  }

  static void fill(byte[] chunk, long pos) {
    for (int i = 0; i < chunk.length; i++) {
      long n = pos + i;
      chunk[i] = (byte) (n * 31 + n / 4096);
    }
  }

  @Test
  void aLargeBodyIsStreamedToDiskWithASmallHeap(@TempDir Path dir) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[64 * 1024];
    for (long pos = 0; pos < SIZE; pos += chunk.length) {
      fill(chunk, pos);
      sha.update(chunk, 0, (int) Math.min(chunk.length, SIZE - pos));
    }
    String expected = HexFormat.of().formatHex(sha.digest());
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "video/mp4").body(new Generated()).build());
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
          "-cp", System.getProperty("java.class.path"), LargeDownloadChild.class.getName(),
          server.url("/big.mp4").toString(), dir.toString()).redirectErrorStream(true).start();
      StringBuilder out = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) out.append(line).append('\n');
      }
      assertTrue(child.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, child.exitValue(), out.toString());
      String stored = out.toString().lines().filter(l -> l.startsWith("STORED ")).findFirst().orElseThrow();
      assertTrue(stored.startsWith("STORED " + SIZE + " " + expected + " maxHeap="), stored);
    }
  }
}
