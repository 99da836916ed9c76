package dev.unigen.jobs;

import com.squareup.moshi.JsonWriter;
import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.spi.JobRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import okio.Buffer;

/**
 * A journal entry as one JSON document (format {@value #VERSION}; format 1, without a call id and
 * always with a provider job id, is still read); amounts as decimal strings.
 */
final class JournalJson {
  static final int VERSION = 2;

  private JournalJson() {}

  static String write(JournalEntry e) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setIndent("  ");
      w.beginObject();
      w.name("v").value(VERSION);
      w.name("jobId").value(e.jobId());
      w.name("generationId").value(e.generationId());
      w.name("state").value(e.state().name().toLowerCase(Locale.ROOT));
      w.name("provider").value(e.provider());
      if (e.callId().isPresent()) w.name("callId").value(e.callId().get());
      if (e.ref().isPresent()) {
        JobRef ref = e.ref().get();
        w.name("providerJobId").value(ref.id());
        if (ref.pollUrl().isPresent()) w.name("pollUrl").value(ref.pollUrl().get());
        if (ref.cancelUrl().isPresent()) w.name("cancelUrl").value(ref.cancelUrl().get());
        w.name("attributes").beginObject();
        for (Map.Entry<String, String> a : ref.attributes().entrySet()) w.name(a.getKey()).value(a.getValue());
        w.endObject();
      }
      w.name("model").value(e.model());
      w.name("request").value(e.request().toJson());
      if (e.estimate().isPresent()) {
        w.name("estimate").beginObject().name("amount").value(e.estimate().get().amount().toPlainString())
            .name("currency").value(e.estimate().get().currency().getCurrencyCode()).endObject();
      }
      w.name("created").value(e.created().toString());
      w.name("updated").value(e.updated().toString());
      w.name("detail").value(e.detail());
      w.name("assets").beginArray();
      for (String a : e.assets()) w.value(a);
      w.endArray();
      w.endObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return buffer.readUtf8();
  }

  static JournalEntry read(String json) {
    JsonFields f = JsonFields.of(JsonTree.parse(json), "$");
    long v = f.integer("v").orElseThrow(() -> f.error("v", "is required"));
    if (v != VERSION && v != 1) throw f.error("v", "unsupported journal format " + v);
    String provider = f.requireString("provider");
    JobRef ref = null;
    if (v == 1 || f.has("providerJobId")) {
      Map<String, String> attributes = new LinkedHashMap<>();
      Object raw = f.raw("attributes");
      if (raw instanceof Map) ((Map<?, ?>) raw).forEach((k, val) -> attributes.put(String.valueOf(k), String.valueOf(val)));
      ref = JobRef.of(provider, f.requireString("providerJobId"), f.string("pollUrl").orElse(null),
          f.string("cancelUrl").orElse(null), attributes);
    }
    JournalEntry.Builder b = JournalEntry.builder(f.requireString("jobId"))
        .generationId(f.requireString("generationId"))
        .state(JournalEntry.State.valueOf(f.requireString("state").toUpperCase(Locale.ROOT)))
        .provider(provider).ref(ref).callId(f.string("callId").orElse(null))
        .model(f.requireString("model")).request(Request.fromJson(f.requireString("request")))
        .created(Instant.parse(f.requireString("created"))).updated(Instant.parse(f.requireString("updated")))
        .detail(f.has("detail") ? (String) f.raw("detail") : "").assets(f.strings("assets"));
    f.object("estimate").ifPresent(m -> b.estimate(Money.of(m.requireDecimal("amount"),
        Currency.getInstance(m.requireString("currency")))));
    return b.build();
  }
}
