package dev.unigen.ledger;

import dev.unigen.money.Money;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Writes ledger entries as RFC 4180 CSV. */
final class Csv {
  private static final List<String> COLUMNS = List.of("id", "generation_id", "timestamp", "provider", "model",
      "endpoint", "task", "outcome", "billed", "basis", "currency", "estimate", "actual", "credited", "charged",
      "provider_request_id", "detail");

  private Csv() {}

  static void write(List<LedgerEntry> entries, Appendable out) throws IOException {
    // One column per tag key, so a spreadsheet can filter and pivot on user or project.
    TreeSet<String> tagKeys = new TreeSet<>();
    for (LedgerEntry e : entries) tagKeys.addAll(e.tags().keySet());
    List<String> header = new ArrayList<>(COLUMNS);
    for (String key : tagKeys) header.add("tag:" + key);
    row(out, header);
    for (LedgerEntry e : entries) {
      boolean priced = e.actual().isPresent() || e.estimate().isPresent();
      List<String> cells = new ArrayList<>(header.size());
      cells.add(e.id());
      cells.add(e.generationId());
      cells.add(e.timestamp().toString());
      cells.add(e.provider());
      cells.add(e.model());
      cells.add(e.endpoint());
      cells.add(e.task());
      cells.add(EntryJson.wireName(e.outcome()));
      cells.add(Boolean.toString(e.billed()));
      cells.add(EntryJson.wireName(e.basis()));
      cells.add(priced ? e.currency().getCurrencyCode() : "");
      cells.add(plain(e.estimate()));
      cells.add(plain(e.actual()));
      // Credited and charged are only meaningful against a known actual.
      cells.add(e.actual().isPresent() ? plain(Optional.of(e.credited())) : "");
      cells.add(plain(e.charged()));
      cells.add(e.providerRequestId().orElse(""));
      cells.add(e.detail());
      for (String key : tagKeys) cells.add(e.tags().getOrDefault(key, ""));
      row(out, cells);
    }
  }

  private static String plain(Optional<Money> m) {
    return m.map(x -> x.amount().toPlainString()).orElse("");
  }

  private static void row(Appendable out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) out.append(',');
      out.append(quote(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String quote(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
