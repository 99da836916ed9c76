package dev.unigen.pricing;

import static dev.unigen.pricing.Rules.image;
import static dev.unigen.pricing.Rules.rule;
import static dev.unigen.pricing.Rules.video;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.money.Money;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every rule kind says how it priced, with units, and its words agree with its amount. Each
 * expected string is the arithmetic of the comment, written out by hand.
 */
class DerivationTest {
  private static final Media REF = Media.url("https://example.com/ref.png");
  private static final Size SQUARE = Size.of(1024, 1024);
  private static final Duration FIVE = Duration.ofSeconds(5);

  private static Charge estimate(PriceRule rule, Request r) {
    Charge c = rule.estimateCharge(r, SQUARE, FIVE);
    // The words never price differently from the estimate the selector uses.
    assertEquals(rule.estimate(r, SQUARE, FIVE), c.amount().get());
    assertEquals(CostBasis.ESTIMATED, c.basis());
    return c;
  }

  @Test
  void perImageFlatAndFromATable() {
    PriceRule flat = rule("{'kind':'per-image','price':'0.0006'}");
    assertEquals("0.0006 USD/image", estimate(flat, image(1024, 1024).build()).detail());
    // 4 images at 0.0006 = 0.0024
    assertEquals("4 × 0.0006 USD/image", estimate(flat, image(1024, 1024).count(4).build()).detail());
    PriceRule dalle3 = rule("{'kind':'per-image','prices':[{'size':'1024x1024','quality':'standard','price':'0.04'},"
        + "{'size':'1024x1024','quality':'hd','price':'0.08'}]}");
    assertEquals("0.08 USD/image (1024x1024 quality hd)", estimate(dalle3, image(1024, 1024).quality("hd").build()).detail());
    // Actual: two images priced by one entry are counted together.
    Charge actual = dalle3.actual(Usage.builder().image(1024, 1024).image(1024, 1024).quality("hd").build());
    assertEquals("2 images × 0.08 USD/image (1024x1024 quality hd)", actual.detail());
    assertEquals(Money.usd("0.16"), actual.amount().get());
  }

  @Test
  void perMegapixelStatesTheMegapixelsAndTheirRounding() {
    // fal FLUX schnell unrounded: 1024 × 1024 = 1.048576 MP × 0.003 = 0.003145728
    PriceRule schnell = rule("{'kind':'per-megapixel','price':'0.003'}");
    assertEquals("1.048576 MP × 0.003 USD/MP", estimate(schnell, image(1024, 1024).build()).detail());
    // Rounded up on 10^6 pixels: 2 MP × 0.025, four of them
    PriceRule decimal = rule("{'kind':'per-megapixel','price':'0.025','megapixelBase':1000000,'rounding':'up'}");
    assertEquals("4 × 2 MP (1.048576 rounded up) × 0.025 USD/MP",
        estimate(decimal, image(1024, 1024).count(4).build()).detail());
    // On 2^20 pixels a 1024 × 1024 image is exactly one megapixel.
    PriceRule binary = rule("{'kind':'per-megapixel','price':'0.025','megapixelBase':1048576,'rounding':'up'}");
    assertEquals("1 MP of 2^20 px × 0.025 USD/MP", estimate(binary, image(1024, 1024).build()).detail());
    // A minimum: 512 × 512 = 0.262144 MP, billed as 0.5
    PriceRule minimum = rule("{'kind':'per-megapixel','price':'0.01','minimumUnits':'0.5'}");
    assertEquals("0.5 MP (0.262144 billed at the minimum) × 0.01 USD/MP", estimate(minimum, image(512, 512).build()).detail());
    // Actual: 1024² → 2 and 512² → 1 on 10^6 pixels rounded each, 1.310720 MP made → 3 MP × 0.025 = 0.075
    Charge actual = decimal.actual(Usage.builder().image(1024, 1024).image(512, 512).build());
    assertEquals("3 MP in 2 images (1.31072 made, each image rounded up) × 0.025 USD/MP", actual.detail());
    assertEquals(Money.usd("0.075"), actual.amount().get());
    // Billed units reported by the provider: 4 × 0.003 = 0.012
    Charge billed = schnell.actual(Usage.builder().image(1024, 1024).billedUnits(new BigDecimal("4")).build());
    assertEquals("4 MP billed × 0.003 USD/MP", billed.detail());
  }

  @Test
  void tieredMegapixelsInCreditsConvertedToDollars() {
    // BFL FLUX.2 [pro]: 3 credits first MP + 1.5 per input MP (2^20 px), 1 credit = 0.01 USD:
    // (3 + 1 × 1.5) × 0.01 = 0.045
    PriceRule pro = rule("{'kind':'tiered-megapixel','firstMegapixel':3,'extraMegapixel':1.5,"
        + "'megapixelBase':1048576,'creditValue':'0.01'}");
    assertEquals("(3 credits for the first MP + 1 MP of 2^20 px in × 1.5 credits/input MP) × 0.01 USD/credit",
        estimate(pro, image(1024, 1024).reference(REF).build()).detail());
    // 2048 × 1024 = 2 MP: the first and 1 more; no input
    assertEquals("(3 credits for the first MP + 1 MP of 2^20 px more × 1.5 credits/MP) × 0.01 USD/credit",
        estimate(pro, image(2048, 1024).build()).detail());
  }

  @Test
  void perSecondWithItsRateAndAMinimum() {
    // WaveSpeed Wan 2.5 at 720p: 5 s × 0.05 = 0.25
    PriceRule wan = rule("{'kind':'per-second','rates':[{'resolution':'480p','price':'0.05'},{'resolution':'720p','price':'0.1'}]}");
    assertEquals("5 s × 0.1 USD/s (720p)", estimate(wan, video(5).resolution("720p").build()).detail());
    PriceRule flat = rule("{'kind':'per-second','price':'0.05'}");
    assertEquals("5 s × 0.05 USD/s", estimate(flat, video(5).build()).detail());
    // Billed at least 5 s: a 3 s clip costs 5 × 0.05 = 0.25
    PriceRule minimum = rule("{'kind':'per-second','price':'0.05','durations':{'minimum':5}}");
    assertEquals("5 s (3 s made, billed at the minimum) × 0.05 USD/s", estimate(minimum, video(3).build()).detail());
    Charge actual = flat.actual(Usage.builder().outputSeconds(new BigDecimal("6")).count(1).build());
    assertEquals("6 s × 0.05 USD/s", actual.detail());
  }

  @Test
  void perClipBucketsAndBasePlusExtra() {
    PriceRule seedance = rule("{'kind':'per-clip','clips':[{'seconds':5,'price':'0.18'},{'seconds':10,'price':'0.36'}]}");
    assertEquals("0.18 USD/clip (5 s)", estimate(seedance, video(5).build()).detail());
    // Kling: 0.45 for 5 s + 5 s more × 0.09 = 0.9; two clips 1.8
    PriceRule kling = rule("{'kind':'per-clip','base':'0.45','baseSeconds':5,'extraSecond':'0.09'}");
    assertEquals("2 × (0.45 USD/clip of 5 s + 5 s more × 0.09 USD/s)", estimate(kling, video(10).count(2).build()).detail());
  }

  @Test
  void videoMegapixelsShowTheFrames() {
    // 1280 × 720 × 121 frames = 111,513,600 px = 111.5136 MP → 112 × 0.0018 = 0.2016
    PriceRule ltx = rule("{'kind':'video-megapixel','price':'0.0018','defaultFps':25}");
    Charge actual = ltx.actual(Usage.builder().image(1280, 720).frames(121).build());
    assertEquals("112 MP (1280x720 × 121 frames = 111.5136, rounded up) × 0.0018 USD/MP", actual.detail());
  }

  @Test
  void inputPlusOutputSeconds() {
    PriceRule edit = rule("{'kind':'input-output-seconds','price':'0.235','floorMultiplier':2}");
    Request shortInput = Request.builder(Task.VIDEO_TO_VIDEO).prompt("make it night")
        .video(Media.url("https://example.com/in.mp4").withDuration(Duration.ofSeconds(3))).duration(FIVE).build();
    // max(3 + 5, 2 × 5) = 10 s × 0.235 = 2.35
    assertEquals("10 s (2 × 5 s out) × 0.235 USD/s", estimate(edit, shortInput).detail());
    Request longInput = shortInput.toBuilder()
        .video(Media.url("https://example.com/in.mp4").withDuration(Duration.ofSeconds(10))).build();
    assertEquals("15 s (10 s in + 5 s out) × 0.235 USD/s", estimate(edit, longInput).detail());
  }

  @Test
  void perStepAndBuckets() {
    PriceRule training = rule("{'kind':'per-step','price':'0.002','defaultSteps':1000}");
    Request r = Request.builder(Task.LORA_TRAINING).image(Media.url("https://example.com/images.zip")).build();
    assertEquals("1,000 steps × 0.002 USD/step", estimate(training, r).detail());
    PriceRule buckets = rule("{'kind':'per-step','buckets':[{'maxSteps':149,'price':'2'},{'price':'6'}]}");
    assertEquals("2 USD/run (100 steps, up to 149)", estimate(buckets, r.toBuilder().steps(100).build()).detail());
    assertEquals("6 USD/run (500 steps, the open bucket)", estimate(buckets, r.toBuilder().steps(500).build()).detail());
  }

  @Test
  void tokensInAndOut() {
    // A Grok prompt: 240 characters → 60 tokens in × 1.25/1M + 150 tokens out × 2.5/1M
    PriceRule grok = rule("{'kind':'tokens','perMillion':{'textInput':'1.25','textOutput':'2.5'},'expectedTextOutputTokens':150}");
    Request text = Request.builder(Task.TEXT).prompt("x".repeat(240)).build();
    assertEquals("60 tokens in × 1.25 USD/1M + 150 tokens out × 2.5 USD/1M", estimate(grok, text).detail());
    // 1,000 prompt tokens (4,000 characters) at 2 USD/1M and a 500-token answer at 8 USD/1M
    PriceRule card = rule("{'kind':'tokens','perMillion':{'textInput':'2','textOutput':'8'}}");
    Request longer = Request.builder(Task.TEXT).prompt("x".repeat(4000)).maxTokens(500).build();
    assertEquals("1,000 tokens in × 2 USD/1M + 500 tokens out × 8 USD/1M", estimate(card, longer).detail());
    // Gemini Flash Image in the batch API: 1,290 tokens × 30/1M, halved
    PriceRule batch = rule("{'kind':'tokens','perMillion':{'imageOutput':'30'},'outputTokensPerImage':[{'tokens':1290}],'multiplier':'0.5'}");
    Request picture = Request.builder(Task.TEXT_TO_IMAGE).size(1024, 1024).build();
    assertEquals("1,290 tokens of image out × 30 USD/1M × 0.5 (multiplier)", estimate(batch, picture).detail());
    Charge actual = card.actual(Usage.builder().textInputTokens(50).textOutputTokens(20).count(1).build());
    assertEquals("50 tokens in × 2 USD/1M + 20 tokens out × 8 USD/1M", actual.detail());
  }

  @Test
  void computeSecondsPerRequestAndStorage() {
    PriceRule replicate = rule("{'kind':'compute-seconds','hardware':'L40S','perSecond':'0.000975','expectedSeconds':'4'}");
    assertEquals("4 s of L40S expected × 0.000975 USD/s", estimate(replicate, image(1024, 1024).build()).detail());
    Usage run = Usage.builder().computeSeconds(new BigDecimal("3.804")).hardware("L40S").build();
    assertEquals("3.804 s of L40S × 0.000975 USD/s", replicate.actual(run).detail());
    PriceRule sam = rule("{'kind':'per-request','price':'0.005'}");
    assertEquals("0.005 USD/request", estimate(sam, Request.builder(Task.SEGMENTATION).image(REF).build()).detail());
    PriceRule r2 = rule("{'kind':'storage','perGbMonth':'0.015','freeGbMonths':10}");
    Charge stored = r2.actual(Usage.builder().storageGbMonths(new BigDecimal("12.5")).build());
    assertEquals("2.5 GB-months (12.5 less 10 free) × 0.015 USD/GB-month", stored.detail());
    assertEquals(Money.usd("0.0375"), stored.amount().get());
  }

  @Test
  void addOnsAndForeignCurrencies() {
    // Runware: 0.0038 an image + 0.004 per LoRA + 0.001 per reference; two images with one LoRA and one reference
    PriceRule r = rule("{'kind':'per-image','price':'0.0038','addOns':{'perLora':'0.004','perReference':'0.001'}}");
    Request req = image(1024, 1024).count(2).lora(Lora.of("civitai:1@1")).reference(REF).build();
    assertEquals("2 × 0.0038 USD/image + 2 × 1 LoRA × 0.004 USD/LoRA + 2 × 1 reference × 0.001 USD/reference",
        estimate(r, req).detail());
    PriceRule rupiah = rule("{'kind':'per-image','price':'1500','currency':'IDR'}");
    assertEquals("1,500 IDR/image", estimate(rupiah, image(1024, 1024).build()).detail());
  }

  @Test
  void numbersDropTrailingZerosAndGroupTheirWholePartByThousands() {
    assertEquals("0", Derivation.num(new BigDecimal("0.000")));
    assertEquals("0.0006", Derivation.num(new BigDecimal("0.00060")));
    assertEquals("999", Derivation.num(999));
    assertEquals("1,000", Derivation.num(1000));
    assertEquals("1,048,576", Derivation.num(1_048_576));
    assertEquals("-1,234.5", Derivation.num(new BigDecimal("-1234.50")));
    assertEquals("-12.5", Derivation.num(new BigDecimal("-12.5")));
    assertEquals("123,456.789", Derivation.num(new BigDecimal("123456.789")));
    assertEquals("1,000,000", Derivation.num(new BigDecimal("1E+6")));
    assertEquals("-9,223,372,036,854,775,808", Derivation.num(Long.MIN_VALUE));
  }
}
