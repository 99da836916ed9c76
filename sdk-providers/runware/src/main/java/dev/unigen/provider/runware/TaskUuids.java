package dev.unigen.provider.runware;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code taskUUID} of a call: Runware wants a client-made UUID v4 per task. The call id is
 * used as it is when it is a UUID; otherwise a v4-shaped UUID is derived from its SHA-256, so a
 * retry of the same call sends the same task UUID.
 */
final class TaskUuids {
  private TaskUuids() {}

  static String of(String callId) {
    try {
      UUID u = UUID.fromString(callId);
      if (u.toString().equalsIgnoreCase(callId) && u.version() == 4) return u.toString();
    } catch (IllegalArgumentException notAUuid) {
      // derive one below
    }
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest(callId.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    h[6] = (byte) ((h[6] & 0x0f) | 0x40);  // version 4
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);  // IETF variant
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong()).toString().toLowerCase(Locale.ROOT);
  }
}
