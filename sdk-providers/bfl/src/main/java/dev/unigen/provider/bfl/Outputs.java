package dev.unigen.provider.bfl;

import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.bfl.wire.ResultResponse;
import dev.unigen.request.Size;
import dev.unigen.spi.ProviderOutput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Builds what a ready BFL task produced: one image at the signed {@code result.sample} URL (valid
 * 10 minutes; the generator's asset store saves it before it expires, when one is set), with the
 * seed BFL reports, and the {@link Usage} that prices it — the cost BFL reported at submit
 * (credits × $0.01) as the actual cost, plus the megapixels BFL counted and the sizes sent.
 * Stateless.
 */
final class Outputs {
  /** What one BFL credit is worth: $0.01 (docs.bfl.ai, pricing). */
  static final BigDecimal CREDIT_USD = new BigDecimal("0.01");

  private Outputs() {}

  /** The output of a task whose result is at {@code sample}. */
  static ProviderOutput ready(String id, JobInfo info, ResultResponse res, String sample) {
    Asset.Builder asset = Asset.builder(mediaType(sample, info.format())).url(sample);
    if (info.size() != null) asset.size(info.size().width(), info.size().height());
    res.seed().ifPresent(asset::seed);
    ProviderOutput.Builder out = ProviderOutput.builder().asset(asset.build()).usage(usage(info)).providerRequestId(id);
    info.warnings().forEach(out::warning);
    return out.build();
  }

  /** What one task produced, for pricing. */
  static Usage usage(JobInfo info) {
    Usage.Builder u = Usage.builder().requests(1);
    if (info.size() != null) {
      u.image(info.size().width(), info.size().height());
    } else {
      u.count(1);
    }
    if (info.outputMegapixels() != null) u.outputMegapixels(info.outputMegapixels());
    if (info.inputMegapixels() != null) u.inputMegapixels(info.inputMegapixels());
    for (Size s : info.inputSizes()) u.inputImage(s.width(), s.height());
    if (info.inputs() > 0) u.references(info.inputs());
    if (info.cost() != null) u.reportedCost(Money.usd(info.cost().multiply(CREDIT_USD)));
    return u.build();
  }

  /** The media type from the sample's file name ({@code sample.jpeg}), else from the format asked. */
  static String mediaType(String sample, String format) {
    HttpUrl url = HttpUrl.parse(sample);
    if (url != null && !url.pathSegments().isEmpty()) {
      String last = url.pathSegments().get(url.pathSegments().size() - 1).toLowerCase(Locale.ROOT);
      if (last.endsWith(".png")) return "image/png";
      if (last.endsWith(".jpeg") || last.endsWith(".jpg")) return "image/jpeg";
      if (last.endsWith(".webp")) return "image/webp";
    }
    switch (format == null ? "" : format) {
      case "png": return "image/png";
      case "webp": return "image/webp";
      default: return "image/jpeg";
    }
  }

  /**
   * Progress from BFL's {@code progress}: a fraction (0..1) is read as such, a larger number as a
   * percentage.
   */
  static Progress progress(ResultResponse res) {
    Integer percent = null;
    if (res.progress().isPresent()) {
      BigDecimal p = res.progress().get();
      if (p.compareTo(BigDecimal.ONE) <= 0) p = p.movePointRight(2);
      percent = p.setScale(0, RoundingMode.HALF_UP).max(BigDecimal.ZERO).min(BigDecimal.valueOf(100)).intValue();
    }
    return new Progress(res.status(), null, percent, List.of());
  }

  /** The {@code details} of an answer as text, or empty. */
  static String details(ResultResponse res) {
    return res.details().map(String::valueOf).orElse("");
  }
}
