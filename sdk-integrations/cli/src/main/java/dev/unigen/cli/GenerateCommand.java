package dev.unigen.cli;

import dev.unigen.Attempt;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.RequestBuilder;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code unigen generate}: one image or video, on the cheapest configured provider that can make it. */
@Command(
    name = "generate",
    header = "Makes images or a video on the cheapest configured provider (the sandbox without keys).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Makes images or a video from a prompt on the cheapest configured provider, failing over to the next when one"
            + " fails, and saves the results. Providers are those whose API key is set in the environment (such as"
            + " TOGETHER_API_KEY or RUNWARE_API_KEY); with none set, the offline sandbox makes them at zero cost.",
        "Prints the quote first, then every attempt, the cost and the files saved."})
final class GenerateCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model>", description = "A logical model id, such as flux-schnell or kling-2.1-pro.")
  private String model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "What to make.")
  private String prompt;

  @Option(names = "--size", paramLabel = "WxH", converter = Converters.SizeConverter.class, description = "Output size, such as 1024x1024.")
  private Size size;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Images to make. Default: ${DEFAULT-VALUE}.")
  private int count;

  @Option(names = "--seed", paramLabel = "N", description = "A seed, for the same picture again.")
  private Long seed;

  @Option(names = "--duration", paramLabel = "SECONDS", converter = Converters.DurationConverter.class,
      description = "Video length, such as 5s (video models).")
  private Duration duration;

  @Option(names = "--resolution", paramLabel = "NAME", description = "Video resolution, such as 720p (video models).")
  private String resolution;

  @Option(names = "--audio", description = "Generated audio (video models that offer it).")
  private boolean audio;

  @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider. Repeatable.")
  private List<String> providers = new ArrayList<>();

  @Option(names = "--max-cost", paramLabel = "USD", converter = Converters.DecimalConverter.class,
      description = "Refuse offers whose estimate is above this many US dollars.")
  private BigDecimal maxCost;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "unigen-output", description = "Where to save the results. Default: ${DEFAULT-VALUE}.")
  private Path out;

  @Override
  public Integer call() {
    Io io = Cli.io(spec);
    if (count < 1) throw new ParameterException(spec.commandLine(), "--count must be at least 1: " + count);
    Generator.Builder gb = Generator.builder().providersFromEnvironment();
    if (io.env() != null) gb.environment(io.env());
    try (Generator gen = gb.build()) {
      PrintWriter o = io.out();
      o.println("Providers: " + String.join(", ", gen.providers()));
      List<Offer> offers = gen.catalog().offers(model);
      if (offers.isEmpty()) {
        throw new CliException("no configured provider offers model '" + model + "'; they offer: "
            + String.join(", ", gen.catalog().models()));
      }
      RequestBuilder<?> request = request(gen, QuoteCommand.defaultTask(offers));
      o.println();
      o.println("Quote:");
      Quotes.print(request.quote(), o);
      o.flush();

      Generation g = request.generate();
      o.println();
      o.println("Attempts:");
      Quotes.Table t = new Quotes.Table("provider", "outcome", "tries", "reason");
      for (Attempt a : g.attempts()) t.row(a.provider(), a.outcome().name(), String.valueOf(a.tries()), a.reason());
      t.print(o, "  ");
      o.println("Made on " + g.provider() + " (" + g.endpoint() + ") in " + g.elapsed().toMillis() + " ms");
      o.println("  cost " + money(g.cost().actual()) + " " + g.cost().basis() + ", estimated " + money(g.cost().estimate())
          + " (" + g.cost().rule() + ")");
      for (String w : g.warnings()) o.println("  note: " + w);
      List<Asset> assets = g.assets();
      String id = g.id().length() > 8 ? g.id().substring(0, 8) : g.id();
      for (int i = 0; i < assets.size(); i++) {
        Asset a = assets.get(i);
        Path file = a.saveTo(out.resolve(model + "-" + id + (assets.size() > 1 ? "-" + (i + 1) : "") + "." + extension(a.mediaType())));
        String dims = a.width().isPresent() && a.height().isPresent() ? " " + a.width().getAsInt() + "x" + a.height().getAsInt() : "";
        o.println("  saved " + file + " (" + a.mediaType() + dims + ")");
      }
      return Cli.OK;
    }
  }

  private RequestBuilder<?> request(Generator gen, Task task) {
    RequestBuilder<?> b;
    if (task.producesVideo()) {
      RequestBuilder.Video v = gen.video(model).prompt(prompt).audio(audio);
      if (duration != null) v.duration(duration);
      if (resolution != null) v.resolution(resolution);
      if (size != null) v.size(size.width(), size.height());
      if (count != 1) throw new ParameterException(spec.commandLine(), "--count is for images; " + model + " makes one video");
      b = v;
    } else if (task == Task.TEXT_TO_IMAGE) {
      RequestBuilder.Image i = gen.image(model).prompt(prompt).count(count);
      if (size != null) i.size(size.width(), size.height());
      if (resolution != null) i.resolution(resolution);
      b = i;
    } else {
      throw new CliException("generate makes images and videos from a prompt; " + model + " does " + task.wireName());
    }
    if (seed != null) b.seed(seed);
    for (String p : providers) b.provider(p);
    if (maxCost != null) b.maxCost(Money.usd(maxCost));
    b.tag("source", "unigen-cli");
    return b;
  }

  private static String money(java.util.Optional<Money> m) {
    return m.map(Quotes::plain).orElse("unknown");
  }

  static String extension(String mediaType) {
    String t = mediaType.toLowerCase(Locale.ROOT);
    int semi = t.indexOf(';');
    if (semi >= 0) t = t.substring(0, semi).strip();
    switch (t) {
      case "image/png": return "png";
      case "image/jpeg": return "jpg";
      case "image/webp": return "webp";
      case "image/gif": return "gif";
      case "video/mp4": return "mp4";
      case "video/webm": return "webm";
      case "video/quicktime": return "mov";
      case "text/plain": return "txt";
      default: return "bin";
    }
  }
}
