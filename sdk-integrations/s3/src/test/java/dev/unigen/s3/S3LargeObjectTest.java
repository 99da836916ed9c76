package dev.unigen.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1 GiB object uploaded by a JVM whose whole heap is 64 MiB: the upload streams, holding one
 * 8 MiB part at a time. The server then holds exactly the bytes generated, which are read back
 * and hashed, and the object is deleted so the gigabyte stays on disk no longer than needed.
 */
class S3LargeObjectTest {
  private static final long GIB = 1024L * 1024 * 1024;

  @Test
  void oneGibibyteUnderA64MibHeap() throws Exception {
    TestS3.get().createBucket("large");
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", classpath,
        "-Dorg.slf4j.simpleLogger.logFile=System.err", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        BigUpload.class.getName(), TestS3.get().endpoint().toString(), "large", Long.toString(GIB),
        Integer.toString(8 * 1024 * 1024))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the upload did not finish");
    assertEquals(0, p.exitValue(), out);
    Matcher m = Pattern.compile("sha256=([0-9a-f]{64}) maxHeap=(\\d+) peakHeap=(\\d+)").matcher(out);
    assertTrue(m.find(), out);
    // The child's heap really was capped at 64 MiB (the JVM may report a little less).
    assertTrue(Long.parseLong(m.group(2)) <= 64L * 1024 * 1024, out);
    System.out.println("1 GiB upload: child heap max " + m.group(2) + " bytes, peak used " + m.group(3) + " bytes");

    String expected = sha256(new GeneratedContent(GIB));
    assertEquals(expected, m.group(1));
    try (S3Client s3 = TestS3.get().client()) {
      assertEquals(GIB, s3.headObject(b -> b.bucket("large").key("big/big-0.mp4")).contentLength());
      try (InputStream back = s3.getObject(b -> b.bucket("large").key("big/big-0.mp4"))) {
        assertEquals(expected, sha256(back));
      } finally {
        s3.deleteObject(b -> b.bucket("large").key("big/big-0.mp4"));
      }
    }
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
    return HexFormat.of().formatHex(sha.digest());
  }
}
