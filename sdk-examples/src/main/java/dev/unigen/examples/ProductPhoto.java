package dev.unigen.examples;

import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.RequestBuilder;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Strategy;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * A small shop's product photo pipeline: cut the product out of a plain snapshot, put it in a new
 * scene, and enlarge the result four times for zoomable listings — each step on the cheapest
 * configured provider able to do it.
 *
 * <ol>
 *   <li>Background removal ({@code gen.removeBackground(null)}: any model).
 *   <li>A new scene: inpainting the background around the product ({@code gen.edit(model)} with
 *       the photo and a mask made from the cut-out), or, where nothing configured can inpaint, a
 *       picture guided by an OpenPose skeleton ({@code controlNet(OPENPOSE, guide)}). Every capable
 *       model is quoted and the cheapest wins; on a tie inpainting does, since it keeps the
 *       product's own pixels.
 *   <li>A 4x upscale ({@code gen.upscale(null).factor(4)}).
 * </ol>
 *
 * <p>With no key set it runs offline on the sandbox, from a bottle it draws itself.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.ProductPhoto
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.ProductPhoto \
 *     -Dexec.args="out-dir my-product.png"
 * </pre>
 */
public final class ProductPhoto {
  private static final String SCENE = "a green glass bottle of olive oil on a marble kitchen counter, morning light,"
      + " soft shadows, product photography";
  private static final String POSED_SCENE = "a smiling cook holding up a green glass bottle of olive oil in a sunny"
      + " kitchen, product photography";
  /** The side of the drawn sample photo: small enough to run in a second, 4x makes 2048. */
  private static final int SAMPLE_SIDE = 512;

  private ProductPhoto() {}

  /**
   * Runs the pipeline on the providers found in the environment. The first argument is the output
   * directory (default {@code unigen-output/product-photo}); the second, optional, is the product
   * photo (default: a bottle drawn on a plain background). Exits with status 1 if a step fails.
   */
  public static void main(String[] args) {
    Path outputDir = Path.of(args.length > 0 ? args[0] : "unigen-output/product-photo");
    Path photo = args.length > 1 ? Path.of(args[1]) : null;
    try (Generator gen = Generator.builder()
        .providersFromEnvironment()        // every provider whose key is set; the sandbox when none is
        .strategy(Strategy.cheapest())
        .build()) {
      run(gen, photo, outputDir, System.out);
    } catch (GenerationException e) {
      System.err.println("ProductPhoto failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Runs the three steps on {@code gen}, printing each step's plan and cost and the total, and
   * returns the files written under {@code outputDir}: the photo (when drawn here), the cut-out,
   * the inpainting mask and the pose guide (the inputs step 2 chooses between), the scene and the
   * upscaled scene.
   *
   * @param photo the product photo, or null to draw a sample
   * @throws GenerationException if a step fails on every provider or none can do it
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public static List<Path> run(Generator gen, Path photo, Path outputDir, PrintStream out) {
    List<Path> written = new ArrayList<>();
    out.println("Providers: " + String.join(", ", gen.providers()));
    if (photo == null) {
      photo = write(sampleBottle(), outputDir.resolve("product.png"));
      written.add(photo);
      out.println("Drew a sample product photo: " + photo);
    }
    BufferedImage original = read(photo);
    int width = original.getWidth();
    int height = original.getHeight();
    List<Money> costs = new ArrayList<>();

    // 1. Cut the product out. PNG, because the transparency is the point.
    out.println();
    out.println("1. Remove the background");
    Generation cut = step(gen.removeBackground(null).image(Media.file(photo)).outputFormat("png").tag("step", "cutout"),
        costs, out);
    Path cutout = save(cut, outputDir, "cutout");
    written.add(cutout);

    // 2. A new scene. Edits name a model, so every model able to do the job is quoted and the
    //    cheapest offer of all wins; each request then fails over among that model's providers.
    //    The scene keeps the photo's size, so the mask lines up with it.
    Path maskFile = write(maskFrom(read(cutout), width, height), outputDir.resolve("mask.png"));
    Path poseFile = write(poseGuide(width, height), outputDir.resolve("pose.png"));
    written.add(maskFile);
    written.add(poseFile);
    List<RequestBuilder<?>> options = new ArrayList<>();
    for (String model : models(gen, Task.INPAINT, null)) {
      options.add(gen.edit(model).image(Media.file(photo)).mask(Media.file(maskFile)).prompt(SCENE)
          .size(width, height));
    }
    for (String model : models(gen, Task.TEXT_TO_IMAGE, ControlNet.Kind.OPENPOSE)) {
      options.add(gen.image(model).prompt(POSED_SCENE).controlNet(ControlNet.Kind.OPENPOSE, Media.file(poseFile))
          .size(width, height));
    }
    out.println();
    out.println("2. New scene: " + options.size() + " way(s) quoted");
    RequestBuilder<?> scene = cheapest(options, out)
        .orElseThrow(() -> new GenerationException("no configured provider can inpaint or take an OpenPose guide"));
    out.println("   chosen: " + describe(scene));
    Generation made = step(scene.tag("step", "scene"), costs, out);
    Path sceneFile = save(made, outputDir, "scene");
    written.add(sceneFile);

    // 3. Four times larger, for zoom on the product page.
    out.println();
    out.println("3. Upscale 4x");
    Generation big = step(gen.upscale(null).image(Media.file(sceneFile)).factor(4).tag("step", "upscale"), costs, out);
    written.add(save(big, outputDir, "scene-4x"));

    out.println();
    // Each actual is the provider's figure or computed from the output; a step with no price adds nothing.
    Money total = costs.stream().reduce(Money::plus).orElse(Money.usd("0"));
    int unpriced = 3 - costs.size();
    out.println("Total: " + Format.money(Optional.of(total))
        + (unpriced > 0 ? " + " + unpriced + " unpriced step(s)" : ""));
    return written;
  }

  /** Prints the plan's top offers, generates, prints where it ran and what it cost. */
  private static Generation step(RequestBuilder<?> request, List<Money> costs, PrintStream out) {
    Plan plan = request.quote();
    List<Quote> quotes = plan.quotes();
    for (int i = 0; i < Math.min(3, quotes.size()); i++) {
      Quote q = quotes.get(i);
      out.println(String.format("  %d. %-34s %-13s %s", i + 1, q.offer().key(), q.rule(),
          Format.money(q.estimate())));
    }
    int more = quotes.size() - Math.min(3, quotes.size());
    if (more > 0 || !plan.excluded().isEmpty()) {
      out.println("  (" + more + " more, " + plan.excluded().size() + " excluded)");
    }
    Generation g = request.generate();
    g.cost().actual().ifPresent(costs::add);
    out.println("  made on " + g.provider() + "/" + g.model() + (g.attempts().size() > 1 ? " after failover" : "")
        + ", cost " + Format.money(g.cost().actual()) + " " + g.cost().basis()
        + " (estimated " + Format.money(g.cost().estimate()) + ")");
    for (String w : g.warnings()) out.println("  note: " + w);
    return g;
  }

  /**
   * The request whose best offer is cheapest, printing each one's; the first of equals, so the
   * order of {@code options} is the preference.
   */
  private static Optional<RequestBuilder<?>> cheapest(List<RequestBuilder<?>> options, PrintStream out) {
    RequestBuilder<?> best = null;
    Money bestPrice = null;
    for (RequestBuilder<?> option : options) {
      Optional<Quote> top = option.quote().best();
      Optional<Money> price = top.flatMap(Quote::estimate);
      out.println(String.format("   - %-30s %s", describe(option),
          top.map(q -> "best " + Format.money(price) + " on " + q.provider()).orElse("no provider can")));
      if (price.isPresent() && (bestPrice == null || bestPrice.isGreaterThan(price.get()))) {
        best = option;
        bestPrice = price.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /** Inpainting or ControlNet, and the model, such as {@code inpainting on sdxl}. */
  private static String describe(RequestBuilder<?> option) {
    Request r = option.build();
    return (r.task() == Task.INPAINT ? "inpainting" : "OpenPose ControlNet") + " on " + r.model().orElse("any model");
  }

  /** The logical models the configured providers offer for {@code task}, with {@code kind} of ControlNet if given. */
  private static TreeSet<String> models(Generator gen, Task task, ControlNet.Kind kind) {
    TreeSet<String> models = new TreeSet<>();
    for (Offer o : gen.catalog().offers(task)) {
      if (kind == null || o.capabilities().controlNets().contains(kind)) models.add(o.model());
    }
    return models;
  }

  private static Path save(Generation g, Path dir, String name) {
    Asset a = g.assets().get(0);
    return a.saveTo(dir.resolve(name + "." + QuickStart.extension(a.mediaType())));
  }

  /** White where the cut-out is transparent (the background, to repaint), black on the product. */
  static BufferedImage maskFrom(BufferedImage cutout, int width, int height) {
    BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        // A provider may return the cut-out at another size; sample it at the photo's scale.
        int alpha = cutout.getRGB(x * cutout.getWidth() / width, y * cutout.getHeight() / height) >>> 24;
        mask.setRGB(x, y, alpha < 128 ? 0xffffffff : 0xff000000);
      }
    }
    return mask;
  }

  /** A green bottle with a cream label on a plain off-white background, like a phone snapshot on a sheet. */
  static BufferedImage sampleBottle() {
    int s = SAMPLE_SIDE;
    BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(0xF2, 0xEF, 0xE8));
      g.fillRect(0, 0, s, s);
      g.setColor(new Color(0x2E, 0x6B, 0x30));
      g.fillRoundRect(s * 36 / 100, s * 34 / 100, s * 28 / 100, s * 54 / 100, s / 12, s / 12);
      g.fillRect(s * 45 / 100, s * 16 / 100, s * 10 / 100, s * 20 / 100);
      g.setColor(new Color(0x8A, 0x5A, 0x1E));
      g.fillRect(s * 44 / 100, s * 11 / 100, s * 12 / 100, s * 6 / 100);
      g.setColor(new Color(0xD8, 0xC8, 0x90));
      g.fillRect(s * 38 / 100, s * 52 / 100, s * 24 / 100, s * 18 / 100);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** A standing figure in OpenPose's colours on black, hands together in front of the chest to hold the product. */
  static BufferedImage poseGuide(int width, int height) {
    // Keypoints as fractions of the frame: nose, neck, right arm, left arm, right leg, left leg.
    double[][] joints = {{0.50, 0.15}, {0.50, 0.28}, {0.38, 0.30}, {0.34, 0.46}, {0.47, 0.40}, {0.62, 0.30},
        {0.66, 0.46}, {0.53, 0.40}, {0.44, 0.58}, {0.43, 0.75}, {0.42, 0.92}, {0.56, 0.58}, {0.57, 0.75}, {0.58, 0.92}};
    int[][] limbs = {{1, 0}, {1, 2}, {2, 3}, {3, 4}, {1, 5}, {5, 6}, {6, 7}, {1, 8}, {8, 9}, {9, 10}, {1, 11}, {11, 12},
        {12, 13}};
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setStroke(new BasicStroke(Math.max(2f, width / 80f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (int i = 0; i < limbs.length; i++) {
        g.setColor(Color.getHSBColor(i / (float) limbs.length, 1f, 1f));
        double[] a = joints[limbs[i][0]];
        double[] b = joints[limbs[i][1]];
        g.drawLine((int) (a[0] * width), (int) (a[1] * height), (int) (b[0] * width), (int) (b[1] * height));
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static BufferedImage read(Path file) {
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      if (img == null) throw new UncheckedIOException(new IOException(file + " is not an image ImageIO can read"));
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Path write(BufferedImage img, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ImageIO.write(img, "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

}
