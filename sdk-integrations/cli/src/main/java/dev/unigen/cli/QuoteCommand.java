package dev.unigen.cli;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.planning.WorkloadLine;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Selector;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code unigen quote}: every offer of a model priced for one request, from the catalog alone. */
@Command(
    name = "quote",
    header = "Prices one request on every offer of a model, from the catalog alone.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Prices one request for a logical model on every offer in the catalog, ranked cheapest first, and says why"
            + " each other offer cannot serve it. Nothing is sent anywhere and no key is needed.",
        "Exits with status 1 when no offer can serve the request."})
final class QuoteCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model>", description = "A logical model id, such as flux-schnell (unigen catalog list shows them).")
  private String model;

  @Option(names = "--task", paramLabel = "TASK", converter = Converters.TaskConverter.class,
      description = "What is asked, such as text-to-image or image-to-video. Default: text-to-image if the model"
          + " does it, else text-to-video, else its first task.")
  private Task task;

  @Option(names = "--size", paramLabel = "WxH", converter = Converters.SizeConverter.class,
      description = "Output size, such as 1024x1024. Default: each offer's default size.")
  private Size size;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Outputs in the one request. Default: ${DEFAULT-VALUE}.")
  private int count;

  @Option(names = "--duration", paramLabel = "SECONDS", converter = Converters.DurationConverter.class,
      description = "Video length, such as 5s. Default: each offer's default length.")
  private Duration duration;

  @Option(names = "--resolution", paramLabel = "NAME", description = "Video resolution or image tier, such as 1080p or 4K.")
  private String resolution;

  @Option(names = "--audio", description = "Generated audio.")
  private boolean audio;

  @Option(names = "--voice-control", description = "Voice control (with --audio).")
  private boolean voiceControl;

  @Option(names = "--references", paramLabel = "N", defaultValue = "0", description = "Reference images per request.")
  private int references;

  @Option(names = "--reference-size", paramLabel = "WxH", converter = Converters.SizeConverter.class,
      description = "Size of each reference image. Default: counted as one output-sized image where inputs are billed.")
  private Size referenceSize;

  @Option(names = "--input-size", paramLabel = "WxH", converter = Converters.SizeConverter.class,
      description = "Size of the input image of an edit, upscale or image-to-video.")
  private Size inputSize;

  @Option(names = "--upscale", paramLabel = "FACTOR", description = "Upscale factor, for task upscale.")
  private Integer upscale;

  @Option(names = "--steps", paramLabel = "N", description = "Inference or training steps.")
  private Integer steps;

  @Option(names = "--quality", paramLabel = "NAME", description = "Quality, such as standard, hd or high.")
  private String quality;

  @Option(names = "--loras", paramLabel = "N", defaultValue = "0", description = "LoRAs per request.")
  private int loras;

  @Option(names = "--controlnet", paramLabel = "KIND", converter = Converters.ControlNetConverter.class,
      description = "A ControlNet guide, such as openpose. Repeatable.")
  private List<ControlNet.Kind> controlNets = new ArrayList<>();

  @Option(names = "--prompt", paramLabel = "TEXT", description = "A typical prompt, for offers priced by prompt tokens.")
  private String prompt;

  @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider's offers. Repeatable.")
  private List<String> providers = new ArrayList<>();

  @Option(names = "--max-cost", paramLabel = "AMOUNT", converter = Converters.DecimalConverter.class,
      description = "Leave out offers whose estimate is above this amount, in the report currency.")
  private BigDecimal maxCost;

  @Option(names = "--json", description = "Print the quote as JSON on standard output (shape in docs/cli.md): every amount"
      + " a decimal string with its currency.")
  private boolean json;

  @Mixin
  private MoneyOptions money;

  @Mixin
  private CatalogOptions catalogs;

  @Override
  public Integer call() {
    Io io = Cli.io(spec);
    Catalog catalog = catalogs.load();
    List<Offer> offers = catalog.offers(model);
    if (offers.isEmpty()) throw new CliException(unknownModel(model, catalog));
    Task asked = task != null ? task : defaultTask(offers);
    Currency currency = money.currency(Optional.empty());
    Request request = request(asked, currency);

    Plan plan = Selector.builder().catalog(catalog).currency(currency).fxRates(money.fxRates()).clock(io.clock()).build()
        .plan(request);
    io.err().println("catalog: " + catalogs.describe());
    Retirements.warn(plan, LocalDate.now(io.clock()), spec.qualifiedName(), io.err());
    if (json) {
      io.out().print(MachineJson.quote(model, asked, describe(asked), currency, money.rates, plan));
      return plan.isEmpty() ? Cli.FAILED : Cli.OK;
    }
    io.out().println("Quote: " + model + ": " + describe(asked));
    io.out().println("Prices in " + currency.getCurrencyCode()
        + (money.describe().isEmpty() ? "" : " (" + String.join(", ", money.describe()) + ")") + ".");
    io.out().println();
    Quotes.print(plan, io.out());
    return plan.isEmpty() ? Cli.FAILED : Cli.OK;
  }

  /** The task a model is usually asked for: text-to-image, else text-to-video, else its first. */
  static Task defaultTask(List<Offer> offers) {
    for (Task preferred : List.of(Task.TEXT_TO_IMAGE, Task.TEXT_TO_VIDEO)) {
      for (Offer o : offers) if (o.serves(preferred)) return preferred;
    }
    for (Task t : Task.values()) {
      for (Offer o : offers) if (o.serves(t)) return t;
    }
    throw new IllegalStateException("an offer without tasks");
  }

  /** "no offer of model 'fluxx'...", naming models that contain what was typed. */
  static String unknownModel(String model, Catalog catalog) {
    List<String> like = new ArrayList<>();
    String needle = model.toLowerCase(Locale.ROOT);
    for (String m : catalog.models()) {
      if (m.contains(needle) || needle.contains(m)) like.add(m);
    }
    Optional<Unavailable.Entry> gone = Unavailable.find("", model);
    if (gone.isPresent()) {
      return "no offer of model '" + model + "' in the catalog; it is not served: " + gone.get().why
          + " (see " + Unavailable.PAGE + "); served instead: " + String.join(", ", gone.get().instead);
    }
    return "no offer of model '" + model + "' in the catalog"
        + (like.isEmpty() ? "; unigen catalog list shows every model" : "; models like it: " + String.join(", ", like));
  }

  private Request request(Task asked, Currency currency) {
    if (count < 1) throw new ParameterException(spec.commandLine(), "--count must be at least 1: " + count);
    if (references < 0 || loras < 0) throw new ParameterException(spec.commandLine(), "--references and --loras must not be negative");
    WorkloadLine.Builder b = WorkloadLine.builder(asked).model(model).count(count).perRequest(count)
        .audio(audio).voiceControl(voiceControl).loras(loras);
    if (size != null) b.size(size);
    if (duration != null) b.duration(duration);
    if (resolution != null) b.resolution(resolution);
    if (referenceSize != null) b.references(references, referenceSize); else b.references(references);
    if (inputSize != null) b.inputSize(inputSize);
    if (upscale != null) b.upscaleFactor(upscale);
    if (steps != null) b.steps(steps);
    if (quality != null) b.quality(quality);
    if (prompt != null) b.prompt(prompt);
    for (ControlNet.Kind k : controlNets) b.controlNet(k);
    Request r;
    try {
      // A workload line of one request builds the request with placeholder inputs, the way the planner prices it.
      r = b.build().request();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (providers.isEmpty() && maxCost == null) return r;
    Request.Builder rb = r.toBuilder();
    for (String p : providers) rb.allowProvider(p);
    if (maxCost != null) rb.maxCost(Money.of(maxCost, currency));
    return rb.build();
  }

  private String describe(Task asked) {
    List<String> parts = new ArrayList<>();
    parts.add(asked.wireName());
    parts.add(size != null ? size.toString() : "default size");
    parts.add(count + (count == 1 ? " output" : " outputs"));
    if (duration != null) parts.add(Quotes.plain(BigDecimal.valueOf(duration.toMillis()).movePointLeft(3)) + " s");
    if (resolution != null) parts.add(resolution);
    if (audio) parts.add("audio");
    if (voiceControl) parts.add("voice control");
    if (references > 0) parts.add(references + (references == 1 ? " reference" : " references")
        + (referenceSize != null ? " of " + referenceSize : ""));
    if (inputSize != null) parts.add("input " + inputSize);
    if (upscale != null) parts.add("upscale x" + upscale);
    if (steps != null) parts.add(steps + " steps");
    if (quality != null) parts.add("quality " + quality);
    if (loras > 0) parts.add(loras + (loras == 1 ? " LoRA" : " LoRAs"));
    for (ControlNet.Kind k : controlNets) parts.add("ControlNet " + k.wireName());
    if (!providers.isEmpty()) parts.add("only " + String.join(", ", providers));
    if (maxCost != null) parts.add("at most " + Quotes.plain(maxCost));
    return String.join(", ", parts);
  }
}
