package dev.unigen.spi.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps secrets out of text: every API key a provider reads is registered here, and
 * {@link #redact(String)} replaces each occurrence — and any token starting with its first eight
 * characters, as some providers echo a key's prefix — with {@code ***}. Threadsafe.
 */
public final class Redactor {
  private static final int MIN_SECRET = 8;
  private final Set<String> secrets = ConcurrentHashMap.newKeySet();

  /**
   * Registers {@code secret}, and each part of a composite key (fal's {@code id:secret}, a
   * {@code user:password}), since an error may echo one part alone. Short values (under 8
   * characters) are not tracked.
   */
  public void register(String secret) {
    if (secret == null) return;
    if (secret.length() >= MIN_SECRET) secrets.add(secret);
    for (String part : secret.split("[:@]")) {
      if (part.length() >= MIN_SECRET && !part.equals(secret)) secrets.add(part);
    }
  }

  /**
   * Returns {@code text} with every registered secret replaced, and also any token that starts
   * with a secret's first eight characters, since providers echo keys partly ("sk-abc…xyz").
   */
  public String redact(String text) {
    if (text == null || secrets.isEmpty()) return text;
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) out = out.replace(s, "***");
    }
    for (String s : secrets) {
      String prefix = s.substring(0, MIN_SECRET);
      int i = out.indexOf(prefix);
      while (i >= 0) {
        int end = i + MIN_SECRET;
        while (end < out.length() && isTokenChar(out.charAt(end))) end++;
        out = out.substring(0, i) + "***" + out.substring(end);
        i = out.indexOf(prefix, i + 3);
      }
    }
    return out;
  }

  private static boolean isTokenChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '*' || c == ':';
  }

  @Override
  public String toString() {
    return "Redactor(" + secrets.size() + " secrets)";
  }
}
