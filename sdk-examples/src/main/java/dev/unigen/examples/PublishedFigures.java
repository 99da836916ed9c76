package dev.unigen.examples;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The figures three published cost plans state for the scenarios in {@code workloads/} — a photo
 * platform's, a comic studio's and a short-video platform's — each with where in its plan it is
 * written and how to compute the same figure from a cost plan of the workload.
 * {@link PublishedCostPlans} prints each stated figure beside the computed one.
 *
 * <p>Amounts are in the workload's currency (rupiah for the photo platform, US dollars for the
 * comic studio and the video platform); margins are ratios ({@code 0.71} is 71 %). A stated figure
 * is written with the precision its plan gives it, which decides whether a computed figure "rounds
 * to it". Immutable.
 */
final class PublishedFigures {
  /** What a figure measures in a scenario's cost. */
  enum Measure {
    /** The scenario's total per user: pay-as-you-go − included credit + fees. */
    TOTAL,
    /** The sum of the lines' costs before subscription credit: what the published plans call a "total per user" before fees. */
    PAY_AS_YOU_GO,
    /** The subscription fees per user. */
    FEES,
    /** Margin ÷ revenue. */
    MARGIN_RATIO,
    /** The sum of the named lines' costs; {@code line#step} names one step of a chain line. */
    COST,
    /** The sum of the named lines' costs less the included credit that paid for them. */
    CHARGED,
    /** The sum of the named lines' costs per output. */
    UNIT,
    /** The cost of one credit-pack output. */
    CREDIT_COST,
    /** The margin of one credit-pack output sold from one pack. */
    CREDIT_MARGIN,
    /** The sum of the named fixed costs (a storage bill, say) per user. */
    FIXED
  }

  /** One stated figure and how to compute it. */
  static final class Figure {
    final String workload;
    final String scenario;
    final String label;
    final Measure measure;
    final List<String> lines;
    final String output;
    final String pack;
    final BigDecimal times;
    final long per;
    final long volume;
    final BigDecimal stated;
    final String where;

    private Figure(Builder b) {
      workload = b.workload;
      scenario = b.scenario;
      label = b.label;
      measure = b.measure;
      lines = List.copyOf(b.lines);
      output = b.output;
      pack = b.pack;
      times = b.times;
      per = b.per;
      volume = b.volume;
      stated = new BigDecimal(b.stated);
      where = b.where;
    }

    /** True for a margin ratio, printed as a percentage. */
    boolean isRatio() {
      return measure == Measure.MARGIN_RATIO;
    }

    @Override
    public String toString() {
      return workload + " / " + scenario + " / " + label;
    }
  }

  static final class Builder {
    private final String workload;
    private final String scenario;
    private final String label;
    private final Measure measure;
    private final List<String> lines = new ArrayList<>();
    private String output;
    private String pack;
    private BigDecimal times = BigDecimal.ONE;
    private long per = 1;
    private long volume = 1;
    private String stated;
    private String where;

    private Builder(String workload, String scenario, String label, Measure measure) {
      this.workload = workload;
      this.scenario = scenario;
      this.label = label;
      this.measure = measure;
    }

    /** The figure × {@code k}, such as the cost of 10 test panels from the cost of one. */
    Builder times(long k) { times = BigDecimal.valueOf(k); return this; }
    /** The figure ÷ {@code n}, such as a cost per panel from the cost of all of them. */
    Builder per(long n) { per = n; return this; }
    /** Plans the workload with every line's count × {@code k} first, such as 10,000 outputs from a file of 1,000. */
    Builder volume(long k) { volume = k; return this; }

    Figure says(String stated, String where) {
      this.stated = Objects.requireNonNull(stated);
      this.where = Objects.requireNonNull(where);
      return new Figure(this);
    }
  }

  private PublishedFigures() {}

  private static Builder of(String workload, String scenario, String label, Measure m, String... lines) {
    Builder b = new Builder(workload, scenario, label, m);
    b.lines.addAll(List.of(lines));
    return b;
  }

  private static Builder credit(String workload, String scenario, String label, Measure m, String output, String pack) {
    Builder b = new Builder(workload, scenario, label, m);
    b.output = output;
    b.pack = pack;
    return b;
  }

  static final String STARTER = "photo-platform-starter.json";
  static final String STARTER_NO_VIDEO = "photo-platform-starter-no-video.json";
  static final String PRO = "photo-platform-pro.json";
  static final String BUSINESS = "photo-platform-business.json";
  static final String OTHERS = "photo-platform-other-providers.json";
  static final String COMIC = "comic-studio-panels.json";
  static final String PIPELINES = "video-platform-pipelines.json";
  static final String VOLUME = "video-platform-volume.json";

  /** Every stated figure, in the order of the workload files. */
  static List<Figure> all() {
    List<Figure> f = new ArrayList<>();
    photoPlatform(f);
    comicStudio(f);
    videoPlatform(f);
    return List.copyOf(f);
  }

  private static void photoPlatform(List<Figure> f) {
    String old = "photo platform plan, Monthly cost projection, STARTER, Old Plan (All Fal.ai)";
    f.add(of(STARTER, "All fal", "Poses, 300 at Rp 80", Measure.COST, "Poses").says("24000", old + ": \"300 poses @ Rp 80 = Rp 24,000\""));
    f.add(of(STARTER, "All fal", "FLUX schnell, one image", Measure.UNIT, "FLUX schnell").says("50", old + ": \"100 FLUX Schnell @ Rp 50\""));
    f.add(of(STARTER, "All fal", "FLUX schnell, 100", Measure.COST, "FLUX schnell").says("5000", old + ": \"= Rp 5,000\""));
    f.add(of(STARTER, "All fal", "FLUX dev, one image", Measure.UNIT, "FLUX dev").says("400", old + ": \"50 FLUX Dev @ Rp 400\""));
    f.add(of(STARTER, "All fal", "FLUX dev, 50", Measure.COST, "FLUX dev").says("20000", old + ": \"= Rp 20,000\""));
    f.add(of(STARTER, "All fal", "Videos, 3 Seedance Lite", Measure.COST, "Videos").says("9000", old + ": \"3 videos (Seedance Lite) @ Rp 3,000 = Rp 9,000\""));
    f.add(of(STARTER, "All fal", "Total per user", Measure.TOTAL).says("58000", old + ": \"Total Cost: Rp 58,000\""));
    f.add(of(STARTER, "All fal", "Margin", Measure.MARGIN_RATIO).says("0.71", old + ": \"Margin: 71%\"; Final recommendations: \"STARTER: 71% -> 89%\""));

    String decimal = "All fal, 10^6-pixel megapixels";
    f.add(of(STARTER, decimal, "FLUX schnell, one image", Measure.UNIT, "FLUX schnell").says("50", old + ": \"100 FLUX Schnell @ Rp 50\""));
    f.add(of(STARTER, decimal, "FLUX dev, one image", Measure.UNIT, "FLUX dev").says("400", old + ": \"50 FLUX Dev @ Rp 400\""));
    f.add(of(STARTER, decimal, "Total per user", Measure.TOTAL).says("58000", old + ": \"Total Cost: Rp 58,000\""));

    String fresh = "photo platform plan, Monthly cost projection, STARTER, New Plan (HF PRO + Runware)";
    f.add(of(STARTER, "HF PRO + Runware", "Poses, 300 on Runware", Measure.COST, "Poses").says("6000", fresh + ": \"300 poses (Runware) @ Rp 20 = Rp 6,000\""));
    f.add(of(STARTER, "HF PRO + Runware", "FLUX schnell, 100, left to pay", Measure.CHARGED, "FLUX schnell").says("0", fresh + ": \"100 FLUX Schnell (HF PRO) = FREE (from $2 credits)\""));
    f.add(of(STARTER, "HF PRO + Runware", "FLUX dev, 50, left to pay", Measure.CHARGED, "FLUX dev").says("0", fresh + ": \"50 FLUX Dev (HF PRO) = FREE (from $2 credits)\""));
    f.add(of(STARTER, "HF PRO + Runware", "Videos, 3 on Replicate", Measure.COST, "Videos").says("60000", fresh + ": \"3 videos (Replicate) @ Rp 20,000 = Rp 60,000\""));
    f.add(of(STARTER, "HF PRO + Runware", "HF PRO fee", Measure.FEES).says("144000", fresh + ": \"HF PRO subscription: Rp 144,000/month\""));
    f.add(of(STARTER, "HF PRO + Runware", "Total per user", Measure.TOTAL).says("210000", fresh + ": \"Total Cost: Rp 144k + Rp 6k + Rp 60k = Rp 210,000\""));
    f.add(of(STARTER, "HF PRO + Runware", "Margin", Measure.MARGIN_RATIO).says("-0.05", fresh + ": \"Margin: -5%\""));
    String publishedPose = "HF PRO + Runware, published pose price";
    f.add(of(STARTER, publishedPose, "Poses, 300 on Runware", Measure.COST, "Poses").says("6000", fresh + ": \"300 poses (Runware) @ Rp 20 = Rp 6,000\""));
    f.add(of(STARTER, publishedPose, "Total per user", Measure.TOTAL).says("210000", fresh + ": \"Total Cost: Rp 144k + Rp 6k + Rp 60k = Rp 210,000\""));
    f.add(of(STARTER, publishedPose, "Margin", Measure.MARGIN_RATIO).says("-0.05", fresh + ": \"Margin: -5%\""));

    String opt = "photo platform plan, Monthly cost projection, STARTER, Optimized Plan";
    f.add(of(STARTER_NO_VIDEO, "Optimized, fee left out", "Poses, 300 on Runware", Measure.COST, "Poses").says("6000", opt + ": \"300 poses (Runware) @ Rp 20 = Rp 6,000\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, fee left out", "FLUX schnell, one image on HF", Measure.UNIT, "FLUX schnell").says("10", opt + ": \"100 FLUX Schnell (HF PRO) @ Rp 10\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, fee left out", "FLUX schnell, 100 on HF", Measure.COST, "FLUX schnell").says("1000", opt + ": \"= Rp 1,000\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, fee left out", "FLUX dev, one image on HF", Measure.UNIT, "FLUX dev").says("19", opt + ": \"50 FLUX Dev (HF PRO) @ Rp 19\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, fee left out", "FLUX dev, 50 on HF", Measure.COST, "FLUX dev").says("950", opt + ": \"= Rp 950\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, fee left out", "Total per user", Measure.TOTAL).says("7950", opt + ": \"Total Cost per user: Rp 7,950\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, fee left out", "Margin", Measure.MARGIN_RATIO).says("0.96", opt + ": \"Margin: 96%\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, HF PRO shared by 10", "HF PRO fee per user", Measure.FEES).says("14400", opt + ": \"Rp 144k / 10 = Rp 14.4k per user\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, HF PRO shared by 10", "Total per user", Measure.TOTAL).says("22350", opt + ": \"Total: Rp 7,950 + Rp 14,400 = Rp 22,350\""));
    f.add(of(STARTER_NO_VIDEO, "Optimized, HF PRO shared by 10", "Margin", Measure.MARGIN_RATIO).says("0.89", opt + ": \"Margin: 89%\""));

    tier(f, PRO, "PRO", new String[] {"1500", "30000", "1000", "3800", "32000", "100000", "166800", "168240", "0.63"},
        new String[] {"1,500 poses (Runware) @ Rp 20 = Rp 30,000", "100 FLUX Schnell (HF PRO) @ Rp 10 = Rp 1,000",
            "200 FLUX Dev (HF PRO) @ Rp 19 = Rp 3,800", "50 FLUX Pro (Replicate) @ Rp 640 = Rp 32,000",
            "5 videos (Replicate 720p) @ Rp 20,000 = Rp 100,000", "Total per user: Rp 166,800", "Total: Rp 168,240",
            "Margin: 63%"});
    tier(f, BUSINESS, "BUSINESS", new String[] {"3000", "60000", "5000", "9500", "128000", "300000", "502500", "503940", "0.44"},
        new String[] {"3,000 poses (Runware) @ Rp 20 = Rp 60,000", "500 FLUX Schnell (HF PRO) @ Rp 10 = Rp 5,000",
            "500 FLUX Dev (HF PRO) @ Rp 19 = Rp 9,500", "200 FLUX Pro (Replicate) @ Rp 640 = Rp 128,000",
            "15 videos (Replicate 720p) @ Rp 20,000 = Rp 300,000", "Total per user: Rp 502,500", "Total: Rp 503,940",
            "Margin: 44%"});

    String summary = "photo platform plan, Final recommendations, Margin improvement";
    f.add(of(PRO, "All fal", "Margin, old plan", Measure.MARGIN_RATIO).says("0.89", summary + ": \"PRO: 89% -> 89% (maintained)\""));
    f.add(of(PRO, "HF PRO + Runware + Replicate", "Margin, new plan", Measure.MARGIN_RATIO).says("0.89", summary + ": \"PRO: 89% -> 89% (maintained)\""));
    f.add(of(BUSINESS, "All fal", "Margin, old plan", Measure.MARGIN_RATIO).says("0.60", summary + ": \"BUSINESS: 60% -> 63% (+3 points!)\""));
    f.add(of(BUSINESS, "HF PRO + Runware + Replicate", "Margin, new plan", Measure.MARGIN_RATIO).says("0.63", summary + ": \"BUSINESS: 60% -> 63% (+3 points!)\""));

    String leonardo = "photo platform plan, Leonardo.ai, Pricing";
    f.add(of(OTHERS, "Images on Leonardo", "Leonardo, one image", Measure.UNIT, "Images").says("288", leonardo + ": \"Estimated: ~$0.018/image = Rp 288/image\""));
  }

  private static void tier(List<Figure> f, String file, String tier, String[] v, String[] quotes) {
    String where = "photo platform plan, Monthly cost projection, " + tier + " User, New Plan";
    String s = "HF PRO + Runware + Replicate";
    f.add(of(file, s, "Poses, " + v[0] + " on Runware", Measure.COST, "Poses").says(v[1], where + ": \"" + quotes[0] + "\""));
    f.add(of(file, s, "FLUX schnell on HF", Measure.COST, "FLUX schnell").says(v[2], where + ": \"" + quotes[1] + "\""));
    f.add(of(file, s, "FLUX dev on HF", Measure.COST, "FLUX dev").says(v[3], where + ": \"" + quotes[2] + "\""));
    f.add(of(file, s, "FLUX Pro on Replicate", Measure.COST, "FLUX Pro").says(v[4], where + ": \"" + quotes[3] + "\""));
    f.add(of(file, s, "Videos on Replicate", Measure.COST, "Videos").says(v[5], where + ": \"" + quotes[4] + "\""));
    f.add(of(file, s, "Lines before credit and fee", Measure.PAY_AS_YOU_GO).says(v[6], where + ": \"" + quotes[5] + "\""));
    f.add(of(file, s, "HF PRO fee per user", Measure.FEES).says("1440", where + ": \"HF PRO amortized (100 users): Rp 1,440\""));
    f.add(of(file, s, "Total per user", Measure.TOTAL).says(v[7], where + ": \"" + quotes[6] + "\""));
    f.add(of(file, s, "Margin", Measure.MARGIN_RATIO).says(v[8], where + ": \"" + quotes[7] + "\""));
  }

  private static void comicStudio(List<Figure> f) {
    String s = "Published table";
    String table = "comic studio comparison, Current Cost Landscape, Best Options table";
    String[][] rows = {
        {"fal Flux 2 Flash", "0.012", "6.12"},
        {"fal Flux 2 Turbo", "0.016", "10.88"},
        {"fal Flux 2 [dev]", "0.022", "11.56"},
        {"BFL FLUX.2 [klein] 9B", "0.030", "13.89"},
        {"fal Flux 2 [pro]", "0.049", "28.56"},
        {"BFL FLUX.2 [pro]", "0.081", "42.44"}};
    for (String[] r : rows) {
      f.add(of(COMIC, s, r[0] + ", per panel", Measure.UNIT, r[0]).says(r[1], table + ": Cost/Panel $" + r[1]));
      f.add(of(COMIC, s, r[0] + ", 10 episodes", Measure.COST, r[0]).says(r[2], table + ": 10-Ep Total $" + r[2]));
    }
    f.add(of(COMIC, s, "Gemini Flash + Pro mix, per panel", Measure.COST, "Gemini mix: Flash half", "Gemini mix: Pro half")
        .per(680).says("0.067", table + ": Gemini Flash + Pro mix, Cost/Panel $0.067"));
    f.add(of(COMIC, s, "Gemini Flash + Pro mix, 10 episodes", Measure.COST, "Gemini mix: Flash half", "Gemini mix: Pro half")
        .says("24.33", table + ": 10-Ep Total $24.33"));

    String test = "comic studio comparison, Week 1 Validation Test Plan";
    f.add(of(COMIC, s, "Test: 10 panels on Flux 2 Flash", Measure.UNIT, "fal Flux 2 Flash").times(10).says("0.12", test + ": fal.ai Flux 2 Flash $0.12"));
    f.add(of(COMIC, s, "Test: 10 panels on Flux 2 [dev]", Measure.UNIT, "fal Flux 2 [dev]").times(10).says("0.22", test + ": fal.ai Flux 2 [dev] $0.22"));
    f.add(of(COMIC, s, "Test: 10 panels on FLUX.2 [klein]", Measure.UNIT, "BFL FLUX.2 [klein] 9B").times(10).says("0.30", test + ": BFL.ai FLUX.2 [klein] $0.30"));
    f.add(of(COMIC, s, "Test: 10 panels on BFL FLUX.2 [pro]", Measure.UNIT, "BFL FLUX.2 [pro]").times(10).says("0.81", test + ": BFL.ai FLUX.2 [pro] $0.81"));
    f.add(of(COMIC, s, "Test: all four models", Measure.UNIT, "fal Flux 2 Flash", "fal Flux 2 [dev]", "BFL FLUX.2 [klein] 9B",
        "BFL FLUX.2 [pro]").times(10).says("1.45", test + ": Total, 4 models, $1.45"));
    f.add(of(COMIC, s, "Test: 10 panels on fal Flux 2 [pro]", Measure.UNIT, "fal Flux 2 [pro]").times(10)
        .says("0.49", "comic studio comparison, Recommendations, test sequence: \"Test Flux 2 [pro] ($0.49)\""));
    f.add(of(COMIC, s, "Episode 1, 68 panels on Flux 2 Flash", Measure.UNIT, "fal Flux 2 Flash").times(68)
        .says("0.81", "comic studio comparison, PoC Execution, expected cost with Flux 2 Flash: \"Episode 1: ~$0.81\""));
  }

  private static void videoPlatform(List<Figure> f) {
    // Examples 1 to 6 are chain lines; "line#step" names one step of one.
    String s = "Published stack";
    String ex = "video platform breakdown, section 7, Example ";
    f.add(of(PIPELINES, s, "Ex1 LoRA training, 1,000 steps", Measure.COST, "Ex1 LoRA training").says("2.00", ex + "1: \"LoRA Training (1000 steps) $2.00\""));
    f.add(of(PIPELINES, s, "Ex1 reference images, 4", Measure.COST, "Ex1 reference images").says("0.04", ex + "1: \"Reference Images (4 images) $0.04\""));
    f.add(of(PIPELINES, s, "Ex1 reference images, 4 (section 1)", Measure.COST, "Ex1 reference images")
        .says("0.16", "video platform breakdown, section 1: \"Training + 4 Reference Images = $2.00 + $0.16 = ~$2.16\""));
    String[] ex1 = {"Ex1 LoRA training", "Ex1 reference images"};
    f.add(of(PIPELINES, s, "Ex1 new character setup", Measure.COST, ex1).says("2.05", ex + "1: \"TOTAL: ~$2.05\" (with ~$0.001 of storage)"));
    f.add(of(PIPELINES, s, "Ex1 new character setup (section 1)", Measure.COST, ex1).says("2.16", "video platform breakdown, section 1: \"= ~$2.16\""));
    String lora = "R2 storage: one LoRA's weights (50 MB), a month";
    f.add(of(PIPELINES, s, "Ex1 storage, a month", Measure.FIXED, lora).says("0.001", ex + "1: \"Storage (monthly) $0.001\""));
    String storage = "video platform breakdown, section 6, Storage (Cloudflare R2): ";
    f.add(of(PIPELINES, s, "R2: LoRA weights, 50 MB, a month", Measure.FIXED, lora)
        .says("0.001", storage + "LoRA Weights ~50 MB each, \"$0.015/GB = ~$0.001/LoRA\""));
    f.add(of(PIPELINES, s, "R2: a generated image, 2 MB, a month", Measure.FIXED, "R2 storage: one generated image (2 MB), a month")
        .says("0.00003", storage + "Generated Images ~2 MB each, \"~$0.00003/image\""));
    f.add(of(PIPELINES, s, "R2: a generated video, 50 MB, a month", Measure.FIXED, "R2 storage: one generated video (50 MB), a month")
        .says("0.001", storage + "Generated Videos ~50 MB each, \"~$0.001/video\""));

    f.add(of(PIPELINES, s, "Grok prompt", Measure.COST, "Ex2 basic image#prompt").says("0.003", ex + "2: \"Grok Prompt $0.003\""));
    f.add(of(PIPELINES, s, "FLUX image, 1024x1024", Measure.COST, "Ex2 basic image#image").says("0.01", ex + "2: \"FLUX Image Gen (1024x1024) $0.01\""));
    f.add(of(PIPELINES, s, "Ex2 basic image", Measure.COST, "Ex2 basic image").says("0.013", ex + "2: \"TOTAL: ~$0.013\""));

    f.add(of(PIPELINES, s, "Cloth segmentation (SAM-3)", Measure.COST, "Ex3 premium image#clothes").says("0.005", ex + "3: \"Cloth Segmentation (SAM-3) $0.005\""));
    f.add(of(PIPELINES, s, "Inpainting", Measure.COST, "Ex3 premium image#dressed").says("0.02", ex + "3: \"Inpainting $0.02\""));
    f.add(of(PIPELINES, s, "5x upscale (SeedVR)", Measure.COST, "Ex3 premium image#final").says("0.026", ex + "3: \"5x Upscale (SeedVR) $0.026\"; section 2.4: 5120x5120, 26.21 MP"));
    f.add(of(PIPELINES, s, "Ex3 premium image", Measure.COST, "Ex3 premium image").says("0.064", ex + "3: \"TOTAL: ~$0.064\""));
    f.add(of(PIPELINES, s, "Standard generation (image + 5x upscale)", Measure.COST, "Ex2 basic image#image", "Ex3 premium image#final")
        .says("0.036", "video platform breakdown, section 2.5: \"STANDARD GENERATION (With 5x upscale) ... TOTAL: $0.036\""));
    f.add(of(PIPELINES, s, "Full pipeline (segmentation, inpainting, upscale)", Measure.COST, "Ex3 premium image#clothes",
        "Ex3 premium image#dressed", "Ex3 premium image#final").says("0.05", "video platform breakdown, section 2.5: \"FULL PIPELINE ... TOTAL: ~$0.05\""));

    f.add(of(PIPELINES, s, "5 s at 1080p (published: LTX-2 Fast; made by Seedance 1.0 Pro)", Measure.COST, "Ex4 NSFW video#video")
        .says("0.20", ex + "4: \"LTX-2 Fast (5s @ 1080p) $0.20\""));
    f.add(of(PIPELINES, s, "Ex4 NSFW video", Measure.COST, "Ex4 NSFW video").says("0.21", ex + "4: \"TOTAL: ~$0.21\""));
    f.add(of(PIPELINES, s, "Wan 2.5, 5 s at 720p", Measure.COST, "Ex5 SFW video#animation").says("0.25", ex + "5: \"WAN 2.5 Animation (5s @ 720p) $0.25\""));
    f.add(of(PIPELINES, s, "Ex5 SFW video", Measure.COST, "Ex5 SFW video").says("0.26", ex + "5: \"TOTAL: ~$0.26\""));
    f.add(of(PIPELINES, s, "Kling 2.6 Pro, 5 s at 1080p with audio", Measure.COST, "Ex6 premium video#video")
        .says("0.70", ex + "6: \"Kling 2.6 Pro (5s @ 1080p + audio) $0.70\""));
    f.add(of(PIPELINES, s, "Ex6 premium video", Measure.COST, "Ex6 premium video").says("0.71", ex + "6: \"TOTAL: ~$0.71\""));

    String packs = "video platform breakdown, section 9, Recommended credit pricing";
    f.add(credit(PIPELINES, s, "LoRA training, our cost", Measure.CREDIT_COST, "LoRA training", null).says("2.05", packs + ": LoRA Training, Our Cost $2.05"));
    f.add(credit(PIPELINES, s, "Basic image, our cost", Measure.CREDIT_COST, "Basic image", null).says("0.013", packs + ": Basic Image, Our Cost $0.013"));
    f.add(credit(PIPELINES, s, "Premium image, our cost", Measure.CREDIT_COST, "Premium image", null).says("0.064", packs + ": Premium Image, Our Cost $0.064"));
    f.add(credit(PIPELINES, s, "NSFW video, our cost", Measure.CREDIT_COST, "NSFW video (5s)", null).says("0.21", packs + ": NSFW Video (5s), Our Cost $0.21"));
    f.add(credit(PIPELINES, s, "Premium video, our cost", Measure.CREDIT_COST, "Premium video (5s)", null).says("0.71", packs + ": Premium Video (5s), Our Cost $0.71"));
    f.add(credit(PIPELINES, s, "LoRA training at 50 credits, Starter pack", Measure.CREDIT_MARGIN, "LoRA training", "Starter")
        .says("2.05", packs + ": LoRA Training, 50 credits, Margin $2.05 (the best pack shown)"));
    f.add(credit(PIPELINES, s, "Basic image at 1 credit, Pro pack", Measure.CREDIT_MARGIN, "Basic image", "Pro")
        .says("0.027", packs + ": Basic Image, 1 credit, Margin $0.027 (a Pro-pack credit, $0.04)"));
    f.add(credit(PIPELINES, s, "Premium image at 2 credits, Pro pack", Measure.CREDIT_MARGIN, "Premium image", "Pro")
        .says("0.016", packs + ": Premium Image, 2 credits, Margin $0.016 (Pro-pack credits)"));
    f.add(credit(PIPELINES, s, "NSFW video at 5 credits, Starter pack", Measure.CREDIT_MARGIN, "NSFW video (5s)", "Starter")
        .says("0.04", packs + ": NSFW Video (5s), 5 credits, Margin $0.04 (Starter-pack credits, $0.05)"));
    f.add(credit(PIPELINES, s, "Premium video at 15 credits, Starter pack", Measure.CREDIT_MARGIN, "Premium video (5s)", "Starter")
        .says("0.08", packs + ": Premium Video (5s), 15 credits, Margin $0.08 (the best pack shown)"));

    String vol = "video platform breakdown, section 8, Volume pricing estimates";
    long[] volumes = {1, 10, 50, 100};
    String[][] stated = {{"13", "64", "250"}, {"130", "640", "2500"}, {"650", "3200", "12500"}, {"1300", "6400", "25000"}};
    for (int i = 0; i < volumes.length; i++) {
      String n = String.format(java.util.Locale.ROOT, "%,d", 1000 * volumes[i]);
      f.add(of(VOLUME, s, n + " basic images", Measure.COST, "Basic images").volume(volumes[i]).says(stated[i][0], vol + ": " + n + " outputs, Basic Images ($0.013 ea)"));
      f.add(of(VOLUME, s, n + " premium images", Measure.COST, "Premium images").volume(volumes[i]).says(stated[i][1], vol + ": " + n + " outputs, Premium Images ($0.064 ea)"));
      f.add(of(VOLUME, s, n + " videos", Measure.COST, "Videos").volume(volumes[i]).says(stated[i][2], vol + ": " + n + " outputs, Videos ($0.25 ea)"));
    }
    // The published video column is the animation step alone, without the prompt and reference image example 5 lists.
    f.add(of(VOLUME, s, "1,000 videos, the animation step alone", Measure.COST, "Videos#animation")
        .says("250", vol + ": 1,000 outputs, Videos ($0.25 ea)"));
  }
}
