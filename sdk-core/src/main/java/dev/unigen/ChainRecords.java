package dev.unigen;

import dev.unigen.assets.Asset;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.Usage;
import dev.unigen.spi.JobRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * How a chain step's outputs are kept in its journal entry, and read back after a restart: each
 * asset as its file, its URL, or a data URI of its bytes, and a text output as a
 * {@code data:text/plain} URI.
 */
final class ChainRecords {
  private static final String TEXT = "data:text/plain;charset=utf-8;base64,";

  private ChainRecords() {}

  /** Where {@code asset} can be read again after a restart. */
  static String location(Asset asset) {
    if (asset.file().isPresent()) return asset.file().get().toString();
    if (asset.url().isPresent()) return asset.url().get();
    return "data:" + asset.mediaType() + ";base64," + Base64.getEncoder().encodeToString(asset.bytes());
  }

  /** A text output as a location. */
  static String textUri(String text) {
    return TEXT + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The generation a succeeded step's journal entry stands for, without its attempts. */
  static Generation generation(JournalEntry e) {
    List<Asset> assets = new ArrayList<>();
    String text = null;
    for (String where : e.assets()) {
      if (where.startsWith(TEXT)) {
        text = new String(Base64.getDecoder().decode(where.substring(TEXT.length())), StandardCharsets.UTF_8);
      } else if (where.startsWith("data:")) {
        assets.add(Asset.builder(where.substring(5, where.indexOf(';'))).url(where).build());
      } else if (where.startsWith("https://") || where.startsWith("http://")) {
        assets.add(Asset.builder(mediaType(where)).url(where).build());
      } else {
        assets.add(Asset.builder(mediaType(where)).file(Path.of(where)).build());
      }
    }
    String endpoint = e.ref().map(r -> r.attributes().get(JobRef.ENDPOINT)).orElse(e.model());
    return new Generation(e.generationId(), e.request(), e.provider(), e.model(), endpoint != null ? endpoint : e.model(),
        assets, text, Usage.builder().build(), cost(e), List.of(), e.created(), e.updated(),
        List.of("restored from the journal after a restart"), null);
  }

  /** The cost a succeeded entry's detail states, as the call wrote it ({@code 0.003 USD COMPUTED ...}). */
  private static Cost cost(JournalEntry e) {
    String[] words = e.detail().split(" ");
    Money estimate = e.estimate().orElse(null);
    try {
      if (words.length >= 3 && !words[0].equals("unpriced")) {
        return new Cost(estimate, Money.of(words[0], words[1]), CostBasis.valueOf(words[2]), "as recorded before a restart", "journal");
      }
    } catch (IllegalArgumentException ignored) {
      // An entry written otherwise: the ledger still holds the real cost.
    }
    return new Cost(estimate, null, CostBasis.UNPRICED, "not readable from the journal; see the ledger", "journal");
  }

  private static String mediaType(String where) {
    String w = where.toLowerCase(Locale.ROOT);
    int q = w.indexOf('?');
    if (q >= 0) w = w.substring(0, q);
    if (w.endsWith(".png")) return "image/png";
    if (w.endsWith(".jpg") || w.endsWith(".jpeg")) return "image/jpeg";
    if (w.endsWith(".webp")) return "image/webp";
    if (w.endsWith(".gif")) return "image/gif";
    if (w.endsWith(".mp4")) return "video/mp4";
    if (w.endsWith(".webm")) return "video/webm";
    return "application/octet-stream";
  }
}
