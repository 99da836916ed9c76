package dev.unigen.provider.xai;

import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Task;
import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text offers of {@code GET /v1/language-models}: one offer per model id (its logical model
 * and endpoint), priced by tokens from {@code prompt_text_token_price},
 * {@code cached_prompt_text_token_price}, {@code prompt_image_token_price} and
 * {@code completion_text_token_price}, which are US cents per 100 million tokens, so that 12500
 * is $1.25 per million. The list replaces the catalog's text offers; image and video offers stay.
 */
final class LanguageModels {
  /** Cents per 100 M tokens to dollars per 1 M tokens: divide by 100 and by 100. */
  private static final int SCALE = 4;
  /** The catalog's rule for a logical model id; an xAI id that breaks it is left out. */
  private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  /** The answer length estimates assume without maxTokens, as in the bundled catalog. */
  static final long EXPECTED_OUTPUT = 400;

  private LanguageModels() {}

  /**
   * {@code current} with its text offers replaced by the models of {@code answer}, dated
   * {@code today} and sourced to {@code source}. A model keeps the capabilities of the offer of
   * the same id, if any; a new one takes JSON-schema answers, as every Grok chat model documents
   * structured outputs.
   *
   * @throws IllegalArgumentException if the answer lists no usable model
   */
  static Catalog apply(String provider, Catalog current, Map<String, Object> answer, LocalDate today, String source) {
    List<Offer> offers = new ArrayList<>();
    for (Offer o : current.offers()) if (!o.serves(Task.TEXT)) offers.add(o);
    int found = 0;
    for (Object item : Json.array(answer, "models")) {
      Map<String, Object> m = Json.object(item);
      Optional<String> id = Json.string(m, "id").filter(s -> MODEL_ID.matcher(s).matches());
      List<Object> out = Json.array(m, "output_modalities");
      if (id.isEmpty() || (!out.isEmpty() && !out.contains("text"))) continue;
      Optional<BigDecimal> input = price(m, "prompt_text_token_price");
      Optional<BigDecimal> output = price(m, "completion_text_token_price");
      if (input.isEmpty() || output.isEmpty()) continue;
      Optional<Offer> known = current.offer(provider, id.get()).filter(o -> o.serves(Task.TEXT));
      Map<String, Object> perMillion = new LinkedHashMap<>();
      perMillion.put("textInput", input.get());
      // 0 is read as "no separate price": cached tokens are then priced as input, never as free.
      price(m, "cached_prompt_text_token_price").filter(p -> p.signum() > 0).ifPresent(p -> perMillion.put("cachedTextInput", p));
      price(m, "prompt_image_token_price").filter(p -> p.signum() > 0).ifPresent(p -> perMillion.put("imageInput", p));
      perMillion.put("textOutput", output.get());
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("kind", "tokens");
      rule.put("perMillion", perMillion);
      rule.put("expectedTextOutputTokens", EXPECTED_OUTPUT);
      List<String> aliases = new ArrayList<>();
      for (Object a : Json.array(m, "aliases")) if (a instanceof String) aliases.add((String) a);
      String notes = "Read from xAI's model list" + (aliases.isEmpty() ? "" : "; aliases " + String.join(", ", aliases))
          + ". The actual is the cost xAI reports.";
      offers.add(Offer.builder(provider, id.get()).endpoint(id.get()).tasks(Task.TEXT)
          .capabilities(known.map(Offer::capabilities).orElseGet(() -> Capabilities.builder().jsonSchema(true).build()))
          .price(PriceRule.fromJsonValue(Json.parse(Json.write(rule)), "$.models[" + id.get() + "]"))
          .provenance(today, source).notes(notes).build());
      found++;
    }
    if (found == 0) throw new IllegalArgumentException("the model list holds no text model with prices");
    return Catalog.of(offers, current.subscriptions());
  }

  /** A price field in dollars per million tokens. */
  private static Optional<BigDecimal> price(Map<String, Object> m, String key) {
    return Json.decimal(m, key).filter(p -> p.signum() >= 0).map(p -> p.movePointLeft(SCALE).stripTrailingZeros())
        .map(p -> p.scale() < 0 ? p.setScale(0) : p);
  }
}
