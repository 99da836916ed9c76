package dev.unigen.planning;

import com.squareup.moshi.JsonWriter;
import dev.unigen.Chain;
import dev.unigen.InvalidRequestException;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.CatalogException;
import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonPathException;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Strategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import okio.Buffer;

/** Reads the workload file format documented in {@code docs/planning.md}. */
final class WorkloadReader {
  static final int FORMAT = 1;
  // The fields of a line that asks for one request; a chain line's chain states them per step.
  private static final List<String> REQUEST_FIELDS = List.of("task", "model", "prompt", "system", "maxTokens",
      "perRequest", "size", "megapixels", "aspectRatio", "quality", "steps", "duration", "resolution", "fps", "audio",
      "voiceControl", "references", "referenceSize", "loras", "controlNets", "inputSize", "inputVideoSeconds",
      "upscaleFactor");

  private final String source;
  private final Function<String, String> chainFiles;
  private final Map<String, Chain> chains = new HashMap<>();
  private final List<String> lineLabels = new ArrayList<>();
  private final List<String> scenarioLabels = new ArrayList<>();

  private WorkloadReader(String source, Function<String, String> chainFiles) {
    this.source = source;
    this.chainFiles = chainFiles;
  }

  /** Reads a workload file; {@code chainFiles} gives the text of a chain file a line names, or is null. */
  static WorkloadFile read(String json, String source, Function<String, String> chainFiles) {
    WorkloadReader reader = new WorkloadReader(source, chainFiles);
    try {
      return reader.document(JsonFields.of(JsonTree.parse(json), "$"));
    } catch (JsonPathException e) {
      throw new PlanningException(source + ": " + reader.locate(e.path()) + e.problem(), e);
    }
  }

  /**
   * "$.lines[3].size" → "lines[3] (FLUX images): size: "; "$.users" → "$.users: ". Lines and
   * scenarios are named the way a reader finds them in the file: by index and name.
   */
  private String locate(String path) {
    for (String list : List.of("lines", "scenarios")) {
      String prefix = "$." + list + "[";
      if (!path.startsWith(prefix)) continue;
      int close = path.indexOf(']', prefix.length());
      int index = Integer.parseInt(path.substring(prefix.length(), close));
      List<String> labels = list.equals("lines") ? lineLabels : scenarioLabels;
      String label = index < labels.size() ? " (" + labels.get(index) + ")" : "";
      String rest = close + 2 <= path.length() ? path.substring(close + 2) + ": " : "";
      return list + "[" + index + "]" + label + ": " + rest;
    }
    return path + ": ";
  }

  private WorkloadFile document(JsonFields doc) {
    long format = doc.integer("format").orElseThrow(() -> doc.error("format", "is required"));
    if (format != FORMAT) throw doc.error("format", "unsupported format " + format + "; this version reads " + FORMAT);
    List<JsonFields> lineRows = doc.objects("lines");
    List<JsonFields> scenarioRows = doc.objects("scenarios");
    for (JsonFields row : lineRows) lineLabels.add(lineLabel(row));
    for (JsonFields row : scenarioRows) scenarioLabels.add(peek(row, "name").orElse("?"));

    Workload.Builder w = Workload.builder(doc.requireString("name"));
    doc.string("description").ifPresent(w::description);
    doc.string("period").ifPresent(w::period);
    doc.positiveInt("users").ifPresent(w::users);
    doc.object("revenue").ifPresent(r -> w.revenue(money(r)));
    Currency currency = doc.string("currency").map(code -> currency(doc, "currency", code)).orElse(null);
    FxRates fx = fxRates(doc);
    Catalog overrides = doc.has("catalog") ? catalog(doc, "catalog", source + ": catalog") : null;

    if (lineRows.isEmpty()) throw doc.error("lines", "needs at least one line");
    Set<String> lineNames = new HashSet<>();
    for (JsonFields row : lineRows) {
      WorkloadLine line = line(row);
      if (line.name().isPresent() && !lineNames.add(line.name().get())) {
        throw row.error("name", "another line is named '" + line.name().get() + "'");
      }
      w.line(line);
    }
    doc.object("creditPacks").ifPresent(p -> w.creditPacks(creditPacks(p, lineNames)));
    Set<String> fixedNames = new HashSet<>();
    for (JsonFields f : doc.objects("fixedCosts")) {
      Workload.FixedCost cost = fixedCost(f);
      if (!fixedNames.add(cost.name())) throw f.error("name", "another fixed cost is named '" + cost.name() + "'");
      w.fixedCost(cost);
    }

    List<Scenario> scenarios = new ArrayList<>();
    Set<String> scenarioNames = new HashSet<>();
    for (int i = 0; i < scenarioRows.size(); i++) {
      JsonFields row = scenarioRows.get(i);
      Scenario s = scenario(row, lineNames, overrides, source + ": scenarios[" + i + "] (" + scenarioLabels.get(i) + "): catalog");
      if (!scenarioNames.add(s.name())) throw row.error("name", "another scenario is named '" + s.name() + "'");
      scenarios.add(s);
    }
    if (scenarios.isEmpty()) {
      Scenario.Builder b = Scenario.builder("Cheapest");
      if (overrides != null) b.catalog(overrides);
      scenarios.add(b.build());
    }
    doc.rejectUnknown();
    try {
      return new WorkloadFile(w.build(), scenarios, currency, fx);
    } catch (IllegalArgumentException e) {
      throw new JsonPathException("$", e.getMessage());
    }
  }

  private static String lineLabel(JsonFields row) {
    Optional<String> name = peek(row, "name");
    if (name.isPresent()) return name.get();
    Optional<String> chain = peek(row, "chain");
    if (chain.isPresent()) return "chain " + chain.get();
    return peek(row, "task").orElse("?") + " " + peek(row, "model").orElse("(any model)");
  }

  private static Optional<String> peek(JsonFields row, String key) {
    // Reading marks the field as used; reading it again later is harmless.
    Object v = row.raw(key);
    return v instanceof String && !((String) v).isBlank() ? Optional.of((String) v) : Optional.empty();
  }

  /**
   * A line that runs a chain: its name, count and the chain file it names, read relative to the
   * workload file. Each file is read once however many lines name it.
   */
  private WorkloadLine chainLine(JsonFields f) {
    String file = f.requireString("chain");
    for (String key : REQUEST_FIELDS) {
      if (f.has(key)) throw f.error(key, "a chain line takes name, chain and count only; the chain's steps state the rest");
    }
    Chain chain = chains.get(file);
    if (chain == null) {
      if (chainFiles == null) {
        throw f.error("chain", "chain files are read relative to the workload file: load it with WorkloadFile.load(path),"
            + " or parse it with a reader of chain files");
      }
      String json;
      try {
        json = chainFiles.apply(file);
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
          throw f.error("chain", "no chain file " + file + " (chain files are named relative to the workload file)");
        }
        throw f.error("chain", "cannot read chain file " + file + ": " + e.getCause().getMessage());
      }
      try {
        chain = Chain.fromJson(json, file);
      } catch (InvalidRequestException e) {
        throw f.error("chain", e.getMessage());
      }
      chains.put(file, chain);
    }
    WorkloadLine.Builder b = WorkloadLine.builder(chain);
    f.string("name").ifPresent(b::name);
    long count = f.integer("count").orElseThrow(() -> f.error("count", "is required"));
    if (count < 1) throw f.error("count", "must be at least 1");
    b.count(count);
    f.rejectUnknown();
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new JsonPathException(f.path(), e.getMessage());
    }
  }

  private WorkloadLine line(JsonFields f) {
    if (f.has("chain")) return chainLine(f);
    String taskName = f.requireString("task");
    Task task = Task.fromWireName(taskName).orElseThrow(() -> f.error("task", "unknown task '" + taskName + "'"));
    WorkloadLine.Builder b = WorkloadLine.builder(task);
    f.string("name").ifPresent(b::name);
    f.string("model").ifPresent(b::model);
    f.string("prompt").ifPresent(b::prompt);
    f.string("system").ifPresent(b::system);
    f.positiveInt("maxTokens").ifPresent(b::maxTokens);
    long count = f.integer("count").orElseThrow(() -> f.error("count", "is required"));
    if (count < 1) throw f.error("count", "must be at least 1");
    b.count(count);
    f.positiveInt("perRequest").ifPresent(b::perRequest);
    if (f.has("size") && f.has("megapixels")) throw f.error("megapixels", "give either size or megapixels");
    f.string("size").ifPresent(s -> b.size(size(f, "size", s)));
    Optional<BigDecimal> mp = f.decimal("megapixels");
    if (mp.isPresent()) {
      try {
        b.megapixels(mp.get());
        WorkloadLine.Builder.squarest(mp.get());
      } catch (IllegalArgumentException e) {
        throw f.error("megapixels", e.getMessage());
      }
    }
    f.string("aspectRatio").ifPresent(b::aspectRatio);
    f.string("quality").ifPresent(b::quality);
    f.positiveInt("steps").ifPresent(b::steps);
    seconds(f, "duration").ifPresent(b::duration);
    f.string("resolution").ifPresent(b::resolution);
    f.positiveInt("fps").ifPresent(b::fps);
    f.bool("audio").ifPresent(b::audio);
    f.bool("voiceControl").ifPresent(b::voiceControl);
    int references = nonNegativeInt(f, "references");
    Optional<String> referenceSize = f.string("referenceSize");
    if (referenceSize.isPresent()) b.references(references, size(f, "referenceSize", referenceSize.get()));
    else b.references(references);
    b.loras(nonNegativeInt(f, "loras"));
    List<String> kinds = f.strings("controlNets");
    for (int i = 0; i < kinds.size(); i++) {
      String k = kinds.get(i);
      String where = f.path("controlNets") + "[" + i + "]";
      b.controlNet(ControlNet.Kind.fromWireName(k)
          .orElseThrow(() -> new JsonPathException(where, "unknown ControlNet kind '" + k + "'")));
    }
    f.string("inputSize").ifPresent(s -> b.inputSize(size(f, "inputSize", s)));
    seconds(f, "inputVideoSeconds").ifPresent(b::inputVideoDuration);
    f.positiveInt("upscaleFactor").ifPresent(b::upscaleFactor);
    f.rejectUnknown();
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new JsonPathException(f.path(), e.getMessage());
    }
  }

  private Scenario scenario(JsonFields f, Set<String> lineNames, Catalog fileOverrides, String catalogSource) {
    Scenario.Builder b = Scenario.builder(f.requireString("name"));
    f.string("description").ifPresent(b::description);
    if (f.has("strategy") && f.has("providerOrder")) throw f.error("providerOrder", "give either strategy or providerOrder");
    Optional<String> strategy = f.string("strategy");
    if (strategy.isPresent() && !strategy.get().equals("cheapest")) {
      throw f.error("strategy", "unknown strategy '" + strategy.get() + "'; known: cheapest (or give providerOrder)");
    }
    List<String> order = f.strings("providerOrder");
    if (f.has("providerOrder") && order.isEmpty()) throw f.error("providerOrder", "needs at least one provider");
    if (!order.isEmpty()) b.strategy(Strategy.providerOrder(order.toArray(new String[0])));
    b.providers(f.strings("providers").toArray(new String[0]));
    Object assign = f.raw("assign");
    if (assign != null) {
      if (!(assign instanceof Map)) throw f.error("assign", "expected an object of line name to provider");
      for (Map.Entry<?, ?> e : ((Map<?, ?>) assign).entrySet()) {
        String line = (String) e.getKey();
        String where = f.path("assign") + "." + line;
        if (!lineNames.contains(line)) throw new JsonPathException(where, "no line is named '" + line + "'");
        if (!(e.getValue() instanceof String) || ((String) e.getValue()).isBlank()) {
          throw new JsonPathException(where, "expected a provider name");
        }
        b.assign(line, (String) e.getValue());
      }
    }
    if (fileOverrides != null) b.catalog(fileOverrides);
    if (f.has("catalog")) b.catalog(catalog(f, "catalog", catalogSource));
    Set<String> held = new HashSet<>();
    for (JsonFields s : f.objects("subscriptions")) {
      String provider = s.requireString("provider");
      String plan = s.requireString("name");
      if (!held.add(provider)) throw s.error("provider", "the scenario already holds a subscription of " + provider);
      Optional<Integer> sharedBy = s.positiveInt("sharedBy");
      if (sharedBy.isPresent()) b.subscription(provider, plan, sharedBy.get());
      else b.subscription(provider, plan);
      s.rejectUnknown();
    }
    f.rejectUnknown();
    return b.build();
  }

  private static CreditPacks creditPacks(JsonFields f, Set<String> lineNames) {
    CreditPacks.Builder b = CreditPacks.builder();
    List<JsonFields> packs = f.objects("packs");
    if (packs.isEmpty()) throw f.error("packs", "needs at least one pack");
    Set<String> names = new HashSet<>();
    for (JsonFields p : packs) {
      String name = p.requireString("name");
      if (!names.add(name)) throw p.error("name", "another pack is named '" + name + "'");
      long credits = p.integer("credits").orElseThrow(() -> p.error("credits", "is required"));
      if (credits < 1) throw p.error("credits", "must be at least 1");
      Money price = money(p.object("price").orElseThrow(() -> p.error("price", "is required")));
      p.rejectUnknown();
      b.pack(name, credits, price);
    }
    List<JsonFields> outputs = f.objects("outputs");
    if (outputs.isEmpty()) throw f.error("outputs", "needs at least one output");
    names.clear();
    for (JsonFields o : outputs) {
      String name = o.requireString("name");
      if (!names.add(name)) throw o.error("name", "another output is named '" + name + "'");
      BigDecimal credits = o.requireDecimal("credits");
      if (credits.signum() <= 0) throw o.error("credits", "must be positive");
      if (o.has("cost") == o.has("lines")) throw o.error("cost", "give either cost or lines");
      if (o.has("cost")) {
        b.output(name, credits, money(o.object("cost").get()));
      } else {
        List<String> lines = o.strings("lines");
        if (lines.isEmpty()) throw o.error("lines", "needs at least one line");
        for (int i = 0; i < lines.size(); i++) {
          if (!lineNames.contains(lines.get(i))) {
            throw new JsonPathException(o.path("lines") + "[" + i + "]", "no line is named '" + lines.get(i) + "'");
          }
        }
        b.output(name, credits, lines);
      }
      o.rejectUnknown();
    }
    f.rejectUnknown();
    return b.build();
  }

  private static FxRates fxRates(JsonFields doc) {
    FxRates.Builder b = FxRates.builder();
    for (JsonFields r : doc.objects("fxRates")) {
      Currency from = currency(r, "from", r.requireString("from"));
      Currency to = currency(r, "to", r.requireString("to"));
      BigDecimal rate = r.requireDecimal("rate");
      if (rate.signum() <= 0) throw r.error("rate", "must be positive");
      if (from.equals(to)) throw r.error("to", "is the same currency as from");
      r.rejectUnknown();
      b.rate(from, to, rate);
    }
    return b.build();
  }

  /**
   * A fixed cost: a money object ({@code {"amount": "199000", "currency": "IDR"}}; the currency
   * defaults to USD), or a storage bill priced by a {@code storage} rule.
   */
  private static Workload.FixedCost fixedCost(JsonFields f) {
    String name = f.requireString("name");
    if (f.has("storage")) {
      if (f.has("cost")) throw f.error("storage", "give either cost or storage, not both");
      if (f.has("per")) throw f.error("per", "a storage bill is one for the account: give the gbMonths of all users");
      JsonFields storage = f.object("storage").orElseThrow();
      BigDecimal gbMonths = storage.requireNonNegative("gbMonths");
      if (!storage.has("price")) throw storage.error("price", "is required");
      PriceRule rule = PriceRule.fromJsonValue(storage.raw("price"), storage.path("price"));
      if (!rule.kind().equals("storage")) throw storage.error("price", "must be a rule of kind storage, not " + rule.kind());
      storage.rejectUnknown();
      f.rejectUnknown();
      return Workload.FixedCost.storage(name, rule, gbMonths);
    }
    Money amount = money(f.object("cost").orElseThrow(() -> f.error("cost", "is required")));
    String per = f.string("per").orElse("all");
    if (!per.equals("all") && !per.equals("user")) throw f.error("per", "must be 'all' or 'user': '" + per + "'");
    f.rejectUnknown();
    return new Workload.FixedCost(name, amount, per.equals("user"));
  }

  private static Money money(JsonFields f) {
    BigDecimal amount = f.requireNonNegative("amount");
    Currency c = currency(f, "currency", f.string("currency").orElse("USD"));
    f.rejectUnknown();
    return Money.of(amount, c);
  }

  private static Currency currency(JsonFields f, String key, String code) {
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw f.error(key, "unknown currency '" + code + "'");
    }
  }

  private static Size size(JsonFields f, String key, String text) {
    try {
      return Size.parse(text);
    } catch (IllegalArgumentException e) {
      throw f.error(key, e.getMessage());
    }
  }

  private static Optional<Duration> seconds(JsonFields f, String key) {
    Optional<BigDecimal> s = f.decimal(key);
    if (s.isEmpty()) return Optional.empty();
    if (s.get().signum() <= 0) throw f.error(key, "must be a positive number of seconds");
    try {
      return Optional.of(Duration.ofMillis(s.get().movePointRight(3).longValueExact()));
    } catch (ArithmeticException e) {
      throw f.error(key, "at most millisecond precision: " + s.get().toPlainString());
    }
  }

  private static int nonNegativeInt(JsonFields f, String key) {
    long n = f.integer(key).orElse(0L);
    if (n < 0 || n > Integer.MAX_VALUE) throw f.error(key, "must be a whole number of at least 0");
    return (int) n;
  }

  /**
   * Reads an embedded catalog document by writing the parsed subtree back out and handing it to
   * {@link Catalog#parse}, so its errors are the catalog's own, prefixed with where it sits here.
   */
  private static Catalog catalog(JsonFields parent, String key, String where) {
    Object tree = parent.raw(key);
    if (!(tree instanceof Map)) throw parent.error(key, "expected a catalog document (an object)");
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      write(w, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    try {
      return Catalog.parse(buffer.readUtf8(), where);
    } catch (CatalogException e) {
      throw new PlanningException(e.getMessage(), e);
    }
  }

  private static void write(JsonWriter w, Object value) throws IOException {
    if (value == null) {
      w.nullValue();
    } else if (value instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        w.name((String) e.getKey());
        write(w, e.getValue());
      }
      w.endObject();
    } else if (value instanceof List) {
      w.beginArray();
      for (Object o : (List<?>) value) write(w, o);
      w.endArray();
    } else if (value instanceof BigDecimal) {
      w.value((BigDecimal) value);
    } else if (value instanceof Boolean) {
      w.value((Boolean) value);
    } else {
      w.value((String) value);
    }
  }
}
