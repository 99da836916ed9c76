package dev.unigen.ledger;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import okio.Buffer;

/**
 * One ledger entry as one line of JSON (format {@value #VERSION}). Amounts are decimal strings with
 * a currency code, never JSON numbers, and are read back as {@link BigDecimal} without passing
 * through {@code double}; instants are ISO-8601; enums are lower-case kebab names.
 */
final class EntryJson {
  static final int VERSION = 1;

  private EntryJson() {}

  /** Returns {@code e} as one line of JSON, without the line break. */
  static String write(LedgerEntry e) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("v").value(VERSION);
      w.name("id").value(e.id());
      w.name("generationId").value(e.generationId());
      w.name("timestamp").value(e.timestamp().toString());
      w.name("provider").value(e.provider());
      w.name("model").value(e.model());
      w.name("endpoint").value(e.endpoint());
      w.name("task").value(e.task());
      w.name("outcome").value(wireName(e.outcome()));
      w.name("billed").value(e.billed());
      w.name("basis").value(wireName(e.basis()));
      if (e.estimate().isPresent()) writeMoney(w.name("estimate"), e.estimate().get());
      if (e.actual().isPresent()) writeMoney(w.name("actual"), e.actual().get());
      writeMoney(w.name("credited"), e.credited());
      w.name("tags").beginObject();
      for (Map.Entry<String, String> tag : e.tags().entrySet()) w.name(tag.getKey()).value(tag.getValue());
      w.endObject();
      if (e.providerRequestId().isPresent()) w.name("providerRequestId").value(e.providerRequestId().get());
      w.name("detail").value(e.detail());
      w.endObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // a Buffer does not fail
    }
    return buffer.readUtf8();
  }

  /**
   * Reads one line written by {@link #write}. Fields it does not know are skipped, so a newer
   * writer's additions do not stop an older reader.
   *
   * @throws IllegalArgumentException saying what is wrong if the line is not a valid entry
   */
  static LedgerEntry read(String line) {
    LedgerEntry.Builder b = LedgerEntry.builder();
    boolean credited = false;
    Integer version = null;
    try (JsonReader r = JsonReader.of(new Buffer().writeUtf8(line))) {
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        switch (name) {
          case "v": version = r.nextInt(); break;
          case "id": b.id(r.nextString()); break;
          case "generationId": b.generationId(r.nextString()); break;
          case "timestamp": b.timestamp(Instant.parse(r.nextString())); break;
          case "provider": b.provider(r.nextString()); break;
          case "model": b.model(r.nextString()); break;
          case "endpoint": b.endpoint(r.nextString()); break;
          case "task": b.task(r.nextString()); break;
          case "outcome": b.outcome(Outcome.valueOf(enumName(r.nextString()))); break;
          case "billed": b.billed(r.nextBoolean()); break;
          case "basis": b.basis(CostBasis.valueOf(enumName(r.nextString()))); break;
          case "estimate": b.estimate(readMoney(r)); break;
          case "actual": b.actual(readMoney(r)); break;
          case "credited": b.credited(readMoney(r)); credited = true; break;
          case "tags":
            r.beginObject();
            while (r.hasNext()) b.tag(r.nextName(), r.nextString());
            r.endObject();
            break;
          case "providerRequestId": b.providerRequestId(r.nextString()); break;
          case "detail": b.detail(r.nextString()); break;
          default: r.skipValue();
        }
      }
      r.endObject();
      if (r.peek() != JsonReader.Token.END_DOCUMENT) throw new IllegalArgumentException("content after the JSON object");
    } catch (IOException | RuntimeException ex) {
      // Moshi's JsonDataException, JsonEncodingException, and the parse errors of Instant, BigDecimal and enums.
      if (ex instanceof IllegalArgumentException && ex.getClass() == IllegalArgumentException.class) throw (IllegalArgumentException) ex;
      throw new IllegalArgumentException(ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
    }
    if (version == null || version != VERSION) {
      throw new IllegalArgumentException("unsupported format version " + version + "; this reader knows " + VERSION);
    }
    // A line is a recorded entry: its credit was decided when it was recorded.
    if (!credited) throw new IllegalArgumentException("credited is required");
    return b.build();
  }

  private static void writeMoney(JsonWriter w, Money m) throws IOException {
    w.beginObject();
    w.name("amount").value(m.amount().toPlainString());
    w.name("currency").value(m.currency().getCurrencyCode());
    w.endObject();
  }

  private static Money readMoney(JsonReader r) throws IOException {
    String amount = null;
    String currency = null;
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals("amount")) amount = r.nextString(); // the literal text, even of a JSON number
      else if (name.equals("currency")) currency = r.nextString();
      else r.skipValue();
    }
    r.endObject();
    if (amount == null || currency == null) throw new IllegalArgumentException("money needs amount and currency at " + r.getPath());
    return Money.of(new BigDecimal(amount), Currency.getInstance(currency));
  }

  static String wireName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String enumName(String wireName) {
    return wireName.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
