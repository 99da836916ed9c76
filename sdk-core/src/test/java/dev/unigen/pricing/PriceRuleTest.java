package dev.unigen.pricing;

import static dev.unigen.pricing.Rules.image;
import static dev.unigen.pricing.Rules.rule;
import static dev.unigen.pricing.Rules.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule.FailureBilling;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every rule kind, pinned on the worked examples of the pricing notes. Expected amounts are
 * worked out by hand in the comments.
 */
class PriceRuleTest {
  private static final Media REF = Media.url("https://example.com/ref.png");

  @Nested
  class PerMegapixelR2 {
    // fal FLUX.1 [dev]: $0.025 per MP, "billed by rounding up to the nearest megapixel".
    private final PriceRule decimal = rule("{'kind':'per-megapixel','price':'0.025','megapixelBase':1000000,'rounding':'up'}");
    private final PriceRule binary = rule("{'kind':'per-megapixel','price':'0.025','megapixelBase':1048576,'rounding':'up'}");

    @Test
    void roundsUp1024SquareToTwoMegapixelsOnADecimalBase() {
      // 1024 x 1024 = 1,048,576 px = 1.048576 MP -> rounded up to 2 -> 2 x 0.025 = 0.05
      assertEquals(Money.usd("0.05"), decimal.estimate(image(1024, 1024).build()));
    }

    @Test
    void isExactlyOneMegapixelOnABinaryBase() {
      // 1,048,576 / 2^20 = 1 MP -> 0.025
      assertEquals(Money.usd("0.025"), binary.estimate(image(1024, 1024).build()));
    }

    @Test
    void roundsEachImageAndMultipliesByCount() {
      // 1024 x 768 = 786,432 px = 0.786432 MP -> 1 -> 0.025; two of them 0.05
      assertEquals(Money.usd("0.05"), decimal.estimate(image(1024, 768).count(2).build()));
    }

    @Test
    void withoutRoundingKeepsTheFraction() {
      // fal FLUX.1 schnell $0.003/MP: 1.048576 x 0.003 = 0.003145728
      PriceRule schnell = rule("{'kind':'per-megapixel','price':'0.003'}");
      assertEquals(Money.usd("0.003145728"), schnell.estimate(image(1024, 1024).build()));
    }

    @Test
    void appliesTheMinimumUnits() {
      // 512 x 512 = 0.262144 MP, minimum 1 unit -> 0.01
      PriceRule r = rule("{'kind':'per-megapixel','price':'0.01','minimumUnits':1}");
      assertEquals(Money.usd("0.01"), r.estimate(image(512, 512).build()));
    }

    @Test
    void actualIsComputedFromTheProducedSizes() {
      Usage u = Usage.builder().image(1024, 1024).image(512, 512).build();
      // 2 units + 1 unit = 3 x 0.025 = 0.075
      Charge c = decimal.actual(u);
      assertEquals(CostBasis.COMPUTED, c.basis());
      assertEquals(Money.usd("0.075"), c.amount().get());
    }

    @Test
    void billedUnitsWinAndAreReported() {
      // X-Fal-Billable-Units: 2 -> 2 x 0.025
      Charge c = decimal.actual(Usage.builder().image(1024, 1024).billedUnits(new BigDecimal("2")).build());
      assertEquals(CostBasis.REPORTED, c.basis());
      assertEquals(Money.usd("0.05"), c.amount().get());
    }

    @Test
    void upscalesArePricedOnTheOutputSize() {
      // SeedVR: $0.001 per output MP; a 1000x1000 input at 2x -> 2000x2000 = 4 MP -> 0.004
      PriceRule seedvr = rule("{'kind':'per-megapixel','price':'0.001','rounding':'up'}");
      Request r = Request.builder(Task.UPSCALE).image(Media.url("https://example.com/a.png").withSize(1000, 1000))
          .upscaleFactor(2).build();
      assertEquals(Money.usd("0.004"), seedvr.estimate(r));
    }
  }

  @Nested
  class TieredMegapixelR3 {
    // BFL FLUX.2 [pro]: 3 credits first MP + 1.5 credits per extra or input MP; 1 credit = $0.01.
    private final PriceRule pro = rule("{'kind':'tiered-megapixel','firstMegapixel':3,'extraMegapixel':1.5,"
        + "'megapixelBase':1048576,'creditValue':'0.01'}");

    @Test
    void textToImageAtOneMegapixel() {
      assertEquals(Money.usd("0.03"), pro.estimate(image(1024, 1024).build()));
    }

    @Test
    void oneReferenceImageAddsItsMegapixels() {
      // 3 + 1 x 1.5 = 4.5 credits = 0.045, the "image-to-image from" price
      assertEquals(Money.usd("0.045"), pro.estimate(image(1024, 1024).reference(REF).build()));
    }

    @Test
    void referencesOfStatedSizeAndLargerOutputs() {
      // out 2048x1024 = 2 MP -> 3 + 1.5 = 4.5; refs 1 MP + 0.25 MP = 1.25 x 1.5 = 1.875; total 6.375 credits
      Request r = image(2048, 1024).reference(REF.withSize(1024, 1024)).reference(REF.withSize(512, 512)).build();
      assertEquals(Money.usd("0.06375"), pro.estimate(r));
    }

    @Test
    void kleinAndFlexFromPrices() {
      PriceRule klein4b = rule("{'kind':'tiered-megapixel','firstMegapixel':1.4,'extraMegapixel':0.1,'megapixelBase':1048576,'creditValue':'0.01'}");
      PriceRule flex = rule("{'kind':'tiered-megapixel','firstMegapixel':5,'extraMegapixel':5,'megapixelBase':1048576,'creditValue':'0.01'}");
      assertEquals(Money.usd("0.014"), klein4b.estimate(image(1024, 1024).build()));
      assertEquals(Money.usd("0.015"), klein4b.estimate(image(1024, 1024).reference(REF).build()));
      assertEquals(Money.usd("0.05"), flex.estimate(image(1024, 1024).build()));
      assertEquals(Money.usd("0.10"), flex.estimate(image(1024, 1024).reference(REF).build()));
    }

    @Test
    void actualFromReportedMegapixels() {
      // klein-9B, output_mp 0.75, input_mp 0: 1.5 credits (below one MP costs the first MP) = 0.015
      PriceRule klein9b = rule("{'kind':'tiered-megapixel','firstMegapixel':1.5,'extraMegapixel':0.2,'megapixelBase':1048576,'creditValue':'0.01'}");
      Usage u = Usage.builder().outputMegapixels(new BigDecimal("0.75")).inputMegapixels(BigDecimal.ZERO).count(1).build();
      assertEquals(Money.usd("0.015"), klein9b.actual(u).amount().get());
      // input_mp 2 adds 2 x 0.2 = 0.4 credits
      Usage withInput = u.toBuilder().inputMegapixels(new BigDecimal("2")).build();
      assertEquals(Money.usd("0.019"), klein9b.actual(withInput).amount().get());
    }

    @Test
    void aReportedCostWins() {
      Charge c = pro.actual(Usage.builder().image(1024, 1024).reportedCost(Money.usd("0.06")).build());
      assertEquals(CostBasis.REPORTED, c.basis());
      assertEquals(Money.usd("0.06"), c.amount().get());
    }
  }

  @Nested
  class PerSecondR4R5 {
    @Test
    void veo3WithAndWithoutAudio() {
      PriceRule veo3 = rule("{'kind':'per-second','rates':[{'audio':false,'price':'0.20'},{'audio':true,'price':'0.40'}]}");
      assertEquals(Money.usd("1.60"), veo3.estimate(video(8).build()));
      assertEquals(Money.usd("3.20"), veo3.estimate(video(8).audio(true).build()));
      PriceRule fast = rule("{'kind':'per-second','rates':[{'audio':false,'price':'0.10'},{'audio':true,'price':'0.15'}]}");
      assertEquals(Money.usd("0.80"), fast.estimate(video(8).build()));
      assertEquals(Money.usd("1.20"), fast.estimate(video(8).audio(true).build()));
    }

    @Test
    void veo31ByResolutionAndAudio() {
      PriceRule veo31 = rule("{'kind':'per-second','rates':["
          + "{'resolution':'720p','audio':false,'price':'0.20'},{'resolution':'720p','audio':true,'price':'0.40'},"
          + "{'resolution':'1080p','audio':false,'price':'0.20'},{'resolution':'1080p','audio':true,'price':'0.40'},"
          + "{'resolution':'4K','audio':false,'price':'0.40'},{'resolution':'4K','audio':true,'price':'0.60'}]}");
      assertEquals(Money.usd("4.80"), veo31.estimate(video(8).resolution("4K").audio(true).build()));
      assertEquals(Money.usd("3.20"), veo31.estimate(video(8).resolution("4K").build()));
      assertEquals(Money.usd("1.60"), veo31.estimate(video(8).resolution("1080p").build()));
      assertThrows(PricingException.class, () -> veo31.estimate(video(8).resolution("480p").build()));
    }

    @Test
    void ltx2ProRejectsFiveSeconds() {
      PriceRule ltx = rule("{'kind':'per-second','rates':[{'resolution':'1080p','price':'0.06'},"
          + "{'resolution':'1440p','price':'0.12'},{'resolution':'2160p','price':'0.24'}],'durations':{'allowed':[6,8,10]}}");
      PricingException e = assertThrows(PricingException.class, () -> ltx.estimate(video(5).build()));
      assertTrue(e.getMessage().contains("5 s is not allowed") && e.getMessage().contains("6, 8, 10"), e.getMessage());
      assertEquals(Money.usd("0.36"), ltx.estimate(video(6).resolution("1080p").build()));
      assertEquals(Money.usd("0.96"), ltx.estimate(video(8).resolution("1440p").build()));
      assertEquals(Money.usd("2.40"), ltx.estimate(video(10).resolution("2160p").build()));
      // No resolution asked: the first entry, the provider's default, applies.
      assertEquals(Money.usd("0.36"), ltx.estimate(video(6).build()));
    }

    @Test
    void voiceControlIsItsOwnRate() {
      // Kling 3.0 standard: 0.084 / 0.126 with audio / 0.154 with audio and voice control
      PriceRule kling3 = rule("{'kind':'per-second','rates':[{'audio':false,'price':'0.084'},"
          + "{'audio':true,'voiceControl':false,'price':'0.126'},{'audio':true,'voiceControl':true,'price':'0.154'}]}");
      assertEquals(Money.usd("0.42"), kling3.estimate(video(5).build()));
      assertEquals(Money.usd("0.63"), kling3.estimate(video(5).audio(true).build()));
      assertEquals(Money.usd("0.77"), kling3.estimate(video(5).audio(true).voiceControl(true).build()));
    }

    @Test
    void minimumAndCapOfBilledSeconds() {
      // WaveSpeed MoCha: minimum 5 s, capped at 120 s; $0.04/s at 480p, $0.08/s at 720p
      PriceRule mocha = rule("{'kind':'per-second','rates':[{'resolution':'480p','price':'0.04'},"
          + "{'resolution':'720p','price':'0.08'}],'durations':{'minimum':5,'maximum':120}}");
      assertEquals(Money.usd("0.20"), mocha.estimate(video(3).resolution("480p").build()));
      Usage u = Usage.builder().outputSeconds(new BigDecimal("200")).resolution("720p").count(1).build();
      assertEquals(Money.usd("9.60"), mocha.actual(u).amount().get());
    }

    @Test
    void actualUsesTheProducedSeconds() {
      PriceRule r = rule("{'kind':'per-second','price':'0.05'}");
      Usage u = Usage.builder().outputSeconds(new BigDecimal("5.04")).count(2).build();
      // 5.04 x 0.05 x 2 = 0.504
      assertEquals(Money.usd("0.504"), r.actual(u).amount().get());
    }
  }

  @Nested
  class PerClipR6 {
    @Test
    void baseClipPlusExtraSeconds() {
      // Kling 2.1 Pro: $0.45 for 5 s, $0.09 per extra second
      PriceRule kling = rule("{'kind':'per-clip','base':'0.45','baseSeconds':5,'extraSecond':'0.09'}");
      assertEquals(Money.usd("0.45"), kling.estimate(video(5).build()));
      assertEquals(Money.usd("0.90"), kling.estimate(video(10).build()));
    }

    @Test
    void durationBuckets() {
      PriceRule seedance = rule("{'kind':'per-clip','clips':[{'seconds':5,'price':'0.18'},{'seconds':10,'price':'0.36'}]}");
      assertEquals(Money.usd("0.18"), seedance.estimate(video(5).build()));
      assertEquals(Money.usd("0.36"), seedance.estimate(video(7).build()));
      assertThrows(PricingException.class, () -> seedance.estimate(video(12).build()));
    }

    @Test
    void aFittingBucketWinsOverTheCatchAll() {
      PriceRule r = rule("{'kind':'per-clip','clips':[{'seconds':5,'price':'1'},{'price':'2'}]}");
      assertEquals(Money.usd("1"), r.estimate(video(5).build()));
      assertEquals(Money.usd("2"), r.estimate(video(8).build()));
    }

    @Test
    void flatPerRun() {
      // WaveSpeed Wan 2.5: "$0.25 per run"
      PriceRule wan = rule("{'kind':'per-clip','clips':[{'price':'0.25'}]}");
      assertEquals(Money.usd("0.25"), wan.estimate(video(5).build()));
      assertEquals(Money.usd("0.50"), wan.estimate(video(10).count(2).build()));
    }
  }

  @Test
  void videoMegapixelsR7() {
    // fal LTX-2 19B: $0.0018 per MP of w x h x frames, rounded up.
    PriceRule ltx19b = rule("{'kind':'video-megapixel','price':'0.0018','defaultFps':25}");
    // 1920 x 1080 x (5 s x 25 fps = 125 frames) = 259,200,000 px = 259.2 MP -> 260 -> 0.468
    Request r = video(5).size(1920, 1080).build();
    assertEquals(Money.usd("0.468"), ltx19b.estimate(r));
    // 1280 x 720 x 121 frames = 111,513,600 px -> 112 MP -> 0.2016
    Usage u = Usage.builder().image(1280, 720).frames(121).build();
    assertEquals(Money.usd("0.2016"), ltx19b.actual(u).amount().get());
  }

  @Test
  void videoResolutionNamesStandForFrameSizes() {
    // 1080p is 1920 x 1080: 1920 x 1080 x 125 frames -> 260 MP -> 0.468, as with an explicit size
    PriceRule ltx19b = rule("{'kind':'video-megapixel','price':'0.0018','defaultFps':25}");
    assertEquals(Money.usd("0.468"), ltx19b.estimate(video(5).resolution("1080p").build()));
  }

  @Test
  void inputPlusOutputSecondsWithAFloorR8() {
    // Kling 4.0 edit at $0.235/s: max(in + out, 2 x out)
    PriceRule edit = rule("{'kind':'input-output-seconds','price':'0.235','floorMultiplier':2}");
    Request shortInput = Request.builder(Task.VIDEO_TO_VIDEO).prompt("make it night")
        .video(Media.url("https://example.com/in.mp4").withDuration(Duration.ofSeconds(3)))
        .duration(Duration.ofSeconds(5)).build();
    // max(3 + 5, 10) = 10 s -> 2.35
    assertEquals(Money.usd("2.35"), edit.estimate(shortInput));
    Request longInput = shortInput.toBuilder()
        .video(Media.url("https://example.com/in.mp4").withDuration(Duration.ofSeconds(10))).build();
    // max(15, 10) = 15 s -> 3.525
    assertEquals(Money.usd("3.525"), edit.estimate(longInput));
    Request unknown = shortInput.toBuilder().video(Media.url("https://example.com/in.mp4")).build();
    assertThrows(PricingException.class, () -> edit.estimate(unknown));
    Usage u = Usage.builder().inputSeconds(new BigDecimal("4")).outputSeconds(new BigDecimal("4")).count(1).build();
    assertEquals(Money.usd("1.88"), edit.actual(u).amount().get());
  }

  @Test
  void perStepAndStepBucketsR9() {
    // fal flux-lora-fast-training: $0.002 per step
    PriceRule training = rule("{'kind':'per-step','price':'0.002','defaultSteps':1000}");
    Request r = Request.builder(Task.LORA_TRAINING).image(Media.url("https://example.com/images.zip")).build();
    assertEquals(Money.usd("2.000"), training.estimate(r));
    assertEquals(Money.usd("3.0"), training.estimate(r.toBuilder().steps(1500).build()));
    // BFL finetune: below 150 steps $2, 150-500 $4, above $6
    PriceRule buckets = rule("{'kind':'per-step','buckets':[{'maxSteps':149,'price':'2'},{'maxSteps':500,'price':'4'},{'price':'6'}]}");
    assertEquals(Money.usd("2"), buckets.estimate(r.toBuilder().steps(100).build()));
    assertEquals(Money.usd("4"), buckets.estimate(r.toBuilder().steps(150).build()));
    assertEquals(Money.usd("4"), buckets.actual(Usage.builder().steps(500).count(1).build()).amount().get());
    assertEquals(Money.usd("6"), buckets.actual(Usage.builder().steps(501).count(1).build()).amount().get());
    assertThrows(PricingException.class, () -> buckets.estimate(r));
  }

  @Nested
  class TokensR10 {
    private final PriceRule gptImage1 = rule("{'kind':'tokens','perMillion':{'textInput':'5','cachedTextInput':'1.25',"
        + "'imageInput':'10','cachedImageInput':'2.5','imageOutput':'40'},'outputTokensPerImage':["
        + "{'size':'1024x1024','quality':'low','tokens':272},{'size':'1024x1024','quality':'medium','tokens':1056},"
        + "{'size':'1024x1024','quality':'high','tokens':4160},{'size':'1024x1536','quality':'low','tokens':408},"
        + "{'size':'1024x1536','quality':'medium','tokens':1584},{'size':'1024x1536','quality':'high','tokens':6240}]}");

    @Test
    void actualFromUsageTokens() {
      // 50 text tokens x $5/1M = 0.00025; 1056 image tokens x $40/1M = 0.04224
      Usage u = Usage.builder().textInputTokens(50).imageOutputTokens(1056).count(1).build();
      assertEquals(Money.usd("0.04249"), gptImage1.actual(u).amount().get());
      // + 100 cached text x 1.25/1M = 0.000125, + 500 image input x 10/1M = 0.005
      Usage more = u.toBuilder().cachedTextInputTokens(100).imageInputTokens(500).build();
      assertEquals(Money.usd("0.047615"), gptImage1.actual(more).amount().get());
    }

    @Test
    void estimateUsesTheOutputTokenTable() {
      // prompt "a red bicycle": 13 chars -> 4 tokens x 5/1M = 0.00002; high 1024^2: 4160 x 40/1M = 0.1664
      Request r = image(1024, 1024).quality("high").build();
      assertEquals(Money.usd("0.16642"), gptImage1.estimate(r));
      // medium 1024x1536, two images: 2 x 1584 x 40/1M = 0.12672, + 0.00002
      assertEquals(Money.usd("0.12674"), gptImage1.estimate(image(1024, 1536).quality("medium").count(2).build()));
    }

    @Test
    void geminiFlashImageAndItsBatchMultiplier() {
      // 1,290 output tokens x $30/1M = 0.0387; the batch API halves it: 0.01935
      PriceRule flash = rule("{'kind':'tokens','perMillion':{'imageOutput':'30'},'outputTokensPerImage':[{'tokens':1290}]}");
      PriceRule batch = rule("{'kind':'tokens','perMillion':{'imageOutput':'30'},'outputTokensPerImage':[{'tokens':1290}],'multiplier':'0.5'}");
      assertEquals(Money.usd("0.0387"), flash.estimate(image(1024, 1024).build()));
      assertEquals(Money.usd("0.01935"), batch.estimate(image(1024, 1024).build()));
    }
  }

  @Test
  void computeSecondsTimesHardwareRateR11() {
    // Replicate: predict_time 3.804 s on an L40S at $0.000975/s = 0.0037089
    PriceRule replicate = rule("{'kind':'compute-seconds','hardware':'L40S','perSecond':'0.000975','expectedSeconds':'4'}");
    Usage u = Usage.builder().computeSeconds(new BigDecimal("3.804")).hardware("L40S").build();
    assertEquals(Money.usd("0.0037089"), replicate.actual(u).amount().get());
    assertEquals(Money.usd("0.0039"), replicate.estimate(image(1024, 1024).build()));
    assertThrows(PricingException.class,
        () -> replicate.actual(u.toBuilder().hardware("H100").build()));
    // Hugging Face hf-inference: 10 s x $0.00012 = 0.0012
    PriceRule hf = rule("{'kind':'compute-seconds','hardware':'hf-inference','perSecond':'0.00012'}");
    assertEquals(Money.usd("0.0012"), hf.actual(Usage.builder().computeSeconds(BigDecimal.TEN).build()).amount().get());
    assertThrows(PricingException.class, () -> hf.estimate(image(1024, 1024).build()));
  }

  @Test
  void flatPerRequestR12() {
    // fal SAM-3: $0.005 per request
    PriceRule sam = rule("{'kind':'per-request','price':'0.005'}");
    assertEquals(Money.usd("0.005"), sam.estimate(Request.builder(Task.SEGMENTATION).image(REF).build()));
    assertEquals(Money.usd("0.015"), sam.actual(Usage.builder().requests(3).build()).amount().get());
  }

  @Test
  void loraAndReferenceAddOnsR13() {
    // Runware: $0.0038 per image + $0.004 per LoRA
    PriceRule r = rule("{'kind':'per-image','price':'0.0038','addOns':{'perLora':'0.004','perReference':'0.001'}}");
    Request twoLoras = image(1024, 1024).lora(Lora.of("civitai:1@1")).lora(Lora.of("civitai:2@1")).build();
    assertEquals(Money.usd("0.0118"), r.estimate(twoLoras));
    // two images, each 0.0038 + 2 x 0.004 + 1 reference x 0.001 = 0.0128 -> 0.0256
    Request more = twoLoras.toBuilder().count(2).reference(REF).build();
    assertEquals(Money.usd("0.0256"), r.estimate(more));
    Usage u = Usage.builder().images(2, Size.of(1024, 1024)).loras(2).references(1).build();
    assertEquals(Money.usd("0.0256"), r.actual(u).amount().get());
  }

  @Test
  void providerCreditsR14() {
    // Stability Ultra: 8 credits at $0.01
    PriceRule ultra = rule("{'kind':'per-image','price':8,'creditValue':'0.01'}");
    assertEquals(Money.usd("0.08"), ultra.estimate(image(1024, 1024).build()));
    assertEquals(Money.usd("0.16"), ultra.estimate(image(1024, 1024).count(2).build()));
    assertEquals(Money.usd("0.01"), ultra.creditValue().get());
  }

  @Test
  void storageR16() {
    // R2: $0.015 per GB-month with 10 GB free
    PriceRule r2 = rule("{'kind':'storage','perGbMonth':'0.015','freeGbMonths':10}");
    assertEquals(Money.usd("0.600"), r2.actual(Usage.builder().storageGbMonths(new BigDecimal("50")).build()).amount().get());
    assertEquals(Money.usd("0"), r2.actual(Usage.builder().storageGbMonths(new BigDecimal("8")).build()).amount().get());
    assertThrows(PricingException.class, () -> r2.estimate(image(1, 1).build()));
  }

  @Test
  void sizeQualityTableR1() {
    PriceRule dalle3 = rule("{'kind':'per-image','prices':["
        + "{'size':'1024x1024','quality':'standard','price':'0.04'},{'size':'1024x1792','quality':'standard','price':'0.08'},"
        + "{'size':'1792x1024','quality':'standard','price':'0.08'},{'size':'1024x1024','quality':'hd','price':'0.08'},"
        + "{'size':'1024x1792','quality':'hd','price':'0.12'},{'size':'1792x1024','quality':'hd','price':'0.12'}]}");
    assertEquals(Money.usd("0.12"), dalle3.estimate(image(1024, 1792).quality("hd").build()));
    assertEquals(Money.usd("0.08"), dalle3.estimate(image(1792, 1024).quality("standard").build()));
    // Quality left open: the first matching entry, the provider's default (standard)
    assertEquals(Money.usd("0.04"), dalle3.estimate(image(1024, 1024).build()));
    assertThrows(PricingException.class, () -> dalle3.estimate(image(512, 512).build()));
    Usage u = Usage.builder().image(1024, 1024).image(1024, 1792).quality("hd").build();
    assertEquals(Money.usd("0.20"), dalle3.actual(u).amount().get());
  }

  @Test
  void resolutionTiersR1() {
    // Gemini 3 Pro image: the same for 1K and 2K, more for 4K
    PriceRule pro = rule("{'kind':'per-image','prices':[{'resolution':'1K','price':'0.134'},"
        + "{'resolution':'2K','price':'0.134'},{'resolution':'4K','price':'0.24'}]}");
    assertEquals(Money.usd("0.134"), pro.estimate(image(2048, 2048).resolution("2K").build()));
    assertEquals(Money.usd("0.24"), pro.estimate(image(4096, 4096).resolution("4K").build()));
  }

  @Test
  void failureBillingFlagsR18() {
    PriceRule fal = rule("{'kind':'per-request','price':'0.005','failureBilling':{'providerError':false,'rejectedInput':true}}");
    assertEquals(FailureBilling.of(false, true, false), fal.failureBilling());
    assertEquals(FailureBilling.NEVER, rule("{'kind':'per-request','price':'1'}").failureBilling());
    assertEquals(FailureBilling.of(false, false, false, true),
        rule("{'kind':'per-second','price':'0.05','failureBilling':{'moderated':true}}").failureBilling());
  }

  @Test
  void otherCurrencies() {
    PriceRule r = rule("{'kind':'per-image','price':'500','currency':'IDR'}");
    assertEquals(Money.of("1000", "IDR"), r.estimate(image(1024, 1024).count(2).build()));
  }

  @Test
  void codeFactories() {
    assertEquals(Money.usd("0.08"), PriceRule.perImage(Money.usd("0.04")).estimate(image(8, 8).count(2).build()));
    assertEquals(Money.usd("0.025"), PriceRule.perMegapixel(Money.usd("0.025")).estimate(image(1000, 1000).build()));
    assertEquals(Money.usd("0.005"), PriceRule.perRequest(Money.usd("0.005")).estimate(image(8, 8).build()));
  }

  @Test
  void theRuleSaysWhatItNeeds() {
    PriceRule mp = rule("{'kind':'per-megapixel','price':'0.025'}");
    PricingException e = assertThrows(PricingException.class, () -> mp.actual(Usage.builder().count(1).build()));
    assertTrue(e.getMessage().contains("output sizes"), e.getMessage());
  }
}
