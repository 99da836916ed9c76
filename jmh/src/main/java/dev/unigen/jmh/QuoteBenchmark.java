package dev.unigen.jmh;

import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Selector;
import dev.unigen.routing.Strategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the selector takes to quote a request against a catalog of 1,000 offers: 50 logical
 * models (31 image, 19 video) across 24 providers, with a mix of per-megapixel, per-image (flat
 * and size × quality tables), FLUX.2 tiered-megapixel in credits, per-second (single rates with a
 * billed minimum and cap, and resolution × audio tables) and per-clip (duration buckets, and base
 * plus extra seconds) rules. Capabilities vary too, so some offers are excluded for their output
 * count, durations, resolutions or missing audio, and some cannot be priced.
 *
 * <p>{@code quoteImage} plans two 1024×1024 images of one model and {@code quoteVideo} a 5 s 1080p
 * clip with audio of one model (about twenty offers each, as a real request names a model);
 * {@code quoteVideoAnyModel} leaves the model open, so every text-to-video offer is weighed. The catalog is built in code and is the same on every run.
 *
 * <pre>{@code java -jar jmh/target/benchmarks.jar Quote -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QuoteBenchmark {
  static final int OFFERS = 1000;

  static final String[] PROVIDERS = {
      "fal", "replicate", "together", "runware", "huggingface", "bfl", "wavespeed", "stability",
      "openai", "google", "xai", "leonardo", "getimg", "luma", "runway", "deepinfra", "fireworks",
      "novita", "segmind", "modelslab", "siliconflow", "ideogram", "recraft", "minimax"};

  static final String[] IMAGE_MODELS = {
      "flux-schnell", "flux-dev", "flux-pro-1.1", "flux-pro-1.1-ultra", "flux-2-pro", "flux-2-flex",
      "flux-2-max", "flux-2-dev", "flux-2-flash", "flux-2-turbo", "flux-2-klein-4b", "flux-2-klein-9b",
      "flux-kontext-dev", "flux-kontext-pro", "flux-kontext-max", "sdxl", "sd-3.5-large",
      "sd-3.5-large-turbo", "sd-3.5-medium", "dall-e-3", "gpt-image-1", "gpt-image-1.5",
      "gpt-image-1-mini", "gpt-image-2", "imagen-4", "gemini-2.5-flash-image", "gemini-3-pro-image",
      "grok-imagine", "z-image-turbo", "ideogram-v3", "recraft-v3"};

  static final String[] VIDEO_MODELS = {
      "kling-2.1-pro", "kling-2.6-pro", "kling-3.0-std", "wan-2.1", "wan-2.2-animate", "wan-2.5",
      "wan-2.6", "veo-2", "veo-3.1-fast", "veo-3", "veo-3.1", "veo-3.1-lite", "kling-2.1-master", "ltx-2-19b",
      "seedance-lite", "seedance-pro", "seedance-2.0", "hailuo", "sora-2"};

  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
  private static final String[] RESOLUTIONS = {"480p", "720p", "1080p", "1440p", "2160p"};

  private Selector selector;
  private Request image;
  private Request video;
  private Request anyVideo;

  /** Builds the catalog, the selector and the two requests, and checks both can be quoted. */
  @Setup
  public void setUp() {
    Catalog catalog = catalog();
    if (catalog.size() != OFFERS) throw new IllegalStateException("expected " + OFFERS + " offers, built " + catalog.size());
    selector = Selector.builder().catalog(catalog).strategy(Strategy.cheapest()).build();
    image = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red bicycle in the rain")
        .size(1024, 1024).count(2).build();
    video = Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1").prompt("the bicycle rides away in the rain")
        .duration(Duration.ofSeconds(5)).resolution("1080p").audio(true).build();
    anyVideo = video.toBuilder().model(null).build();
    for (Request r : List.of(image, video, anyVideo)) {
      Plan p = selector.plan(r);
      if (p.isEmpty() || p.excluded().isEmpty()) {
        throw new IllegalStateException("an unrealistic plan for " + r + ": " + p.quotes().size()
            + " quotes, " + p.excluded().size() + " exclusions");
      }
    }
  }

  /** Plans two 1024×1024 flux-schnell images. */
  @Benchmark
  public Plan quoteImage() {
    return selector.plan(image);
  }

  /** Plans a 5 s, 1080p veo-3.1 clip with audio. */
  @Benchmark
  public Plan quoteVideo() {
    return selector.plan(video);
  }

  /** Plans the same clip on any model: every text-to-video offer (about 400) is weighed. */
  @Benchmark
  public Plan quoteVideoAnyModel() {
    return selector.plan(anyVideo);
  }

  /** 1,000 offers: a fixed, shuffled choice among every model × provider pair. */
  static Catalog catalog() {
    List<String[]> pairs = new ArrayList<>();
    for (String m : IMAGE_MODELS) for (String p : PROVIDERS) pairs.add(new String[] {m, p, "image"});
    for (String m : VIDEO_MODELS) for (String p : PROVIDERS) pairs.add(new String[] {m, p, "video"});
    Random random = new Random(20261123L);
    Collections.shuffle(pairs, random);
    List<Offer> offers = new ArrayList<>(OFFERS);
    for (String[] pair : pairs.subList(0, OFFERS)) {
      offers.add(pair[2].equals("image") ? imageOffer(pair[0], pair[1], random) : videoOffer(pair[0], pair[1], random));
    }
    return Catalog.of(offers);
  }

  private static Offer imageOffer(String model, String provider, Random r) {
    Capabilities caps = Capabilities.builder()
        .sizeRange(256, r.nextBoolean() ? 2048 : 1440, r.nextBoolean() ? 16 : 32)
        .defaultSize(r.nextBoolean() ? Size.of(1024, 1024) : Size.of(1024, 768))
        .maxCount(r.nextInt(100) < 15 ? 1 : 4)
        .maxReferences(r.nextInt(9))
        .maxLoras(r.nextInt(4))
        .build();
    String rule;
    switch (r.nextInt(10)) {
      case 0: case 1: case 2: case 3:
        rule = "{'kind':'per-megapixel','price':'" + price(r, 20, 400, 4) + "','megapixelBase':"
            + (r.nextBoolean() ? "1000000" : "1048576") + ",'rounding':'" + (r.nextBoolean() ? "up" : "none") + "'"
            + (r.nextInt(4) == 0 ? ",'minimumUnits':1" : "")
            + (r.nextInt(4) == 0 ? ",'addOns':{'perLora':'0.004'}" : "") + "}";
        break;
      case 4: case 5:
        rule = "{'kind':'per-image','price':'" + price(r, 3, 80, 3) + "'}";
        break;
      case 6: case 7:
        StringBuilder t = new StringBuilder("{'kind':'per-image','prices':[");
        String[] sizes = r.nextInt(5) == 0 ? new String[] {"1024x1792", "1792x1024"}
            : new String[] {"1024x1024", "1024x1536", "1536x1024", "512x512"};
        for (String quality : new String[] {"standard", "hd"}) {
          for (String size : sizes) {
            t.append("{'size':'").append(size).append("','quality':'").append(quality)
                .append("','price':'").append(price(r, 10, 170, 3)).append("'},");
          }
        }
        t.setLength(t.length() - 1);
        rule = t.append("]}").toString();
        break;
      default:
        rule = "{'kind':'tiered-megapixel','firstMegapixel':'" + price(r, 14, 70, 1) + "','extraMegapixel':'"
            + price(r, 1, 50, 1) + "','megapixelBase':1048576,'creditValue':'0.01'}";
    }
    return Offer.builder(provider, model).endpoint(provider + "/" + model)
        .tasks(Task.TEXT_TO_IMAGE).tasks(r.nextBoolean() ? Task.IMAGE_TO_IMAGE : Task.TEXT_TO_IMAGE)
        .capabilities(caps).price(PriceRule.fromJson(rule.replace('\'', '"')))
        .provenance(AS_OF, "benchmark").build();
  }

  private static Offer videoOffer(String model, String provider, Random r) {
    Capabilities.Builder caps = Capabilities.builder().audio(r.nextInt(10) < 6);
    int from = r.nextInt(2);
    int to = 2 + r.nextInt(3);
    for (int i = from; i <= to; i++) caps.resolution(RESOLUTIONS[i]);
    boolean sixToTen = r.nextInt(6) == 0;
    if (sixToTen) {
      caps.duration(BigDecimal.valueOf(6)).duration(BigDecimal.valueOf(8)).duration(BigDecimal.valueOf(10))
          .defaultDuration(Duration.ofSeconds(6));
    } else if (r.nextBoolean()) {
      caps.duration(BigDecimal.valueOf(5)).duration(BigDecimal.valueOf(10)).defaultDuration(Duration.ofSeconds(5));
    } else {
      caps.durationRange(BigDecimal.valueOf(2), BigDecimal.valueOf(20));
    }
    String rule;
    switch (r.nextInt(10)) {
      case 0: case 1: case 2: case 3: {
        StringBuilder t = new StringBuilder("{'kind':'per-second','rates':[");
        for (int i = from; i <= to; i++) {
          BigDecimal silent = price(r, 4, 30, 2);
          t.append("{'resolution':'").append(RESOLUTIONS[i]).append("','audio':false,'price':'")
              .append(silent.toPlainString()).append("'},");
          t.append("{'resolution':'").append(RESOLUTIONS[i]).append("','audio':true,'price':'")
              .append(silent.multiply(new BigDecimal("1.5")).toPlainString()).append("'},");
        }
        t.setLength(t.length() - 1);
        rule = t.append(']').append(sixToTen ? ",'durations':{'allowed':[6,8,10]}" : "").append('}').toString();
        break;
      }
      case 4: case 5:
        rule = "{'kind':'per-second','price':'" + price(r, 4, 40, 2) + "','durations':{'minimum':5,'maximum':120}}";
        break;
      case 6: case 7: {
        StringBuilder t = new StringBuilder("{'kind':'per-clip','clips':[");
        for (int i = from; i <= to; i++) {
          BigDecimal five = price(r, 15, 90, 2);
          t.append("{'resolution':'").append(RESOLUTIONS[i]).append("','seconds':5,'price':'")
              .append(five.toPlainString()).append("'},");
          t.append("{'resolution':'").append(RESOLUTIONS[i]).append("','seconds':10,'price':'")
              .append(five.add(five).toPlainString()).append("'},");
        }
        t.setLength(t.length() - 1);
        rule = t.append("]}").toString();
        break;
      }
      default:
        rule = "{'kind':'per-clip','base':'" + price(r, 20, 80, 2) + "','baseSeconds':5,'extraSecond':'"
            + price(r, 3, 15, 2) + "'}";
    }
    return Offer.builder(provider, model).endpoint(provider + "/" + model)
        .tasks(Task.TEXT_TO_VIDEO).tasks(r.nextBoolean() ? Task.IMAGE_TO_VIDEO : Task.TEXT_TO_VIDEO)
        .capabilities(caps.build()).price(PriceRule.fromJson(rule.replace('\'', '"')))
        .provenance(AS_OF, "benchmark").build();
  }

  /** A price between {@code min} and {@code max} units of 10^-scale. */
  private static BigDecimal price(Random r, int min, int max, int scale) {
    return BigDecimal.valueOf(min + r.nextInt(max - min + 1), scale);
  }
}
