package dev.unigen.reports;

import com.squareup.moshi.JsonWriter;
import dev.unigen.money.Money;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;

/** A ledger report as JSON (report {@code cost-ledger}, format 1): every amount exact, as a decimal string. */
final class LedgerJson {
  private LedgerJson() {}

  static String render(LedgerReport r) {
    return JsonOut.document("cost-ledger", w -> {
      w.name("title").value(r.title());
      if (!r.from().equals(Instant.MIN)) w.name("from").value(r.from().toString());
      if (!r.to().equals(Instant.MAX)) w.name("to").value(r.to().toString());
      w.name("currency").value(r.currency().getCurrencyCode());
      w.name("entries").value(r.entries());
      w.name("charged").value(Fmt.exact(r.total()));
      totals(w.name("byProvider"), "provider", r.byProvider(), r.providerEntries());
      totals(w.name("byModel"), "model", r.byModel(), r.modelEntries());
      w.name("byTag").beginObject();
      for (Map.Entry<String, SortedMap<String, Money>> e : r.byTag().entrySet()) {
        totals(w.name(e.getKey()), "value", e.getValue(), r.tagEntries().get(e.getKey()));
      }
      w.endObject();
      w.name("byDay").beginArray();
      for (Map.Entry<LocalDate, Money> e : r.byDay().entrySet()) {
        w.beginObject().name("day").value(e.getKey().toString()).name("charged").value(Fmt.exact(e.getValue())).endObject();
      }
      w.endArray();
      w.name("drift").beginArray();
      for (LedgerReport.Drift d : r.drift()) {
        w.beginObject().name("provider").value(d.provider()).name("model").value(d.model())
            .name("currency").value(d.actual().currency().getCurrencyCode()).name("entries").value(d.entries())
            .name("estimated").value(Fmt.exact(d.estimated())).name("actual").value(Fmt.exact(d.actual()))
            .name("difference").value(Fmt.exact(d.difference()));
        if (d.ratio().isPresent()) w.name("ratio").value(Fmt.exact(d.ratio().get(), 0));
        w.name("over").value(d.over()).endObject();
      }
      w.endArray();
      w.name("chains").beginArray();
      for (LedgerReport.ChainTotal c : r.chains()) {
        w.beginObject().name("chain").value(c.chain()).name("runs").value(c.runs()).name("entries").value(c.entries())
            .name("currency").value(c.actual().currency().getCurrencyCode())
            .name("estimated").value(Fmt.exact(c.estimated())).name("actual").value(Fmt.exact(c.actual()))
            .name("difference").value(Fmt.exact(c.difference()));
        if (c.ratio().isPresent()) w.name("ratio").value(Fmt.exact(c.ratio().get(), 0));
        w.endObject();
      }
      w.endArray();
    });
  }

  private static void totals(JsonWriter w, String keyName, SortedMap<String, Money> totals,
      SortedMap<String, Integer> counts) throws IOException {
    w.beginArray();
    for (Map.Entry<String, Money> e : totals.entrySet()) {
      w.beginObject().name(keyName).value(e.getKey()).name("entries").value(counts.getOrDefault(e.getKey(), 0))
          .name("charged").value(Fmt.exact(e.getValue())).endObject();
    }
    w.endArray();
  }
}
