package dev.unigen.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import dev.unigen.request.Task;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link S3AssetStore} against a real S3 server (S3Proxy) on loopback. */
class S3AssetStoreTest {
  private static final String BUCKET = "outputs";
  private static final Clock DEC_6 = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
  private static S3Client s3;

  @BeforeAll
  static void startServer() {
    TestS3.get().createBucket(BUCKET);
    s3 = TestS3.get().client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Test
  void aSmallAssetGoesUpInOnePutWithItsTypeAndHash() throws Exception {
    byte[] png = "\u0089PNG fake image bytes".getBytes(StandardCharsets.ISO_8859_1);
    try (S3AssetStore store = TestS3.get().store(BUCKET).clock(DEC_6, ZoneOffset.UTC).build()) {
      Asset stored = store.store(Asset.builder("image/png").url("https://provider.example/out.png").build(),
          source(png, "image/png"), "gen-1", 0, Task.TEXT_TO_IMAGE);
      assertEquals(Optional.of(sha256(png)), stored.sha256());
      // The default key: {date}/{generation}-{index}{ext}.
      HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("2026-12-06/gen-1-0.png"));
      assertEquals("image/png", head.contentType());
      assertEquals(png.length, head.contentLength());
      // The asset's URL is now a presigned link to the stored copy, which anyone can GET.
      String url = stored.url().orElseThrow();
      assertTrue(url.startsWith(TestS3.get().endpoint() + "/outputs/2026-12-06/gen-1-0.png?"), url);
      assertTrue(url.contains("X-Amz-Expires=86400"), url);
      assertTrue(!url.contains(TestS3.SECRET_KEY), "a presigned URL carries a signature, not the secret");
      HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, got.statusCode());
      assertArrayEquals(png, got.body());
    }
  }

  @Test
  void contentOverOnePartGoesUpInPartsAndComesBackWhole() throws Exception {
    // 12 MiB in parts of 5 MiB (the S3 minimum): three parts, the last one of 2 MiB.
    byte[] video = new byte[12 * 1024 * 1024];
    for (int i = 0; i < video.length; i++) video[i] = (byte) (i * 31 + i / 7);
    try (S3AssetStore store = TestS3.get().store(BUCKET).partSize(5 * 1024 * 1024)
        .keyTemplate("videos/{generation}/{index}{ext}").build()) {
      Asset stored = store.store(Asset.builder("video/mp4").url("https://provider.example/v.mp4").build(),
          source(video, "video/mp4"), "gen-2", 1, Task.TEXT_TO_VIDEO);
      assertEquals(Optional.of(sha256(video)), stored.sha256());
      ResponseBytes<GetObjectResponse> back = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("videos/gen-2/1.mp4"));
      assertArrayEquals(video, back.asByteArray());
      assertEquals("video/mp4", back.response().contentType());
      // A multipart object's ETag is the MD5 of the parts' MD5s, then "-" and the number of parts.
      assertTrue(back.response().eTag().endsWith("-3\""), back.response().eTag());
    }
  }

  @Test
  void keysFollowTheTemplateWithTheApplicationsVariables() throws Exception {
    try (S3AssetStore store = TestS3.get().store(BUCKET)
        .keyTemplate("{project}/{user}/{yyyy}/{MM}/{dd}/{task}-{generation}-{index}{ext}")
        .variable("project", "comic-studio")
        .clock(DEC_6, ZoneId.of("Pacific/Kiritimati")) // UTC+14: already December 7 there
        .publicBaseUrl("https://cdn.example.com/")
        .build()) {
      byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};
      // Without the user variable the key cannot be made, and nothing is read or sent.
      AtomicInteger opened = new AtomicInteger();
      IOException missing = assertThrows(IOException.class, () -> store.store(Asset.builder("image/jpeg")
          .url("https://p.example/a.jpg").build(), counting(jpeg, "image/jpeg", opened), "g3", 0, Task.TEXT_TO_IMAGE));
      assertTrue(missing.getMessage().contains("'user'"), missing.getMessage());
      assertEquals(1, opened.get());

      AssetStore forUser = store.withVariables(Map.of("user", "u-42"));
      Asset stored = forUser.store(Asset.builder("image/jpeg").url("https://p.example/a.jpg").build(),
          source(jpeg, "image/jpeg"), "g3", 0, Task.TEXT_TO_IMAGE);
      String key = "comic-studio/u-42/2026/12/07/text-to-image-g3-0.jpg";
      assertEquals(Optional.of("https://cdn.example.com/" + key), stored.url());
      assertEquals(6L, s3.headObject(b -> b.bucket(BUCKET).key(key)).contentLength());
    }
    // Values cannot add path segments; templates must keep outputs apart.
    S3AssetStore.Builder b = TestS3.get().store(BUCKET);
    assertThrows(IllegalArgumentException.class, () -> b.variable("user", "../etc"));
    assertThrows(IllegalArgumentException.class, () -> b.variable("user", "a/b"));
    assertThrows(IllegalArgumentException.class, () -> b.variable("date", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.keyTemplate("{user}/{generation}.png"));
    assertThrows(IllegalArgumentException.class, () -> b.keyTemplate("/{generation}-{index}"));
    assertThrows(IllegalArgumentException.class, () -> b.keyTemplate("{generation}-{index}{ext"));
  }

  @Test
  void presignedUrlsHaveTheChosenLifetimeOfAtMostSevenDays() throws Exception {
    try (S3AssetStore store = TestS3.get().store(BUCKET).build()) {
      store.store(Asset.builder("image/png").url("https://p.example/a.png").build(),
          source(new byte[] {1, 2, 3}, "image/png"), "g4", 0, Task.TEXT_TO_IMAGE);
      String key = S3AssetStore.keyInPathStyleUrl(store.presignedUrl("x", Duration.ofMinutes(1)), BUCKET).orElseThrow();
      assertEquals("x", key);
      String week = store.presignedUrl(todayKey("g4-0.png"), S3AssetStore.MAX_URL_LIFETIME);
      // 7 days = 604800 seconds, the SigV4 maximum.
      assertTrue(week.contains("X-Amz-Expires=604800"), week);
      HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(week)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertArrayEquals(new byte[] {1, 2, 3}, got.body());
      assertThrows(IllegalArgumentException.class, () -> store.presignedUrl("x", Duration.ofDays(7).plusSeconds(1)));
      assertThrows(IllegalArgumentException.class, () -> store.presignedUrl("x", Duration.ZERO));
      assertThrows(IllegalArgumentException.class, () -> TestS3.get().store(BUCKET).urlLifetime(Duration.ofDays(8)));
    }
  }

  @Test
  void copyHappensOnTheServer() throws Exception {
    byte[] zip = "PK\u0003\u0004 lora weights".getBytes(StandardCharsets.ISO_8859_1);
    try (S3AssetStore store = TestS3.get().store(BUCKET).keyTemplate("lora/{generation}-{index}{ext}").build()) {
      store.store(Asset.builder("application/zip").url("https://p.example/w.zip").build(),
          source(zip, "application/zip"), "train-1", 0, Task.LORA_TRAINING);
      store.copy("lora/train-1-0.zip", "published/style-v1.zip");
      ResponseBytes<GetObjectResponse> copy = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("published/style-v1.zip"));
      assertArrayEquals(zip, copy.asByteArray());
      assertEquals("application/zip", copy.response().contentType());
      IOException none = assertThrows(IOException.class, () -> store.copy("lora/none.zip", "x.zip"));
      assertTrue(none.getMessage().contains("lora/none.zip"), none.getMessage());
    }
  }

  @Test
  void badContentIsRefusedAndAnAbortedUploadLeavesNothing() throws Exception {
    try (S3AssetStore store = TestS3.get().store(BUCKET).partSize(5 * 1024 * 1024).maxBytes(6_000_000)
        .keyTemplate("bad/{generation}-{index}{ext}").build()) {
      IOException type = assertThrows(IOException.class, () -> store.store(Asset.builder("image/png")
          .url("https://p.example/a").build(), source(new byte[] {1}, "text/html"), "g5", 0, Task.TEXT_TO_IMAGE));
      assertTrue(type.getMessage().contains("text/html"), type.getMessage());
      assertThrows(IOException.class, () -> store.store(Asset.builder("image/png").url("https://p.example/a").build(),
          source(new byte[0], "image/png"), "g5", 1, Task.TEXT_TO_IMAGE));
      // Over the bound after the first part went up: the multipart upload is aborted.
      IOException big = assertThrows(IOException.class, () -> store.store(Asset.builder("video/mp4")
          .url("https://p.example/v").build(), source(new byte[8 * 1024 * 1024], "video/mp4"), "g5", 2, Task.TEXT_TO_VIDEO));
      assertTrue(big.getMessage().contains("6000000"), big.getMessage());
      assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads());
      assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(BUCKET).key("bad/g5-2.mp4")));
      // A declared length over the bound is refused before anything is read.
      IOException declared = assertThrows(IOException.class, () -> store.store(Asset.builder("video/mp4")
          .url("https://p.example/v").build(), sized(new byte[10], "video/mp4", 7_000_000), "g5", 3, Task.TEXT_TO_VIDEO));
      assertTrue(declared.getMessage().contains("7000000"), declared.getMessage());
    }
  }

  @Test
  void cloudflareR2IsOneCall() {
    String account = "0123456789abcdef0123456789ABCDEF";
    try (S3AssetStore r2 = S3AssetStore.cloudflareR2(account, "outputs", "test-key-id", "test-key-secret").build()) {
      assertEquals("S3AssetStore(outputs, https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com,"
          + " keys {date}/{generation}-{index}{ext})", r2.toString());
      // Presigning needs no network: region auto, path-style, the account's endpoint.
      String url = r2.presignedUrl("a/b.png", Duration.ofDays(7));
      assertTrue(url.startsWith("https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/outputs/a/b.png?"),
          url);
      assertTrue(url.contains("%2Fauto%2Fs3%2Faws4_request"), url);
      assertTrue(!url.contains("test-key-secret"), url);
    }
    assertThrows(IllegalArgumentException.class, () -> S3AssetStore.cloudflareR2("acct", "b", "k", "s"));
    assertThrows(IllegalArgumentException.class, () -> S3AssetStore.cloudflareR2(account, " ", "k", "s"));
  }

  private static String todayKey(String name) {
    return java.time.LocalDate.now(ZoneOffset.UTC) + "/" + name;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static AssetStore.Source source(byte[] bytes, String type) {
    return counting(bytes, type, new AtomicInteger());
  }

  private static AssetStore.Source counting(byte[] bytes, String type, AtomicInteger opened) {
    return () -> {
      opened.incrementAndGet();
      return content(new ByteArrayInputStream(bytes), type, OptionalLong.empty());
    };
  }

  private static AssetStore.Source sized(byte[] bytes, String type, long declared) {
    return () -> content(new ByteArrayInputStream(bytes), type, OptionalLong.of(declared));
  }

  static AssetStore.Source.Content content(InputStream in, String type, OptionalLong length) {
    return new AssetStore.Source.Content() {
      @Override
      public InputStream stream() {
        return in;
      }

      @Override
      public Optional<String> mediaType() {
        return Optional.of(type);
      }

      @Override
      public OptionalLong length() {
        return length;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
