package dev.unigen.spi.http;

import dev.unigen.spi.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies webhooks signed the Standard Webhooks way: headers {@code webhook-id},
 * {@code webhook-timestamp} (epoch seconds) and {@code webhook-signature} (space-separated
 * {@code <version>,<signature>} entries), over {@code id + "." + timestamp + "." + body} with
 * HMAC-SHA256. Replicate uses version {@code v1} with base64 signatures and a key that is the
 * base64-decoded part of its {@code whsec_} secret; WaveSpeed uses {@code v3} with hex signatures
 * and the secret after {@code whsec_} as the key bytes. Immutable and threadsafe.
 */
public final class StandardWebhooks {
  /** How far a timestamp may be from now. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final String provider;
  private final byte[] key;
  private final String version;
  private final boolean hex;
  private final Clock clock;

  private StandardWebhooks(String provider, byte[] key, String version, boolean hex, Clock clock) {
    this.provider = provider;
    this.key = key;
    this.version = version;
    this.hex = hex;
    this.clock = clock;
  }

  /**
   * Replicate's scheme: {@code secret} is {@code whsec_<base64 key>}.
   *
   * @throws IllegalArgumentException if the secret is not of that form
   */
  public static StandardWebhooks replicate(String secret, Clock clock) {
    if (!secret.startsWith("whsec_")) throw new IllegalArgumentException("a Replicate webhook secret starts with whsec_");
    return new StandardWebhooks("replicate", Base64.getDecoder().decode(secret.substring(6)), "v1", false, clock);
  }

  /** WaveSpeed's scheme: the key is the secret without its {@code whsec_} prefix, as bytes. */
  public static StandardWebhooks wavespeed(String secret, Clock clock) {
    String raw = secret.startsWith("whsec_") ? secret.substring(6) : secret;
    return new StandardWebhooks("wavespeed", raw.getBytes(StandardCharsets.UTF_8), "v3", true, clock);
  }

  /**
   * Checks the delivery and returns its {@code webhook-id}, to detect replays.
   *
   * @throws WebhookRejectedException if a header is missing, the timestamp is more than
   *     {@link #TOLERANCE} away from the clock, or no signature matches
   */
  public String verify(Map<String, List<String>> headers, byte[] body) {
    String id = Headers.require(headers, "webhook-id", provider);
    String timestamp = Headers.require(headers, "webhook-timestamp", provider);
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new WebhookRejectedException(provider, "webhook-timestamp is not a number");
    }
    // Compared as bounds, not as a difference, which an extreme timestamp would overflow.
    long now = clock.instant().getEpochSecond();
    if (seconds < now - TOLERANCE.getSeconds() || seconds > now + TOLERANCE.getSeconds()) {
      throw new WebhookRejectedException(provider, "webhook-timestamp is outside the " + TOLERANCE.toMinutes() + " minute window");
    }
    byte[] expected = sign(id + "." + timestamp.trim() + ".", body);
    for (String entry : Headers.require(headers, "webhook-signature", provider).trim().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals(version)) continue;
      byte[] given;
      try {
        given = hex ? HexFormat.of().parseHex(entry.substring(comma + 1)) : Base64.getDecoder().decode(entry.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) return id;
    }
    throw new WebhookRejectedException(provider, "no webhook-signature matches");
  }

  private byte[] sign(String prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "StandardWebhooks(" + provider + ", " + version + ")";
  }
}
