package dev.unigen.examples;

import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.RequestBuilder;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.catalog.Catalog;
import dev.unigen.money.Money;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Selector;
import dev.unigen.routing.Strategy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * A comic studio's consistent character, as a studio's published cost comparison weighs it (fal,
 * Black Forest Labs and Gemini for FLUX.2 multi-reference panels, judged by cost per panel and
 * 10-episode totals).
 *
 * <ol>
 *   <li>A character sheet: one text-to-image on {@code flux-2-pro}.
 *   <li>Panels of the same character, each drawn from the sheet (plus any extra reference images
 *       given) on the cheapest FLUX.2 model that takes that many references: every
 *       {@code flux-2-*} model the configured providers offer is quoted, and each panel prints
 *       the provider, model and cost it ran at.
 *   <li>What 10 episodes would cost on every FLUX.2 offer in the catalogs of the provider modules
 *       on the classpath (no key needed, no provider called), beside the published figures.
 * </ol>
 *
 * <p>With no key set it runs offline on the sandbox, which serves {@code flux-2-pro} with up to 8
 * references at zero cost. With {@code BFL_API_KEY} or {@code FAL_KEY} set it runs there, for real
 * money, capped at $1 a day.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.ComicStudio
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.ComicStudio \
 *     -Dexec.args="out-dir location.png sidekick.png"
 * </pre>
 */
public final class ComicStudio {
  /** Panels in one episode: the published proof of concept, "Phase 5: Panel generation (68 panels)". */
  public static final int PANELS_PER_EPISODE = 68;
  /** Episodes in the published totals ("10-Ep Total", "10-episode total"). */
  public static final int EPISODES = 10;
  /** The side of the sheet and of every panel, in pixels. */
  public static final int SIDE = 1024;
  /** The sheet is what every panel copies, so it gets FLUX.2's best-known model. */
  public static final String SHEET_MODEL = "flux-2-pro";

  private static final String CHARACTER = "Mira, a young courier with short silver hair, a red scarf,"
      + " a thin scar over her left eyebrow and a battered brass satchel";
  private static final String STYLE = "clean comic ink lines, flat colours";
  /** One short episode: what the character does in each panel. */
  static final List<String> BEATS = List.of(
      "walks into a rain-soaked night market under paper lanterns, wide shot",
      "haggles with an old noodle vendor, close-up, steam rising",
      "notices a hooded figure watching from a rooftop, over-the-shoulder shot",
      "runs across the rooftops at dawn, satchel flying, low angle");

  /**
   * The published comparison's figures for the FLUX.2 rows of its "Best Options" table, per panel
   * and for 10 episodes, by catalog offer. Printed beside the computed ones only: its totals are not
   * its per-panel prices times one panel count (6.12 / 0.012 = 510 panels, 10.88 / 0.016 = 680),
   * so they are shown, never reused.
   */
  private static final Map<String, String[]> PUBLISHED = new LinkedHashMap<>();

  static {
    PUBLISHED.put("fal/flux-2-flash", new String[] {"0.012", "6.12"});
    PUBLISHED.put("fal/flux-2-turbo", new String[] {"0.016", "10.88"});
    PUBLISHED.put("fal/flux-2-dev", new String[] {"0.022", "11.56"});
    PUBLISHED.put("bfl/flux-2-klein-9b", new String[] {"0.030", "13.89"});
    PUBLISHED.put("fal/flux-2-pro", new String[] {"0.049", "28.56"});
    PUBLISHED.put("bfl/flux-2-pro", new String[] {"0.081", "42.44"});
  }

  private ComicStudio() {}

  /**
   * Runs the example on the providers found in the environment, saving to the directory named by
   * the first argument (default {@code unigen-output/comic-panels}); further arguments are extra
   * reference images (a location, a second character) given to every panel. Prints the 10-episode
   * table even when generation fails, since it needs no provider. Exits with status 1 on failure.
   */
  public static void main(String[] args) {
    Path outputDir = Path.of(args.length > 0 ? args[0] : "unigen-output/comic-panels");
    List<Path> extras = Arrays.stream(args).skip(1).map(Path::of).collect(Collectors.toList());
    boolean failed = false;
    try (Generator gen = Generator.builder()
        .providersFromEnvironment()        // every provider whose key is set; the sandbox when none is
        .strategy(Strategy.cheapest())
        .budget(Budget.perDay(Money.usd("1.00")))  // a run costs cents; a mistake (huge references) is refused
        .build()) {
      run(gen, outputDir, extras, System.out);
    } catch (GenerationException e) {
      System.err.println("ComicStudio failed: " + e.getMessage());
      failed = true;
    }
    System.out.println();
    printTenEpisodes(Catalog.fromClasspath(), System.out);
    if (failed) System.exit(1);
  }

  /**
   * Makes the character sheet and four panels on {@code gen}, printing where each ran
   * and what it cost, and returns the files written under {@code outputDir}: the sheet, then the
   * panels.
   *
   * @param extraReferences images every panel takes after the sheet; may be empty
   * @throws GenerationException if no FLUX.2 offer can take that many references, or a picture
   *     fails on every provider
   * @throws UncheckedIOException if a reference image cannot be read
   */
  public static List<Path> run(Generator gen, Path outputDir, List<Path> extraReferences, PrintStream out) {
    out.println("Providers: " + String.join(", ", gen.providers()));
    List<Path> written = new ArrayList<>();
    Set<String> notes = new HashSet<>();
    Money total = Money.usd("0");

    Generation sheet = gen.image(SHEET_MODEL).size(SIDE, SIDE).tag("comic", "sheet")
        .prompt("character sheet of " + CHARACTER + ": front, side and back views, neutral pose, plain grey"
            + " background, " + STYLE)
        .generate();
    Path sheetFile = save(sheet, outputDir, "character-sheet");
    written.add(sheetFile);
    total = total.plus(print("Character sheet", sheet, sheetFile, notes, out));

    // The sheet goes first: the panel prompt names "the first reference image".
    List<Media> refs = new ArrayList<>();
    refs.add(reference(sheetFile));
    for (Path extra : extraReferences) refs.add(reference(extra));

    String model = cheapestFlux2(gen, refs, out);
    for (int i = 0; i < BEATS.size(); i++) {
      Generation g = panel(gen, model, BEATS.get(i), refs).tag("comic", "panel-" + (i + 1)).generate();
      Path file = save(g, outputDir, "panel-" + (i + 1));
      written.add(file);
      total = total.plus(print("Panel " + (i + 1), g, file, notes, out));
    }
    out.println("This run: " + written.size() + " pictures, " + Format.money(Optional.of(total)));
    return written;
  }

  /**
   * The edit that draws one panel: {@code model} showing the character of the first reference
   * image doing {@code action}, at {@link #SIDE}², with {@code references} in order.
   */
  public static RequestBuilder.Edit panel(Generator gen, String model, String action, List<Media> references) {
    RequestBuilder.Edit edit = gen.edit(model).size(SIDE, SIDE)
        .prompt("comic panel: the character from the first reference image " + action
            + "; same face, hair, scar and outfit as in the reference; " + STYLE);
    references.forEach(edit::reference);
    return edit;
  }

  /**
   * An image file as a reference, with its pixel size stated so that megapixel prices (FLUX.2
   * bills input megapixels) are estimated from the real image rather than assumed panel-sized.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Media reference(Path file) {
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      // A format ImageIO cannot decode (WebP) is still sent; it is priced as one panel-sized image.
      return img == null ? Media.file(file) : Media.file(file).withSize(img.getWidth(), img.getHeight());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read reference image " + file, e);
    }
  }

  /**
   * Quotes a panel on every FLUX.2 model the configured providers offer and returns the one whose
   * best offer is cheapest; on equal prices the first by name.
   */
  static String cheapestFlux2(Generator gen, List<Media> refs, PrintStream out) {
    out.println("Panel model: the cheapest FLUX.2 taking " + refs.size() + " reference image(s)");
    String best = null;
    Money bestPrice = null;
    List<String> reasons = new ArrayList<>();
    for (String model : gen.catalog().models()) {
      if (!model.startsWith("flux-2")) continue;
      Plan plan = panel(gen, model, BEATS.get(0), refs).quote();
      Optional<Money> price = plan.best().flatMap(Quote::estimate);
      if (price.isEmpty()) {
        String why = plan.excluded().stream().map(e -> e.offer().provider() + ": " + e.detail())
            .collect(Collectors.joining("; "));
        reasons.add(model + " (" + why + ")");
        out.println(String.format("  %-16s none: %s", model, why));
        continue;
      }
      out.println(String.format("  %-16s %s on %s", model, Format.money(price), plan.best().get().provider()));
      if (bestPrice == null || bestPrice.isGreaterThan(price.get())) {
        best = model;
        bestPrice = price.get();
      }
    }
    if (best == null) {
      throw new GenerationException("no configured FLUX.2 offer takes " + refs.size() + " reference images"
          + (reasons.isEmpty() ? "" : ": " + String.join(", ", reasons)));
    }
    out.println("  chosen: " + best);
    return best;
  }

  /**
   * Prints the published 10-episode comparison computed from {@code prices}: one {@link #SIDE}² panel
   * drawn from one {@link #SIDE}² character reference, quoted on every FLUX.2 offer (the sandbox's
   * zero prices left out), times {@link #PANELS_PER_EPISODE} × {@link #EPISODES}, with the
   * published figure and the difference where the comparison states one. Calls no provider.
   */
  public static void printTenEpisodes(Catalog prices, PrintStream out) {
    Set<String> providers = new TreeSet<>(prices.providers());
    providers.remove("sandbox");
    Selector selector = Selector.builder().catalog(prices.forProviders(providers)).build();
    int panels = PANELS_PER_EPISODE * EPISODES;

    // The published workflow draws every panel from one character reference; nothing is read to quote it.
    Media sheet = Media.file(Path.of("character-sheet.png")).withSize(SIDE, SIDE);
    List<Quote> quotes = new ArrayList<>();
    List<Exclusion> excluded = new ArrayList<>();
    for (String model : selector.catalog().models()) {
      if (!model.startsWith("flux-2")) continue;
      Plan plan = selector.plan(Request.builder(Task.MULTI_REFERENCE).model(model).prompt(BEATS.get(0))
          .size(SIDE, SIDE).reference(sheet).build());
      quotes.addAll(plan.quotes());
      excluded.addAll(plan.excluded());
    }
    quotes.sort(Comparator.comparing((Quote q) -> q.estimate().get().amount())
        .thenComparing(Quote::provider).thenComparing(q -> q.offer().model()));

    out.println("10 episodes = " + EPISODES + " x " + PANELS_PER_EPISODE + " panels = " + panels
        + " panels (as published: \"Phase 5: Panel generation (68 panels)\").");
    out.println("One panel: " + SIDE + "x" + SIDE + " from one " + SIDE + "x" + SIDE
        + " character reference, quoted from the catalogs (USD; diff = computed - published):");
    out.println(String.format("  %-22s %7s %12s | %10s %12s | %10s %12s", "offer", "panel", "10 episodes",
        "published", "pub. 10 ep.", "diff panel", "diff 10 ep."));
    for (Quote q : quotes) {
      BigDecimal each = q.estimate().get().amount();
      BigDecimal all = each.multiply(BigDecimal.valueOf(panels));
      String[] published = PUBLISHED.get(q.offer().key());
      String line = String.format("  %-22s %7s %12s", q.offer().key(), perPanel(each), total(all));
      if (published != null) {
        BigDecimal publishedEach = new BigDecimal(published[0]);
        BigDecimal publishedAll = new BigDecimal(published[1]);
        line += String.format(" | %10s %12s | %10s %12s", published[0], published[1],
            signed(perPanel(each.subtract(publishedEach))), signed(total(all.subtract(publishedAll))));
      }
      out.println(line);
    }
    for (Exclusion e : excluded) out.println("  left out " + e.offer().key() + ": " + e.detail());
    List<String> missing = PUBLISHED.keySet().stream().filter(k -> quotes.stream().noneMatch(q -> q.offer().key().equals(k)))
        .collect(Collectors.toList());
    if (!missing.isEmpty()) out.println("  published rows with no offer in these catalogs: " + String.join(", ", missing));
    out.println("The published totals are not its panel prices x one panel count (6.12 / 0.012 = 510 panels,"
        + " 10.88 / 0.016 = 680), so each difference mixes price and arithmetic.");
  }

  /** At least three decimals, as the comparison writes panel prices ($0.012); more if the price has them. */
  private static String perPanel(BigDecimal amount) {
    BigDecimal a = amount.stripTrailingZeros();
    return a.scale() < 3 ? a.setScale(3).toPlainString() : a.toPlainString();
  }

  /** Cents, as the comparison writes totals; the display is rounded, the arithmetic above is exact. */
  private static String total(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String signed(String amount) {
    return amount.startsWith("-") ? amount : "+" + amount;
  }

  /**
   * Prints where {@code g} ran and what it cost, and each warning not in {@code notes} yet (the
   * panels share theirs); returns the actual cost, zero if unpriced.
   */
  private static Money print(String what, Generation g, Path file, Set<String> notes, PrintStream out) {
    out.println(what + ": " + g.provider() + " " + g.model() + " (" + g.endpoint() + ")"
        + (g.attempts().size() > 1 ? " after failover" : "") + ", cost " + Format.money(g.cost().actual()) + " "
        + g.cost().basis() + " (estimated " + Format.money(g.cost().estimate()) + "), saved " + file);
    for (String w : g.warnings()) if (notes.add(w)) out.println("  note: " + w);
    return g.cost().actual().orElse(Money.usd("0"));
  }

  /** Saves the first asset now: provider links expire (BFL's within 10 minutes). */
  private static Path save(Generation g, Path dir, String name) {
    Asset a = g.assets().get(0);
    return a.saveTo(dir.resolve(name + "." + QuickStart.extension(a.mediaType())));
  }
}
