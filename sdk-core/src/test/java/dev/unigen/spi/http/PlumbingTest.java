package dev.unigen.spi.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.request.Media;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.Headers;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlumbingTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void retryAfterInItsThreeForms() {
    assertEquals(Optional.of(Duration.ofMillis(250)), RetryAfter.parse(Headers.of("retry-after-ms", "250", "retry-after", "9"), CLOCK));
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse(Headers.of("Retry-After", "30"), CLOCK));
    // an HTTP date 90 s after the clock
    assertEquals(Optional.of(Duration.ofSeconds(90)),
        RetryAfter.parse(Headers.of("Retry-After", "Mon, 23 Nov 2026 10:01:30 GMT"), CLOCK));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(Headers.of("Retry-After", "Mon, 23 Nov 2026 09:00:00 GMT"), CLOCK));
    assertEquals(Optional.empty(), RetryAfter.parse(Headers.of(), CLOCK));
    assertEquals(Optional.empty(), RetryAfter.parse(Headers.of("Retry-After", "soon"), CLOCK));
  }

  @Test
  void seedsKeepAll64Bits() {
    // fal's documented example seed is above 2^53
    assertEquals(OptionalLong.of(196619188014358660L), Seeds.parse(Json.object(Json.parse("{\"seed\":196619188014358660}")).get("seed")));
    // a seed is signed 64-bit: 2^63 - 1 is one, Runware's documented bound 9223372036854776000 (above it) is not
    assertEquals(OptionalLong.of(Long.MAX_VALUE), Seeds.parse(new java.math.BigDecimal("9223372036854775807")));
    assertEquals(OptionalLong.empty(), Seeds.parse(new java.math.BigDecimal("9223372036854776000")));
    assertEquals(OptionalLong.of(42), Seeds.parse("42"));
    assertEquals(OptionalLong.empty(), Seeds.parse("4.5"));
    assertEquals(OptionalLong.empty(), Seeds.parse(new java.math.BigDecimal("18446744073709551616")));
  }

  @Test
  void dataUrisBothWays() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    String uri = DataUri.encode(png, "image/png");
    assertEquals("data:image/png;base64,iVBORw0KGgo=", uri);
    DataUri d = DataUri.parse(uri);
    assertEquals("image/png", d.mediaType());
    assertArrayEquals(png, d.bytes());
    assertArrayEquals(png, DataUri.decodeBase64("iVBORw0KGgo"));
    assertThrows(IllegalArgumentException.class, () -> DataUri.parse("data:image/png,notbase64"));
  }

  @Test
  void errorBodiesAndStatusesMapToTypes() {
    Redactor r = new Redactor();
    Headers none = Headers.of();
    assertTrue(HttpErrors.map("p", 401, "{\"detail\":\"bad token\"}", none, r, CLOCK) instanceof AuthenticationException);
    assertTrue(HttpErrors.map("p", 402, "{}", none, r, CLOCK) instanceof InsufficientCreditException);
    assertTrue(HttpErrors.map("p", 422, "{}", none, r, CLOCK) instanceof InvalidRequestException);
    // a model this provider lacks is no reason to stop failing over
    assertEquals(false, ((ProviderFailureException) HttpErrors.map("p", 404, "{\"detail\":\"Not Found\"}", none, r, CLOCK)).retryable());
    GenerationException limited = HttpErrors.map("p", 429, "{}", Headers.of("Retry-After", "7"), r, CLOCK);
    assertEquals(Optional.of(Duration.ofSeconds(7)), ((RateLimitedException) limited).retryAfter());
    assertTrue(((ProviderFailureException) HttpErrors.map("p", 503, "", none, r, CLOCK)).retryable());
    assertEquals(false, ((ProviderFailureException) HttpErrors.map("p", 500, "", none, r, CLOCK)).retryable());
    // the shapes providers use
    assertEquals("quota exceeded", HttpErrors.message("{\"error\":{\"message\":\"quota exceeded\",\"type\":\"x\"}}"));
    assertEquals("Unauthenticated detail", HttpErrors.message("{\"title\":\"Unauthenticated\",\"detail\":\"Unauthenticated detail\",\"status\":401}"));
    assertEquals("[body, prompt]: field required", HttpErrors.message("{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\"}]}"));
    assertEquals("some-field: is required", HttpErrors.message("{\"id\":\"a1\",\"name\":\"bad_request\",\"errors\":[\"some-field: is required\"]}"));
    assertEquals("Invalid API key", HttpErrors.message("{\"errors\":[{\"code\":\"invalidApiKey\",\"message\":\"Invalid API key\"}]}"));
    assertEquals("Model X is currently loading", HttpErrors.message("{\"error\":\"Model X is currently loading\",\"estimated_time\":20.0}"));
    assertEquals("<html>bad gateway</html>", HttpErrors.message("<html>bad gateway</html>"));
    assertEquals("(no body)", HttpErrors.message(""));
  }

  @Test
  void multipartCarriesFieldsAndFiles(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("cat.png");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    Buffer sink = new Buffer();
    new Multipart().field("prompt", "a cat").file("image", Media.file(png)).build().writeTo(sink);
    String body = sink.readString(StandardCharsets.ISO_8859_1);
    assertTrue(body.contains("name=\"prompt\"") && body.contains("a cat"), body);
    assertTrue(body.contains("name=\"image\"; filename=\"cat.png\"") && body.contains("Content-Type: image/png"), body);
    Buffer empty = new Buffer();
    new Multipart().build().writeTo(empty);
    assertTrue(empty.readUtf8().contains("name=\"none\""));
  }

  @Test
  void requestBodiesAreWrittenWithExactNumbers() {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("prompt", "a \"red\" bicycle");
    body.put("guidance", new java.math.BigDecimal("2.50"));
    body.put("seed", 4294967295L);
    body.put("strength", 0.1d);
    body.put("skipped", null);
    body.put("sizes", java.util.List.of(1024, 768L));
    body.put("nested", java.util.Map.of("on", true));
    assertEquals("{\"prompt\":\"a \\\"red\\\" bicycle\",\"guidance\":2.50,\"seed\":4294967295,"
        + "\"strength\":0.1,\"sizes\":[1024,768],\"nested\":{\"on\":true}}", Json.write(body));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.write(java.util.Map.of("when", java.time.Instant.EPOCH)));
    assertEquals("$.when: a Instant has no JSON form", e.getMessage());
  }

  @Test
  void mediaTypesAreSniffed() {
    assertEquals("image/jpeg", MediaContent.sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}, "x"));
    assertEquals("image/webp", MediaContent.sniff("RIFF0000WEBP".getBytes(StandardCharsets.US_ASCII), "x"));
    assertEquals("application/zip", MediaContent.sniff(new byte[] {'P', 'K', 3, 4}, "x"));
    assertEquals("video/mp4", MediaContent.sniff(new byte[] {1, 2}, "clip.mp4"));
  }
}
