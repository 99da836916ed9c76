package dev.unigen.catalog;

import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonPathException;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Subscription;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the catalog JSON format documented in {@code docs/catalog.md}. */
final class CatalogReader {
  static final int FORMAT = 1;

  private CatalogReader() {}

  static Catalog read(String json, String sourceName) {
    JsonFields doc;
    try {
      doc = JsonFields.of(JsonTree.parse(json), "$");
    } catch (JsonPathException e) {
      throw new CatalogException(sourceName + ": " + e.getMessage(), e);
    }
    try {
      long format = doc.integer("format").orElseThrow(() -> doc.error("format", "is required"));
      if (format != FORMAT) throw doc.error("format", "unsupported format " + format + "; this version reads " + FORMAT);
      String defaultProvider = doc.string("provider").orElse(null);
      List<Subscription> subscriptions = new ArrayList<>();
      Set<String> plans = new HashSet<>();
      for (JsonFields s : doc.objects("subscriptions")) {
        Subscription sub = subscription(s, defaultProvider);
        if (!plans.add(sub.provider() + "/" + sub.name())) throw new JsonPathException(s.path(), "duplicate subscription " + sub.provider() + "/" + sub.name());
        subscriptions.add(sub);
      }
      List<JsonFields> rows = doc.objects("offers");
      doc.rejectUnknown();
      List<Offer> offers = new ArrayList<>(rows.size());
      Set<String> keys = new HashSet<>();
      for (JsonFields row : rows) {
        String id = identify(row, defaultProvider);
        Offer offer;
        try {
          offer = offer(row, defaultProvider);
        } catch (JsonPathException e) {
          throw new CatalogException(sourceName + ": " + location(e.path()) + " (" + id + "): "
              + afterOffer(e.path()) + e.problem(), e);
        }
        if (!keys.add(offer.key())) {
          throw new CatalogException(sourceName + ": " + location(row.path()) + " (" + id + "): duplicate offer");
        }
        offers.add(offer);
      }
      return Catalog.of(offers, subscriptions);
    } catch (JsonPathException e) {
      throw new CatalogException(sourceName + ": " + e.getMessage(), e);
    }
  }

  /** "$.offers[3].price.kind" → "offers[3]". */
  private static String location(String path) {
    String p = path.startsWith("$.") ? path.substring(2) : path;
    int close = p.indexOf(']');
    return close > 0 ? p.substring(0, close + 1) : p;
  }

  /** "$.offers[3].price.kind" → "price.kind: ". */
  private static String afterOffer(String path) {
    int close = path.indexOf(']');
    if (close < 0 || close + 2 > path.length()) return "";
    return path.substring(close + 2) + ": ";
  }

  private static String identify(JsonFields row, String defaultProvider) {
    Object provider = peek(row, "provider");
    Object model = peek(row, "model");
    return (provider instanceof String ? provider : defaultProvider) + "/" + (model instanceof String ? model : "?");
  }

  private static Object peek(JsonFields row, String key) {
    // Reading marks a field as used; reading it again in offer() is harmless.
    try {
      return row.string(key).orElse(null);
    } catch (JsonPathException e) {
      return null;
    }
  }

  private static Offer offer(JsonFields f, String defaultProvider) {
    String provider = f.string("provider").orElse(defaultProvider);
    if (provider == null) throw f.error("provider", "is required (or give one for the whole file)");
    String model = f.requireString("model");
    if (!Offer.isValidName(provider)) throw f.error("provider", "must be lowercase [a-z0-9.-]: '" + provider + "'");
    if (!Offer.isValidName(model)) throw f.error("model", "must be lowercase [a-z0-9.-]: '" + model + "'");
    Offer.Builder b = Offer.builder(provider, model);
    List<String> taskNames = f.strings("tasks");
    if (taskNames.isEmpty()) throw f.error("tasks", "needs at least one task");
    for (int i = 0; i < taskNames.size(); i++) {
      String name = taskNames.get(i);
      String where = f.path("tasks") + "[" + i + "]";
      Task task = Task.fromWireName(name).orElseThrow(() -> new JsonPathException(
          where, "unknown task '" + name + "'"));
      b.tasks(task);
    }
    f.string("endpoint").ifPresent(b::endpoint);
    Optional<JsonFields> endpoints = f.object("endpoints");
    if (endpoints.isPresent()) {
      for (String name : taskNames) {
        endpoints.get().string(name).ifPresent(e -> b.endpoint(Task.fromWireName(name).get(), e));
      }
      endpoints.get().rejectUnknown();
    }
    if (!f.has("endpoint") && endpoints.isEmpty()) throw f.error("endpoint", "is required");
    Optional<JsonFields> caps = f.object("capabilities");
    if (caps.isPresent()) b.capabilities(capabilities(caps.get()));
    if (f.has("price")) b.price(PriceRule.fromJsonValue(f.raw("price"), f.path("price")));
    b.provenance(date(f, "asOf"), f.requireString("source"));
    f.string("notes").ifPresent(b::notes);
    Optional<JsonFields> rate = f.object("rateLimit");
    if (rate.isPresent()) b.rateLimit(rateLimit(rate.get()));
    Optional<String> confidence = f.string("confidence");
    if (confidence.isPresent()) {
      if (confidence.get().equals("third-party")) b.confidence(Offer.Confidence.THIRD_PARTY);
      else if (!confidence.get().equals("official")) throw f.error("confidence", "must be official or third-party, not '" + confidence.get() + "'");
    }
    Optional<JsonFields> retires = f.object("retires");
    if (retires.isPresent()) {
      b.retires(date(retires.get(), "date"), retires.get().requireString("source"));
      retires.get().rejectUnknown();
    }
    f.rejectUnknown();
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new JsonPathException(f.path(), e.getMessage());
    }
  }

  private static Offer.RateLimit rateLimit(JsonFields r) {
    Optional<BigDecimal> perSecond = r.nonNegative("requestsPerSecond");
    Optional<BigDecimal> perMinute = r.nonNegative("requestsPerMinute");
    if (perSecond.isPresent() && perMinute.isPresent()) {
      throw r.error("requestsPerMinute", "give requestsPerSecond or requestsPerMinute, not both");
    }
    double rate = perSecond.map(BigDecimal::doubleValue)
        .orElse(perMinute.map(m -> m.doubleValue() / 60).orElse(0d));
    if ((perSecond.isPresent() || perMinute.isPresent()) && rate <= 0) {
      throw r.error(perSecond.isPresent() ? "requestsPerSecond" : "requestsPerMinute", "must be above 0");
    }
    int concurrent = r.positiveInt("concurrent").orElse(0);
    String scope = r.string("scope").orElse("offer");
    if (!scope.equals("offer") && !scope.equals("provider")) {
      throw r.error("scope", "must be offer or provider, not '" + scope + "'");
    }
    r.rejectUnknown();
    if (rate == 0 && concurrent == 0) throw new JsonPathException(r.path(), "needs requestsPerSecond, requestsPerMinute or concurrent");
    return scope.equals("provider") ? Offer.RateLimit.sharedByProvider(rate, concurrent) : Offer.RateLimit.of(rate, concurrent);
  }

  static LocalDate date(JsonFields f, String key) {
    String text = f.requireString(key);
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw f.error(key, "not an ISO date (YYYY-MM-DD): '" + text + "'");
    }
  }

  private static Capabilities capabilities(JsonFields f) {
    Capabilities.Builder b = Capabilities.builder();
    if (f.has("sizes")) {
      Object raw = f.raw("sizes");
      if (raw instanceof List) {
        List<String> sizes = f.strings("sizes");
        for (int i = 0; i < sizes.size(); i++) b.size(size(f.path("sizes") + "[" + i + "]", sizes.get(i)));
      } else {
        JsonFields r = f.object("sizes").get();
        int min = r.positiveInt("min").orElse(0);
        int max = r.positiveInt("max").orElse(0);
        int multiple = r.positiveInt("multipleOf").orElse(1);
        if (max > 0 && max < min) throw r.error("max", "is below min");
        b.sizeRange(min, max, multiple);
        r.nonNegative("maxMegapixels").ifPresent(b::maxMegapixels);
        r.rejectUnknown();
      }
    }
    f.string("defaultSize").ifPresent(s -> b.defaultSize(size(f.path("defaultSize"), s)));
    f.strings("aspectRatios").forEach(b::aspectRatio);
    f.positiveInt("maxCount").ifPresent(b::maxCount);
    f.integer("maxReferences").ifPresent(n -> b.maxReferences(nonNegativeInt(f, "maxReferences", n)));
    f.integer("maxLoras").ifPresent(n -> b.maxLoras(nonNegativeInt(f, "maxLoras", n)));
    List<String> kinds = f.strings("controlNets");
    for (int i = 0; i < kinds.size(); i++) {
      String k = kinds.get(i);
      int index = i;
      b.controlNet(ControlNet.Kind.fromWireName(k).orElseThrow(() -> new JsonPathException(
          f.path("controlNets") + "[" + index + "]", "unknown ControlNet kind '" + k + "'")));
    }
    f.bool("requiresControlNet").ifPresent(b::requiresControlNet);
    if (f.has("durations")) {
      Object raw = f.raw("durations");
      if (raw instanceof List) {
        f.decimals("durations").forEach(b::duration);
      } else {
        JsonFields r = f.object("durations").get();
        BigDecimal min = r.nonNegative("min").orElse(null);
        BigDecimal max = r.nonNegative("max").orElse(null);
        if (min != null && max != null && max.compareTo(min) < 0) throw r.error("max", "is below min");
        b.durationRange(min, max);
        r.rejectUnknown();
      }
    }
    f.nonNegative("defaultDuration").ifPresent(s -> b.defaultDuration(Duration.ofMillis(s.movePointRight(3).longValue())));
    f.strings("resolutions").forEach(b::resolution);
    wholeNumbers(f, "fps").forEach(b::fps);
    f.bool("audio").ifPresent(b::audio);
    f.bool("voiceControl").ifPresent(b::voiceControl);
    f.bool("jsonSchema").ifPresent(b::jsonSchema);
    wholeNumbers(f, "upscaleFactors").forEach(b::upscaleFactor);
    Optional<JsonFields> seeds = f.object("seeds");
    if (seeds.isPresent()) {
      JsonFields r = seeds.get();
      long min = r.integer("min").orElse(0L);
      long max = r.integer("max").orElseThrow(() -> r.error("max", "is required"));
      if (min < 0) throw r.error("min", "must not be negative");
      if (max < min) throw r.error("max", "is below min");
      b.seedRange(min, max);
      r.rejectUnknown();
    }
    f.rejectUnknown();
    return b.build();
  }

  private static List<Integer> wholeNumbers(JsonFields f, String key) {
    List<BigDecimal> values = f.decimals(key);
    List<Integer> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      BigDecimal v = values.get(i);
      if (v.signum() <= 0 || v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
        throw new JsonPathException(f.path(key) + "[" + i + "]", "expected a positive whole number, was " + v.toPlainString());
      }
      out.add(v.intValueExact());
    }
    return out;
  }

  private static int nonNegativeInt(JsonFields f, String key, long n) {
    if (n < 0 || n > Integer.MAX_VALUE) throw f.error(key, "must be a whole number of at least 0");
    return (int) n;
  }

  private static Size size(String path, String text) {
    try {
      return Size.parse(text);
    } catch (IllegalArgumentException e) {
      throw new JsonPathException(path, e.getMessage());
    }
  }

  private static Subscription subscription(JsonFields f, String defaultProvider) {
    String provider = f.string("provider").orElse(defaultProvider);
    if (provider == null) throw f.error("provider", "is required");
    String code = f.string("currency").orElse("USD");
    Currency currency;
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw f.error("currency", "unknown currency '" + code + "'");
    }
    Subscription.Builder b = Subscription.builder(provider, f.requireString("name"))
        .monthlyFee(Money.of(f.requireNonNegative("monthlyFee"), currency))
        .includedCredit(Money.of(f.nonNegative("includedCredit").orElse(BigDecimal.ZERO), currency));
    Optional<JsonFields> quota = f.object("freeQuota");
    if (quota.isPresent()) {
      b.freeQuota(quota.get().requireNonNegative("units"), quota.get().requireString("unit"));
      quota.get().rejectUnknown();
    }
    b.provenance(date(f, "asOf").toString(), f.requireString("source"));
    f.rejectUnknown();
    return b.build();
  }
}
