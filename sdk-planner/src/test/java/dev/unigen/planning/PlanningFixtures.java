package dev.unigen.planning;

import dev.unigen.Chain;
import dev.unigen.catalog.Catalog;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Task;
import java.time.Duration;
import java.util.Currency;

/**
 * A small catalog, in JSON as users write it, of the offers a photo platform's published plan
 * compares, and the workload lines the tests plan. Prices are those of the project's pricing
 * notes, several of them published figures; what matters here is that every expected amount follows from them by hand.
 */
public final class PlanningFixtures {
  public static final Currency USD = Currency.getInstance("USD");
  public static final Currency IDR = Currency.getInstance("IDR");
  /** The photo platform plan's implicit rate: 16,000 rupiah per dollar. */
  public static final FxRates RUPIAH = FxRates.builder().rate("USD", "IDR", "16000").build();

  public static final String CATALOG_JSON = """
      {
        "format": 1,
        "subscriptions": [
          { "provider": "huggingface", "name": "pro", "monthlyFee": "9.00", "includedCredit": "2.00",
            "asOf": "2026-11-23", "source": "https://huggingface.co/docs/inference-providers/pricing" }
        ],
        "offers": [
          { "provider": "fal", "model": "flux-schnell", "endpoint": "fal-ai/flux/schnell",
            "tasks": ["text-to-image"], "capabilities": { "maxCount": 4 },
            "price": { "kind": "per-megapixel", "price": "0.003", "rounding": "up" },
            "asOf": "2026-11-23", "source": "https://fal.ai/models/fal-ai/flux/schnell" },
          { "provider": "fal", "model": "flux-dev", "endpoint": "fal-ai/flux/dev",
            "tasks": ["text-to-image"], "capabilities": { "maxCount": 4 },
            "price": { "kind": "per-megapixel", "price": "0.025", "rounding": "up" },
            "asOf": "2026-11-23", "source": "https://fal.ai/models/fal-ai/flux-1/dev/playground" },
          { "provider": "fal", "model": "sdxl", "endpoint": "fal-ai/fast-sdxl",
            "tasks": ["text-to-image"],
            "price": { "kind": "per-megapixel", "price": "0.005", "rounding": "up" },
            "asOf": "2026-11-23", "source": "test" },
          { "provider": "fal", "model": "veo-3.1", "endpoint": "fal-ai/veo3.1",
            "tasks": ["text-to-video"],
            "capabilities": { "audio": true, "durations": [4, 6, 8], "defaultDuration": 8 },
            "price": { "kind": "per-second", "rates": [
              { "audio": false, "price": "0.20" }, { "audio": true, "price": "0.40" } ] },
            "asOf": "2026-12-06", "source": "https://fal.ai/models/fal-ai/veo3.1/llms.txt" },
          { "provider": "fal", "model": "sam-3", "endpoint": "fal-ai/sam-3/image",
            "tasks": ["segmentation"],
            "price": { "kind": "per-request", "price": "0.005" },
            "asOf": "2026-11-23", "source": "https://fal.ai/models/fal-ai/sam-3/image" },
          { "provider": "runware", "model": "flux-schnell", "endpoint": "runware:100@1",
            "tasks": ["text-to-image"], "capabilities": { "maxCount": 4 },
            "price": { "kind": "per-image", "price": "0.0013" },
            "asOf": "2025-10-10", "source": "seed document 000" },
          { "provider": "runware", "model": "sdxl", "endpoint": "civitai:101055@128078",
            "tasks": ["text-to-image"], "capabilities": { "controlNets": ["openpose"] },
            "price": { "kind": "per-image", "price": "0.00125" },
            "asOf": "2025-10-10", "source": "seed document 000" },
          { "provider": "huggingface", "model": "flux-schnell", "endpoint": "black-forest-labs/FLUX.1-schnell",
            "tasks": ["text-to-image"],
            "price": { "kind": "compute-seconds", "hardware": "A100", "perSecond": "0.00012", "expectedSeconds": 5 },
            "asOf": "2026-11-23", "source": "https://huggingface.co/docs/inference-providers/pricing" },
          { "provider": "huggingface", "model": "flux-dev", "endpoint": "black-forest-labs/FLUX.1-dev",
            "tasks": ["text-to-image"],
            "price": { "kind": "compute-seconds", "hardware": "A100", "perSecond": "0.00012", "expectedSeconds": 10 },
            "asOf": "2026-11-23", "source": "https://huggingface.co/docs/inference-providers/pricing" },
          { "provider": "replicate", "model": "flux-pro-1.1", "endpoint": "black-forest-labs/flux-1.1-pro",
            "tasks": ["text-to-image"],
            "price": { "kind": "per-image", "price": "0.04" },
            "asOf": "2026-11-23", "source": "https://replicate.com/black-forest-labs/flux-1.1-pro" },
          { "provider": "together", "model": "flux-schnell", "endpoint": "black-forest-labs/FLUX.1-schnell",
            "tasks": ["text-to-image"],
            "asOf": "2026-11-23", "source": "https://together.ai/models/flux-1-schnell" }
        ]
      }
      """;

  public static final Catalog CATALOG = Catalog.parse(CATALOG_JSON, "planning-test.json");

  /**
   * The premium photo's offers. xAI writes prompts at $0.001 a request; fal has z-image turbo at
   * $0.005 per megapixel of 2^20 pixels (1024x1024 is 1 MP), SAM-3 at $0.005 a request, an inpaint
   * at $0.02 an image and SeedVR at $0.001 per output megapixel of 10^6 pixels, unrounded; Runware
   * inpaints at $0.01 per megapixel of 2^20 pixels; Together upscales at no known price. fal sells a
   * plan of $10 a month with $5 of included credit.
   */
  public static final String STUDIO_JSON = """
      {
        "format": 1,
        "subscriptions": [
          { "provider": "fal", "name": "plus", "monthlyFee": "10.00", "includedCredit": "5.00",
            "asOf": "2026-12-01", "source": "test" }
        ],
        "offers": [
          { "provider": "xai", "model": "grok-w", "endpoint": "grok-w", "tasks": ["text"],
            "price": { "kind": "per-request", "price": "0.001" }, "asOf": "2026-12-01", "source": "test" },
          { "provider": "fal", "model": "z-image-turbo", "endpoint": "fal-ai/z-image/turbo", "tasks": ["text-to-image"],
            "capabilities": { "defaultSize": "1024x768" },
            "price": { "kind": "per-megapixel", "price": "0.005", "megapixelBase": 1048576, "rounding": "up" },
            "asOf": "2026-12-01", "source": "test" },
          { "provider": "fal", "model": "sam-3", "endpoint": "fal-ai/sam-3/image", "tasks": ["segmentation"],
            "price": { "kind": "per-request", "price": "0.005" }, "asOf": "2026-12-01", "source": "test" },
          { "provider": "fal", "model": "inpaint-f", "endpoint": "inpaint", "tasks": ["inpaint"],
            "price": { "kind": "per-image", "price": "0.02" }, "asOf": "2026-12-01", "source": "test" },
          { "provider": "fal", "model": "seedvr-upscale", "endpoint": "fal-ai/seedvr/upscale/image", "tasks": ["upscale"],
            "price": { "kind": "per-megapixel", "price": "0.001", "megapixelBase": 1000000, "rounding": "none" },
            "asOf": "2026-12-01", "source": "test" },
          { "provider": "runware", "model": "inpaint-r", "endpoint": "runware:inpaint", "tasks": ["inpaint"],
            "capabilities": { "defaultSize": "1024x1024" },
            "price": { "kind": "per-megapixel", "price": "0.01", "megapixelBase": 1048576, "rounding": "none" },
            "asOf": "2026-12-01", "source": "test" },
          { "provider": "together", "model": "upscale-t", "endpoint": "upscale-t", "tasks": ["upscale"],
            "asOf": "2026-12-01", "source": "test" }
        ]
      }
      """;

  public static final Catalog STUDIO = Catalog.parse(STUDIO_JSON, "studio.json");

  /** The premium photo: a prompt, a 1024x1024 image, its mask, an inpaint of the image, a 5x upscale of the inpaint. */
  public static final String PREMIUM_PHOTO_JSON = """
      {
        "format": 1,
        "chain": "premium-photo",
        "steps": [
          { "name": "prompt", "task": "text", "system": "You write image prompts.", "prompt": "a woman, fashion shoot" },
          { "name": "base", "task": "text-to-image", "model": "z-image-turbo", "size": "1024x1024",
            "prompt": { "from": "prompt" } },
          { "name": "mask", "task": "segmentation", "model": "sam-3", "image": { "from": "base" } },
          { "name": "dressed", "task": "inpaint", "image": { "from": "base" }, "mask": { "from": "mask" },
            "prompt": "a blue silk dress" },
          { "name": "final", "task": "upscale", "model": "seedvr-upscale", "factor": 5, "image": { "from": "dressed" } }
        ]
      }
      """;

  public static final Chain PREMIUM_PHOTO = Chain.fromJson(PREMIUM_PHOTO_JSON, "premium-photo.json");

  private PlanningFixtures() {}

  /** {@code count} FLUX schnell images at 1024×1024 a month. */
  public static WorkloadLine schnell(String name, long count) {
    return WorkloadLine.builder(Task.TEXT_TO_IMAGE).name(name).model("flux-schnell").size(1024, 1024).count(count).build();
  }

  /** {@code count} FLUX dev images at 1024×1024 a month. */
  public static WorkloadLine dev(String name, long count) {
    return WorkloadLine.builder(Task.TEXT_TO_IMAGE).name(name).model("flux-dev").size(1024, 1024).count(count).build();
  }

  /** {@code count} SDXL images posed by an OpenPose ControlNet guide, at the offers' default size. */
  public static WorkloadLine poses(String name, long count) {
    return WorkloadLine.builder(Task.TEXT_TO_IMAGE).name(name).model("sdxl").controlNet(ControlNet.Kind.OPENPOSE)
        .count(count).build();
  }

  /** {@code count} Veo 3 clips of {@code seconds} with audio. */
  public static WorkloadLine veo(String name, long count, long seconds) {
    return WorkloadLine.builder(Task.TEXT_TO_VIDEO).name(name).model("veo-3.1").duration(Duration.ofSeconds(seconds))
        .audio(true).count(count).build();
  }

  /** A planner over {@link #CATALOG} in {@code currency}, with {@link #RUPIAH}. */
  public static CostPlanner planner(Currency currency) {
    return CostPlanner.builder().catalog(CATALOG).currency(currency).fxRates(RUPIAH).build();
  }

  /** {@code amount} in US dollars. */
  public static Money usd(String amount) {
    return Money.usd(amount);
  }

  /** {@code amount} in rupiah. */
  public static Money idr(String amount) {
    return Money.of(amount, "IDR");
  }
}
