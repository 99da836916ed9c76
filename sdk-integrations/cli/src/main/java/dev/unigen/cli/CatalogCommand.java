package dev.unigen.cli;

import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.PlanningException;
import dev.unigen.planning.WorkloadFile;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Subscription;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code unigen catalog list|show|validate|audit}: what the catalog holds, one entry as written,
 * whether files fit the format, and which entries need a look.
 */
@Command(
    name = "catalog",
    header = "Lists, shows, validates and audits catalogs.",
    mixinStandardHelpOptions = true,
    description = "Lists the catalog's offers, shows one as written, validates catalog and workload files, or audits"
        + " the catalog for entries that are old, unsourced, unpriced, retiring or off the live price.",
    subcommands = {CatalogCommand.ListOffers.class, CatalogCommand.Show.class, CatalogCommand.Validate.class,
        AuditCommand.class})
final class CatalogCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Io io = Cli.io(spec);
    io.err().println("unigen catalog: name a command: list, show, validate or audit");
    spec.commandLine().usage(io.err());
    return Cli.USAGE;
  }

  /** {@code unigen catalog list}. */
  @Command(
      name = "list",
      header = "Lists the offers and subscriptions of the catalog.",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = "Lists every offer (provider/model, tasks, price rule, unit price, as of) and every subscription"
          + " of the catalog the other commands price with.")
  static final class ListOffers implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider's offers. Repeatable.")
    private List<String> providers = new ArrayList<>();

    @Option(names = "--model", paramLabel = "ID", description = "Only offers of this logical model. Repeatable.")
    private List<String> models = new ArrayList<>();

    @Option(names = "--task", paramLabel = "TASK", converter = Converters.TaskConverter.class,
        description = "Only offers that do this task, such as image-to-video.")
    private Task task;

    @Option(names = "--json", description = "Print the list as JSON on standard output (shape in docs/cli.md): every amount"
        + " a decimal string with its currency.")
    private boolean json;

    @Mixin
    private CatalogOptions catalogs;

    @Override
    public Integer call() {
      Io io = Cli.io(spec);
      Catalog catalog = catalogs.load();
      Quotes.Table t = new Quotes.Table("offer", "tasks", "rule", "unit price", "as of");
      List<Offer> listed = new ArrayList<>();
      for (Offer o : catalog.offers()) {
        if (!providers.isEmpty() && !providers.contains(o.provider())) continue;
        if (!models.isEmpty() && !models.contains(o.model())) continue;
        if (task != null && !o.serves(task)) continue;
        listed.add(o);
        t.row(o.key(), tasks(o), o.price().map(PriceRule::kind).orElse("unpriced"),
            o.price().flatMap(PriceRule::unitPrice).map(Quotes::plain).orElse("-"), o.asOf().toString());
      }
      io.err().println("catalog: " + catalogs.describe());
      PrintWriter out = io.out();
      if (json) {
        List<Subscription> subs = new ArrayList<>();
        for (Subscription s : catalog.subscriptions()) {
          if ((providers.isEmpty() || providers.contains(s.provider())) && models.isEmpty() && task == null) subs.add(s);
        }
        out.print(MachineJson.catalog(listed, subs));
        return listed.isEmpty() ? Cli.FAILED : Cli.OK;
      }
      if (t.size() == 0) {
        out.println("No offer matches.");
        return Cli.FAILED;
      }
      t.print(out, "");
      out.println();
      out.println(t.size() + (t.size() == 1 ? " offer" : " offers") + ". unigen catalog show PROVIDER/MODEL shows one"
          + " with its source.");
      List<Subscription> subs = new ArrayList<>();
      for (Subscription s : catalog.subscriptions()) {
        if (providers.isEmpty() || providers.contains(s.provider())) subs.add(s);
      }
      if (!subs.isEmpty() && models.isEmpty() && task == null) {
        out.println();
        out.println("Subscriptions:");
        Quotes.Table st = new Quotes.Table("plan", "monthly fee", "included credit", "as of");
        for (Subscription s : subs) {
          st.row(s.provider() + "/" + s.name(), Quotes.plain(s.monthlyFee()), Quotes.plain(s.includedCredit()), s.asOf());
        }
        st.print(out, "  ");
      }
      return Cli.OK;
    }
  }

  /** {@code unigen catalog show}. */
  @Command(
      name = "show",
      header = "Shows one offer or subscription, as written in its catalog file.",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = "Shows one offer (or subscription): what it does, how it is priced, where the price was read,"
          + " and the entry as written in its catalog file. Searches every catalog on the class path, the sandbox's"
          + " included, and the --catalog files. For a system Unigen cannot serve (Midjourney, Sora, DALL-E, Imagen on"
          + " the Gemini API, Amazon Nova Reel and Canvas) it says why and lists the offers to use instead.")
  static final class Show implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<provider/model>", description = "Such as runware/flux-schnell, or huggingface/pro for a subscription.")
    private String key;

    @Option(names = "--catalog", paramLabel = "FILE", description = "A catalog file laid over the shipped ones. Repeatable; later files win.")
    private List<Path> overrides = new ArrayList<>();

    @Override
    public Integer call() {
      Io io = Cli.io(spec);
      int slash = key.indexOf('/');
      boolean bare = slash < 0;
      if (!bare && (slash == 0 || slash == key.length() - 1)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "'" + key + "' is not PROVIDER/MODEL, such as runware/flux-schnell");
      }
      // A bare name is only answered for a system that cannot be served (midjourney, sora-2).
      Optional<Unavailable.Entry> bareGone = bare ? Unavailable.find("", key) : Optional.empty();
      if (bare && bareGone.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "'" + key + "' is not PROVIDER/MODEL, such as runware/flux-schnell");
      }
      Catalog catalog = Catalog.fromClasspath();
      List<Source> sources = new ArrayList<>(classpathSources());
      for (Path f : overrides) {
        if (!Files.isRegularFile(f)) throw new CliException("no such catalog file: " + f);
        catalog = catalog.withOverrides(Catalog.load(f));
        sources.add(new Source(f.toString(), read(f)));
      }
      if (bareGone.isPresent()) {
        Unavailable.print(key, bareGone.get(), catalog, io.out());
        return Cli.FAILED;
      }
      String provider = key.substring(0, slash);
      String model = key.substring(slash + 1);
      Collections.reverse(sources); // the last file laid over the others is the one that counts
      PrintWriter out = io.out();
      Optional<Offer> offer = catalog.offer(provider, model);
      if (offer.isPresent()) {
        describe(offer.get(), out);
        written(sources, "offers", provider, model, out);
        return Cli.OK;
      }
      for (Subscription s : catalog.subscriptions()) {
        if (s.provider().equals(provider) && s.name().equals(model)) {
          out.println("subscription " + key);
          out.println("  monthly fee      " + Quotes.plain(s.monthlyFee()));
          out.println("  included credit  " + Quotes.plain(s.includedCredit()));
          s.freeUnits().ifPresent(u -> out.println("  free quota       " + Quotes.plain(u) + " " + s.freeUnit().orElse("units")));
          out.println("  as of            " + s.asOf());
          out.println("  source           " + s.source());
          written(sources, "subscriptions", provider, model, out);
          return Cli.OK;
        }
      }
      List<String> same = catalog.offers(model).stream().map(Offer::key).collect(Collectors.toList());
      Optional<Unavailable.Entry> gone = Unavailable.find(provider, model);
      if (same.isEmpty() && gone.isPresent()) {
        Unavailable.print(key, gone.get(), catalog, out);
        return Cli.FAILED;
      }
      throw new CliException("no offer " + key + " in the catalog"
          + (same.isEmpty() ? "; " + QuoteCommand.unknownModel(model, catalog).replaceFirst("^no offer of model '[^']*' in the catalog; ", "")
              : "; offers of " + model + ": " + String.join(", ", same)));
    }

    private static void describe(Offer o, PrintWriter out) {
      out.println("offer " + o.key());
      out.println("  tasks     " + tasks(o));
      if (o.endpoints().isEmpty()) {
        out.println("  endpoint  " + o.endpoint());
      } else {
        for (Task t : o.tasks()) out.println("  endpoint  " + o.endpoint(t) + "  (" + t.wireName() + ")");
      }
      List<String> caps = capabilities(o.capabilities());
      out.println("  can       " + (caps.isEmpty() ? "one output; nothing else restricted" : String.join("; ", caps)));
      if (o.price().isEmpty()) {
        out.println("  price     unpriced: the price is unknown, not zero");
      } else {
        PriceRule r = o.price().get();
        out.println("  price     " + r.kind() + " in " + r.currency().getCurrencyCode()
            + r.creditValue().map(c -> ", counted in credits of " + Quotes.plain(c)).orElse("")
            + r.unitPrice().map(u -> ", unit price " + Quotes.plain(u)).orElse(""));
      }
      out.println("  as of     " + o.asOf());
      out.println("  source    " + o.source());
      o.notes().ifPresent(n -> out.println("  notes     " + n));
    }

    private static List<String> capabilities(Capabilities c) {
      List<String> out = new ArrayList<>();
      if (!c.sizes().isEmpty()) out.add("sizes " + c.sizes().stream().map(Object::toString).collect(Collectors.joining(", ")));
      if (c.minSide() > 0 || c.maxSide() > 0 || c.multipleOf() > 1) {
        out.add("sides " + (c.minSide() > 0 ? c.minSide() : 1) + (c.maxSide() > 0 ? "-" + c.maxSide() : " or more") + " px"
            + (c.multipleOf() > 1 ? " in multiples of " + c.multipleOf() : ""));
      }
      c.maxMegapixels().ifPresent(mp -> out.add("up to " + Quotes.plain(mp) + " MP"));
      c.defaultSize().ifPresent(s -> out.add("default size " + s));
      if (!c.aspectRatios().isEmpty()) out.add("aspect ratios " + String.join(", ", c.aspectRatios()));
      if (c.maxCount() > 1) out.add("up to " + c.maxCount() + " outputs a call");
      if (c.maxReferences() > 0) out.add("up to " + c.maxReferences() + " references");
      if (c.maxLoras() > 0) out.add("up to " + c.maxLoras() + " LoRAs");
      if (!c.controlNets().isEmpty()) {
        out.add("ControlNet " + c.controlNets().stream().map(k -> k.wireName()).collect(Collectors.joining(", "))
            + (c.requiresControlNet() ? " (required)" : ""));
      }
      if (!c.durations().isEmpty()) out.add("durations " + c.durations().stream().map(Quotes::plain).collect(Collectors.joining(", ")) + " s");
      if (c.minDuration().isPresent() || c.maxDuration().isPresent()) {
        out.add("durations " + c.minDuration().map(Quotes::plain).orElse("") + "-" + c.maxDuration().map(Quotes::plain).orElse("") + " s");
      }
      c.defaultDuration().ifPresent(d -> out.add("default duration " + Quotes.plain(BigDecimal.valueOf(d.toMillis()).movePointLeft(3)) + " s"));
      if (!c.resolutions().isEmpty()) out.add("resolutions " + String.join(", ", c.resolutions()));
      if (!c.fps().isEmpty()) out.add("fps " + c.fps().stream().map(String::valueOf).collect(Collectors.joining(", ")));
      if (c.audio()) out.add("audio");
      if (c.voiceControl()) out.add("voice control");
      if (!c.upscaleFactors().isEmpty()) {
        out.add("upscale x" + c.upscaleFactors().stream().map(String::valueOf).collect(Collectors.joining(", x")));
      }
      return out;
    }

    /** Prints the first entry named {@code provider/name} in {@code sources}, as written. */
    @SuppressWarnings("unchecked")
    private static void written(List<Source> sources, String list, String provider, String name, PrintWriter out) {
      String field = list.equals("offers") ? "model" : "name";
      for (Source s : sources) {
        Object doc;
        try {
          doc = Json.parse(s.text);
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (!(doc instanceof Map)) continue;
        Map<String, Object> d = (Map<String, Object>) doc;
        Object entries = d.get(list);
        if (!(entries instanceof List)) continue;
        for (Object e : (List<Object>) entries) {
          if (!(e instanceof Map)) continue;
          Map<String, Object> entry = (Map<String, Object>) e;
          Object p = entry.containsKey("provider") ? entry.get("provider") : d.get("provider");
          if (provider.equals(p) && name.equals(entry.get(field))) {
            out.println();
            out.println("As written in " + shortName(s.name) + (entry.containsKey("provider") ? "" : " (provider " + provider + " from the document)") + ":");
            out.println(Json.print(entry));
            return;
          }
        }
      }
    }
  }

  /** {@code unigen catalog validate}. */
  @Command(
      name = "validate",
      header = "Checks a catalog, workload or chain file, or the catalogs on the class path.",
      mixinStandardHelpOptions = true,
      description = {
          "Checks a catalog file, a workload file (and the chain files its lines name) or a chain file against its"
              + " format, naming the entry and field of the first problem; a workload's models and providers must be"
              + " in a catalog.",
          "Without a file, checks the catalogs on the class path: each one, the merged catalog (no offer listed"
              + " twice), and that each provider module finds its own catalog."})
  static final class Validate implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A catalog file (docs/catalog.md), a workload file (docs/planning.md) or a chain file (docs/chains.md).")
    private Path file;

    @Override
    public Integer call() {
      Io io = Cli.io(spec);
      return file == null ? classpath(io) : file(io);
    }

    private int file(Io io) {
      if (!Files.isRegularFile(file)) throw new CliException("no such file: " + file);
      String text = read(file);
      boolean workload = false;
      boolean chain = false;
      try {
        Object doc = Json.parse(text);
        workload = doc instanceof Map && ((Map<?, ?>) doc).containsKey("lines");
        chain = doc instanceof Map && ((Map<?, ?>) doc).containsKey("chain") && ((Map<?, ?>) doc).containsKey("steps");
      } catch (IllegalArgumentException e) {
        // Not JSON: the catalog reader says where, in its own words.
      }
      if (chain) {
        dev.unigen.Chain c = ChainCommand.load(file);
        io.out().println("ok: " + file + ": chain '" + c.name() + "', " + count(c.stepNames().size(), "step") + ": "
            + String.join(", ", c.stepNames()));
      } else if (workload) {
        WorkloadFile w = PlanCommand.load(file);
        // A misspelled model or provider fails here as it would in unigen plan.
        try {
          CostPlanner.builder().catalog(Catalog.fromClasspath()).build().checkNames(w.workload(), w.scenarios());
        } catch (PlanningException e) {
          throw new CliException(file.getFileName() + ": " + e.getMessage(), e);
        }
        io.out().println("ok: " + file + ": workload '" + w.workload().name() + "', " + count(w.workload().lines().size(), "line")
            + ", " + count(w.scenarios().size(), "scenario"));
      } else {
        Catalog c = Catalog.load(file);
        io.out().println("ok: " + file + ": catalog of " + count(c.size(), "offer") + " and "
            + count(c.subscriptions().size(), "subscription") + " from " + (c.providers().isEmpty() ? "no provider" : String.join(", ", c.providers())));
      }
      return Cli.OK;
    }

    private int classpath(Io io) {
      PrintWriter out = io.out();
      List<String> problems = new ArrayList<>();
      List<Source> sources = classpathSources();
      if (sources.isEmpty()) problems.add("no " + Catalog.RESOURCE + " on the class path: no provider module is there");
      for (Source s : sources) {
        try {
          Catalog c = Catalog.parse(s.text, s.name);
          out.println("ok: " + shortName(s.name) + ": " + count(c.size(), "offer") + ", " + count(c.subscriptions().size(), "subscription")
              + " (" + String.join(", ", c.providers()) + ")");
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
      try {
        Catalog all = Catalog.fromClasspath();
        out.println("ok: merged: " + count(all.size(), "offer") + " of " + count(all.models().size(), "model") + " from "
            + count(all.providers().size(), "provider"));
      } catch (IllegalArgumentException | UncheckedIOException e) {
        problems.add(e.getMessage());
      }
      List<ProviderFactory> factories = new ArrayList<>();
      ServiceLoader.load(ProviderFactory.class, Cli.class.getClassLoader()).forEach(factories::add);
      // A module may hold several providers (Luma's two APIs) sharing its one catalog file.
      Map<String, Set<String>> byModule = new HashMap<>();
      for (ProviderFactory f : factories) byModule.computeIfAbsent(module(f.getClass()), k -> new TreeSet<>()).add(f.name());
      for (ProviderFactory f : factories) {
        try {
          Catalog own = Catalog.ofModule(f.getClass());
          Set<String> others = new TreeSet<>(own.providers());
          others.removeAll(byModule.get(module(f.getClass())));
          if (!own.providers().contains(f.name()) || !others.isEmpty()) {
            problems.add("provider " + f.name() + " reads a catalog that lists " + String.join(", ", own.providers())
                + ": the modules' " + Catalog.RESOURCE + " files were merged into one (a flattened jar?)");
          } else {
            out.println("ok: provider " + f.name() + " finds its own catalog: "
                + count(own.forProviders(Set.of(f.name())).size(), "offer"));
          }
        } catch (RuntimeException e) {
          problems.add("provider " + f.name() + ": " + e.getMessage());
        }
      }
      if (problems.isEmpty()) return Cli.OK;
      for (String p : problems) io.err().println("unigen catalog validate: " + p);
      return Cli.FAILED;
    }
  }

  /** The jar or class directory {@code type} was loaded from, as {@link Catalog#ofModule} finds it. */
  static String module(Class<?> type) {
    String self = type.getName().replace('.', '/') + ".class";
    URL url = type.getResource("/" + self);
    return url == null ? type.getName() : url.toString().substring(0, url.toString().length() - self.length());
  }

  /** A catalog document and where it came from. */
  static final class Source {
    final String name;
    final String text;

    Source(String name, String text) {
      this.name = name;
      this.text = text;
    }
  }

  static List<Source> classpathSources() {
    List<Source> out = new ArrayList<>();
    try {
      Enumeration<URL> urls = Catalog.class.getClassLoader().getResources(Catalog.RESOURCE);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        try (InputStream in = url.openStream()) {
          out.add(new Source(url.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + Catalog.RESOURCE + ": " + e.getMessage(), e);
    }
    return out;
  }

  static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** The jar (or directory) a resource URL points into: {@code unigen-provider-together-0.1.0.jar}. */
  static String shortName(String url) {
    String s = url;
    int bang = s.indexOf("!/");
    if (bang > 0) s = s.substring(0, bang);
    else if (s.endsWith(Catalog.RESOURCE)) s = s.substring(0, s.length() - Catalog.RESOURCE.length() - 1);
    int slash = s.lastIndexOf('/', s.length() - 2);
    String last = s.substring(slash + 1);
    // A module's classes directory, target/classes, says less than the module folder above it.
    if (last.equals("classes") || last.equals("classes/")) {
      String up = s.substring(0, slash);
      int t = up.lastIndexOf('/');
      String target = up.substring(t + 1);
      if (target.equals("target")) {
        String module = up.substring(0, t);
        return module.substring(module.lastIndexOf('/') + 1) + "/target/classes";
      }
    }
    return last;
  }

  static String tasks(Offer o) {
    return o.tasks().stream().map(Task::wireName).collect(Collectors.joining(","));
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
