package dev.unigen.provider.runware;

import dev.unigen.assets.Asset;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.runware.wire.ResultItem;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.DataUri;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns Runware result items into a {@link ProviderOutput}: one {@link Asset} per result (its URL,
 * or its bytes when the result came inline), and a {@link Usage} of what was produced. Runware
 * reports the cost of every result in US dollars; their sum is the reported cost, which wins over
 * any computation.
 */
final class RunwareOutputs {
  private RunwareOutputs() {}

  /**
   * The distinct results among {@code items}: items with readable media (a URL or inline content;
   * a bare UUID cannot be fetched), deduplicated by their media UUID
   * (a {@code getResponse} poll repeats every result already delivered).
   */
  static List<ResultItem> distinctResults(List<ResultItem> items) {
    List<ResultItem> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (ResultItem i : items) {
      if (!i.hasContent() || i.status().map("error"::equals).orElse(false)) continue;
      String key = i.mediaUUID().orElse(i.url().orElse(String.valueOf(out.size())));
      if (seen.add(key)) out.add(i);
    }
    return out;
  }

  static ProviderOutput build(PreparedTask task, List<ResultItem> results, List<String> warnings) {
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(task.taskUUID());
    Usage.Builder usage = Usage.builder().count(results.size()).requests(1).loras(task.loras());
    BigDecimal cost = null;
    for (ResultItem i : results) {
      Asset.Builder a = Asset.builder(mediaType(i, task.mediaType()));
      if (i.url().isPresent()) a.url(i.url().get());
      else if (i.dataUri().isPresent()) a.bytes(DataUri.parse(i.dataUri().get()).bytes());
      else a.bytes(DataUri.decodeBase64(i.base64().get()));
      if (task.size() != null) {
        a.size(task.size().width(), task.size().height());
        usage.image(task.size().width(), task.size().height());
      }
      if (task.seconds() != null) a.durationSeconds(task.seconds());
      i.seed().ifPresent(a::seed);
      a.nsfw(i.nsfw());
      out.asset(a.build());
      if (i.cost().isPresent()) cost = cost == null ? i.cost().get() : cost.add(i.cost().get());
    }
    if (task.seconds() != null) usage.outputSeconds(task.seconds());
    if (task.resolution() != null) usage.resolution(task.resolution());
    if (cost != null) usage.reportedCost(Money.usd(cost));
    out.usage(usage.build());
    warnings.forEach(out::warning);
    return out.build();
  }

  /** The media type from the URL's extension when it has a known one, else the one asked for. */
  private static String mediaType(ResultItem i, String asked) {
    if (i.dataUri().isPresent()) {
      String d = i.dataUri().get();
      int semi = d.indexOf(';');
      if (d.startsWith("data:") && semi > 5) return d.substring(5, semi);
    }
    String url = i.url().orElse("");
    int q = url.indexOf('?');
    String path = (q >= 0 ? url.substring(0, q) : url).toLowerCase(Locale.ROOT);
    if (path.endsWith(".png")) return "image/png";
    if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
    if (path.endsWith(".webp")) return "image/webp";
    if (path.endsWith(".mp4")) return "video/mp4";
    if (path.endsWith(".webm")) return "video/webm";
    if (path.endsWith(".mov")) return "video/quicktime";
    return asked;
  }
}
