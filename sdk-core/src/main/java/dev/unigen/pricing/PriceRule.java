package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one offer is priced: a formula of one of the kinds in {@code docs/catalog.md} (per image,
 * per megapixel, FLUX.2 tiers, per second, per clip, video megapixels, input-plus-output seconds,
 * per step, tokens, compute seconds, per request, storage), its currency or the credits it counts
 * in, add-ons per LoRA and per reference image, a multiplier for batch discounts, and whether
 * failures are billed.
 *
 * <p>{@link #estimate(Request)} prices what a request is expected to produce;
 * {@link #actual(Usage)} prices what was produced, preferring what the provider reported.
 * Immutable and threadsafe.
 */
public final class PriceRule {
  /** The output size assumed when neither the request nor the offer states one. */
  public static final Size DEFAULT_SIZE = Size.of(1024, 1024);
  /** The video length assumed when neither the request nor the offer states one. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(5);

  private static final Map<String, Formula.Reader> READERS = Map.ofEntries(
      Map.entry("per-image", PerImage::read),
      Map.entry("per-megapixel", PerMegapixel::read),
      Map.entry("tiered-megapixel", TieredMegapixel::read),
      Map.entry("per-second", PerSecond::read),
      Map.entry("per-clip", PerClip::read),
      Map.entry("video-megapixel", VideoMegapixel::read),
      Map.entry("input-output-seconds", InputOutputSeconds::read),
      Map.entry("per-step", PerStep::read),
      Map.entry("tokens", Tokens::read),
      Map.entry("compute-seconds", ComputeSeconds::read),
      Map.entry("per-request", PerRequest::read),
      Map.entry("storage", Storage::read));

  private final Formula formula;
  private final Currency currency;
  private final BigDecimal creditValue;
  private final BigDecimal perLora;
  private final BigDecimal perReference;
  private final BigDecimal multiplier;
  /** Multiplying by a scale-0 one changes neither value nor scale, so most rules skip it. */
  private final boolean multiplierIsOne;
  private final FailureBilling failureBilling;
  private final boolean actualMayExceed;
  /** Whether a LoRA or a reference adds to the price; asked once per offer weighed, without reading either. */
  private final boolean hasAddOns;

  /** Kinds whose actual is measured usage (time, tokens) that the estimate can only predict. */
  private static final Set<String> MEASURED = Set.of("compute-seconds", "tokens", "input-output-seconds");

  private PriceRule(Formula formula, Currency currency, BigDecimal creditValue, BigDecimal perLora,
      BigDecimal perReference, BigDecimal multiplier, FailureBilling failureBilling, boolean actualMayExceed) {
    this.formula = formula;
    this.currency = currency;
    this.creditValue = creditValue;
    this.perLora = perLora;
    this.perReference = perReference;
    this.multiplier = multiplier;
    this.multiplierIsOne = multiplier.compareTo(BigDecimal.ONE) == 0 && multiplier.scale() == 0;
    this.failureBilling = failureBilling;
    this.actualMayExceed = actualMayExceed;
    this.hasAddOns = perLora.signum() != 0 || perReference.signum() != 0;
  }

  /** A flat {@code price} per output image. */
  public static PriceRule perImage(Money price) {
    return simple(new PerImage(RateTable.single(price.amount())), price);
  }

  /** {@code price} per output megapixel of 10^6 pixels, without rounding. */
  public static PriceRule perMegapixel(Money price) {
    return simple(new PerMegapixel(price.amount(), Quantities.DECIMAL_MP, false, null), price);
  }

  /** A flat {@code price} per request. */
  public static PriceRule perRequest(Money price) {
    return simple(new PerRequest(price.amount()), price);
  }

  private static PriceRule simple(Formula f, Money price) {
    return new PriceRule(f, price.currency(), null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE,
        FailureBilling.NEVER, false);
  }

  /**
   * Reads a rule from its JSON form, as documented in {@code docs/catalog.md}.
   *
   * @throws IllegalArgumentException naming the field, if the JSON is malformed, has an unknown
   *     kind or field, or a value out of range
   */
  public static PriceRule fromJson(String json) {
    return fromJsonValue(JsonTree.parse(json), "$");
  }

  /**
   * Reads a rule from a parsed JSON object (maps, lists, strings, booleans and {@link BigDecimal}
   * numbers) found at {@code path}; catalogs use it for their {@code price} fields.
   *
   * @throws IllegalArgumentException naming the field, if the rule is invalid
   */
  public static PriceRule fromJsonValue(Object value, String path) {
    JsonFields f = JsonFields.of(value, path);
    String kind = f.requireString("kind");
    Formula.Reader reader = READERS.get(kind);
    if (reader == null) {
      throw f.error("kind", "unknown rule kind '" + kind + "'; known: " + String.join(", ", new java.util.TreeSet<>(READERS.keySet())));
    }
    Formula formula = reader.read(f);
    Currency currency;
    String code = f.string("currency").orElse("USD");
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw f.error("currency", "unknown currency '" + code + "'");
    }
    BigDecimal creditValue = f.decimal("creditValue").orElse(null);
    if (creditValue != null && creditValue.signum() <= 0) throw f.error("creditValue", "must be positive");
    BigDecimal perLora = BigDecimal.ZERO;
    BigDecimal perReference = BigDecimal.ZERO;
    Optional<JsonFields> addOns = f.object("addOns");
    if (addOns.isPresent()) {
      perLora = addOns.get().nonNegative("perLora").orElse(BigDecimal.ZERO);
      perReference = addOns.get().nonNegative("perReference").orElse(BigDecimal.ZERO);
      addOns.get().rejectUnknown();
    }
    BigDecimal multiplier = f.nonNegative("multiplier").orElse(BigDecimal.ONE);
    FailureBilling billing = FailureBilling.NEVER;
    Optional<JsonFields> fb = f.object("failureBilling");
    if (fb.isPresent()) {
      billing = FailureBilling.of(fb.get().bool("providerError").orElse(false),
          fb.get().bool("rejectedInput").orElse(false), fb.get().bool("canceledAfterStart").orElse(false),
          fb.get().bool("moderated").orElse(false));
      fb.get().rejectUnknown();
    }
    boolean mayExceed = f.bool("actualMayExceed").orElse(false);
    f.rejectUnknown();
    return new PriceRule(formula, currency, creditValue, perLora, perReference, multiplier, billing, mayExceed);
  }

  /** The catalog name of the rule's kind, such as {@code per-megapixel}. */
  public String kind() {
    return formula.kind();
  }

  /** The currency prices come out in (after converting credits). */
  public Currency currency() {
    return currency;
  }

  /** The value of one credit in {@link #currency()}, if the rule counts in provider credits. */
  public Optional<Money> creditValue() {
    return creditValue == null ? Optional.empty() : Optional.of(Money.of(creditValue, currency));
  }

  /** Whether failed attempts are billed. */
  public FailureBilling failureBilling() {
    return failureBilling;
  }

  /**
   * Whether the actual cost can come out above the estimate: the catalog says so
   * ({@code actualMayExceed}, for a provider that bills the units it reports), the rule counts
   * measured usage (compute seconds, tokens, input and output seconds), or it counts provider
   * credits the provider reports. A budget sets aside a headroom above the estimate for such offers.
   */
  public boolean actualMayExceedEstimate() {
    return actualMayExceed || creditValue != null || MEASURED.contains(formula.kind());
  }

  /** The price of one billed unit, where the rule has a single unit price (per MP, per second, …). */
  public Optional<Money> unitPrice() {
    return formula.unitPrice().map(this::toMoney);
  }

  /**
   * Estimates the cost of {@code request}, assuming {@link #DEFAULT_SIZE} and
   * {@link #DEFAULT_DURATION} where the request states none.
   *
   * @throws PricingException if the rule cannot price it (a duration the model does not allow, a
   *     size missing from a price table, …)
   */
  public Money estimate(Request request) {
    return estimate(request, DEFAULT_SIZE, DEFAULT_DURATION);
  }

  /**
   * Estimates the cost of {@code request}, assuming {@code defaultSize} and {@code defaultDuration}
   * (usually the offer's defaults) where the request states none.
   *
   * @throws PricingException if the rule cannot price the request
   */
  public Money estimate(Request request, Size defaultSize, Duration defaultDuration) {
    BigDecimal units = formula.estimate(request, defaultSize, defaultDuration);
    if (hasAddOns) {
      BigDecimal each = perLora.multiply(BigDecimal.valueOf(request.loras().size()))
          .add(perReference.multiply(BigDecimal.valueOf(request.references().size())));
      units = units.add(each.multiply(BigDecimal.valueOf(request.count())));
    }
    return toMoney(units);
  }

  /**
   * Estimates the cost of {@code request} as {@link #estimate(Request, Size, Duration)} does, and
   * says how with units: an {@link CostBasis#ESTIMATED} charge whose {@link Charge#detail()} is such
   * as {@code 1.048576 MP × 0.003 USD/MP}, {@code 5 s × 0.05 USD/s (720p)} or {@code 60 tokens in ×
   * 1.25 USD/1M + 150 tokens out × 2.5 USD/1M}.
   *
   * @throws PricingException if the rule cannot price the request
   */
  public Charge estimateCharge(Request request, Size defaultSize, Duration defaultDuration) {
    Derivation how = new Derivation(formulaUnit());
    BigDecimal units = formula.estimate(request, defaultSize, defaultDuration, how);
    units = units.add(addOns(request.loras().size(), request.references().size(), request.count(), how));
    return Charge.of(CostBasis.ESTIMATED, toMoney(units), finish(how));
  }

  /**
   * Prices what was produced. A cost the provider reported wins ({@link CostBasis#REPORTED}); so
   * do billed units where the rule has a unit price; otherwise the cost is computed from the usage
   * ({@link CostBasis#COMPUTED}). The charge's detail says how with units, such as {@code 2 MP
   * billed × 0.025 USD/MP} or {@code 2 images × 0.04 USD/image}.
   *
   * @throws PricingException if the usage lacks what the rule needs, such as output sizes
   */
  public Charge actual(Usage usage) {
    if (usage.reportedCost().isPresent()) {
      return Charge.of(CostBasis.REPORTED, usage.reportedCost().get(), "reported by the provider");
    }
    if (usage.billedUnits().isPresent() && formula.unitPrice().isPresent()) {
      BigDecimal units = usage.billedUnits().get();
      Money m = toMoney(units.multiply(formula.unitPrice().get()));
      Derivation how = new Derivation(formulaUnit());
      how.add(Derivation.quantity(units, formula.unitName()) + " billed", how.per(formula.unitPrice().get(), formula.unitName()));
      return Charge.of(CostBasis.REPORTED, m, finish(how));
    }
    Derivation how = new Derivation(formulaUnit());
    BigDecimal units = formula.actual(usage, how);
    units = units.add(addOns(usage.loras(), usage.references(), usage.count(), how));
    return Charge.of(CostBasis.COMPUTED, toMoney(units), finish(how));
  }

  /** What the formula's amounts count: the currency's code, or credits. */
  private String formulaUnit() {
    return creditValue != null ? "credits" : currency.getCurrencyCode();
  }

  /** The add-ons of {@code count} outputs, each with {@code loras} LoRAs and {@code references} references. */
  private BigDecimal addOns(int loras, int references, int count, Derivation how) {
    if (perLora.signum() == 0 && perReference.signum() == 0) return BigDecimal.ZERO;
    String times = count == 1 ? "" : Derivation.num(count) + " × ";
    if (how != null && perLora.signum() != 0 && loras > 0) {
      how.add(times + Derivation.count(loras, "LoRA"), how.per(perLora, "LoRA"));
    }
    if (how != null && perReference.signum() != 0 && references > 0) {
      how.add(times + Derivation.count(references, "reference"), how.per(perReference, "reference"));
    }
    BigDecimal each = perLora.multiply(BigDecimal.valueOf(loras)).add(perReference.multiply(BigDecimal.valueOf(references)));
    return each.multiply(BigDecimal.valueOf(count));
  }

  /** The derivation with the multiplier and the credit value applied, as {@link #toMoney} applies them. */
  private String finish(Derivation how) {
    if (multiplier.compareTo(BigDecimal.ONE) != 0) how.scale(Derivation.num(multiplier) + " (multiplier)");
    if (creditValue != null) how.scale(Derivation.num(creditValue) + " " + currency.getCurrencyCode() + "/credit");
    return how.text();
  }

  private Money toMoney(BigDecimal units) {
    BigDecimal amount = multiplierIsOne ? units : units.multiply(multiplier);
    if (creditValue != null) amount = amount.multiply(creditValue);
    return Money.of(amount, currency);
  }

  @Override
  public String toString() {
    return "PriceRule(" + formula.kind() + " " + currency.getCurrencyCode()
        + (creditValue != null ? " credits@" + creditValue.toPlainString() : "") + ")";
  }

  /**
   * Whether a provider bills a failed attempt (R18): a failure on its side (5xx, a crashed
   * runner), an input it rejected after spending compute (fal may bill a 422), a job canceled
   * after it started (Replicate bills the run time), or an output withheld by moderation after it
   * was made (xAI bills a blocked clip). Failover uses it to decide whether retrying elsewhere
   * risks paying twice. Immutable.
   *
   * @param providerError a failure on the provider's side is billed
   * @param rejectedInput an input rejected after compute was spent may be billed
   * @param canceledAfterStart a job canceled after it started is billed
   * @param moderated an output withheld on safety grounds is billed
   */
  public record FailureBilling(boolean providerError, boolean rejectedInput, boolean canceledAfterStart,
      boolean moderated) {
    /** Nothing failed is billed. */
    public static final FailureBilling NEVER = new FailureBilling(false, false, false, false);

    /** Returns the first three flags in the order of the accessors; a moderated output is not billed. */
    public static FailureBilling of(boolean providerError, boolean rejectedInput, boolean canceledAfterStart) {
      return new FailureBilling(providerError, rejectedInput, canceledAfterStart, false);
    }

    /** Returns the flags in the order of the accessors. */
    public static FailureBilling of(boolean providerError, boolean rejectedInput, boolean canceledAfterStart,
        boolean moderated) {
      return new FailureBilling(providerError, rejectedInput, canceledAfterStart, moderated);
    }
  }
}
