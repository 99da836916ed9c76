package dev.unigen.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name closest to a misspelled one, for "did you mean" hints in error messages.
 * Internal: not a public API. Threadsafe.
 */
public final class Suggest {
  private Suggest() {}

  /**
   * The candidate nearest to {@code word} by edit distance, ignoring case, if one is near enough
   * to be a likely misspelling (at most a third of the word's letters differ, and at most 3).
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(3, w.length() / 3));
    String best = null;
    int bestDistance = limit + 1;
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT), bestDistance);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code " (did you mean 'x'?)"} for the closest candidate, or an empty string. */
  public static String didYouMean(String word, Collection<String> candidates) {
    return closest(word, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  /** Levenshtein distance, giving up (returning {@code cap}) once every path costs at least {@code cap}. */
  static int distance(String a, String b, int cap) {
    if (Math.abs(a.length() - b.length()) >= cap) return cap;
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin >= cap) return cap;
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[b.length()], cap);
  }
}
