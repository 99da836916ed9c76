package dev.unigen.provider.fal;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.Json;
import dev.unigen.pricing.PriceRule;
import dev.unigen.provider.fal.wire.PriceList;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Applies fal's pricing API to a catalog: an offer whose endpoint's {@code unit_price} differs from
 * its rule's single unit price gets a rule rebuilt from the module's own JSON with the new price,
 * dated today, sourced to the pricing API and marked as fal's own figure (official confidence, even
 * where the listed price was a third party's). Only the per-unit kinds carry one price to replace
 * ({@code per-megapixel}, {@code per-image} with one price, {@code per-second} with one price,
 * {@code per-request}, {@code per-step} with one price, {@code compute-seconds}); tables, tiers
 * and clips are left as they are, and so is an offer whose fal unit does not fit its rule (a
 * per-second rule against an image unit, say) or whose currency differs.
 */
final class PriceRefresh {
  private static final String RESOURCE = Catalog.RESOURCE;

  /** The module's own price objects by model, as written in its catalog.json. */
  private final Map<String, Map<String, Object>> rawPrices;

  private PriceRefresh(Map<String, Map<String, Object>> rawPrices) {
    this.rawPrices = rawPrices;
  }

  /** Reads the price objects of the catalog.json beside {@code owner}. */
  static PriceRefresh ofModule(Class<?> owner) {
    String self = owner.getName().replace('.', '/') + ".class";
    URL classUrl = owner.getResource("/" + self);
    if (classUrl == null) throw new IllegalStateException("cannot locate " + owner.getName());
    String base = classUrl.toString().substring(0, classUrl.toString().length() - self.length());
    String json;
    try (InputStream in = new URL(base + RESOURCE).openStream()) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("no " + RESOURCE + " beside " + owner.getName(), e);
    }
    Map<String, Map<String, Object>> prices = new HashMap<>();
    for (Object item : Json.array(Json.object(Json.parse(json)), "offers")) {
      Map<String, Object> offer = Json.object(item);
      Object price = offer.get("price");
      if (price instanceof Map) prices.put(Json.string(offer, "model").orElse(""), Json.object(price));
    }
    return new PriceRefresh(prices);
  }

  /** The endpoints whose prices to ask for: each priced offer's main endpoint. */
  static List<String> endpoints(Catalog catalog) {
    List<String> ids = new ArrayList<>();
    for (Offer o : catalog.offers()) {
      if (o.price().isPresent() && !ids.contains(o.endpoint())) ids.add(o.endpoint());
    }
    return ids;
  }

  /** Returns {@code catalog} with the prices in {@code found} applied, dated {@code today}. */
  Catalog apply(Catalog catalog, Map<String, PriceList.Price> found, LocalDate today, String source) {
    List<Offer> offers = new ArrayList<>();
    for (Offer o : catalog.offers()) offers.add(updated(o, found.get(o.endpoint()), today, source).orElse(o));
    return Catalog.of(offers, catalog.subscriptions());
  }

  private Optional<Offer> updated(Offer o, PriceList.Price p, LocalDate today, String source) {
    if (p == null || o.price().isEmpty()) return Optional.empty();
    PriceRule rule = o.price().get();
    Map<String, Object> raw = rawPrices.get(o.model());
    if (raw == null) return Optional.empty();
    String field = priceField(rule.kind(), raw);
    if (field == null || !fits(rule.kind(), p.unit())) return Optional.empty();
    if (!rule.currency().getCurrencyCode().equalsIgnoreCase(p.currency())) return Optional.empty();
    Optional<BigDecimal> current = rule.unitPrice().map(m -> m.amount());
    if (current.isPresent() && current.get().compareTo(p.unitPrice()) == 0) return Optional.empty();
    Map<String, Object> changed = new LinkedHashMap<>(raw);
    changed.put(field, p.unitPrice());
    PriceRule fresh = PriceRule.fromJsonValue(changed, "$.offers[" + o.model() + "].price");
    String note = "Unit price $" + p.unitPrice().toPlainString() + " per '" + p.unit() + "' read from fal's pricing API on "
        + today + " (was " + current.map(BigDecimal::toPlainString).orElse("?") + ").";
    return Optional.of(o.toBuilder().price(fresh).provenance(today, source).confidence(Offer.Confidence.OFFICIAL)
        .notes(o.notes().map(n -> note + " " + n).orElse(note)).build());
  }

  /** The field holding the single unit price of a rule of {@code kind}, or null if there is none. */
  private static String priceField(String kind, Map<String, Object> raw) {
    switch (kind) {
      case "per-megapixel":
      case "per-request":
        return "price";
      case "per-image":
      case "per-second":
      case "per-step":
        return raw.containsKey("price") ? "price" : null;
      case "compute-seconds":
        return "perSecond";
      default:
        return null;
    }
  }

  /** Whether fal's billing unit can be the unit of a rule of {@code kind}. */
  static boolean fits(String kind, String unit) {
    String u = unit.toLowerCase(Locale.ROOT);
    boolean seconds = u.contains("second");
    boolean image = u.contains("image") || u.contains("megapixel") || u.equals("mp");
    boolean request = u.contains("request") || u.contains("call") || u.contains("run");
    boolean step = u.contains("step");
    switch (kind) {
      case "per-megapixel":
      case "per-image":
        return image;
      case "per-second":
        return seconds && !u.contains("gpu") && !u.contains("compute");
      case "per-request":
        return request || image;
      case "per-step":
        return step;
      case "compute-seconds":
        return seconds;
      default:
        return false;
    }
  }
}
