package dev.unigen.planning;

import static dev.unigen.planning.PlanningFixtures.CATALOG;
import static dev.unigen.planning.PlanningFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.request.ControlNet;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading workload files: every field, and errors that name the file, the line or scenario, and the field. */
class WorkloadFileTest {

  private static String doc(String lines, String rest) {
    return "{\"format\": 1, \"name\": \"w\", \"lines\": [" + lines + "]" + rest + "}";
  }

  private static String error(String json) {
    return assertThrows(PlanningException.class, () -> WorkloadFile.parse(json, "w.json")).getMessage();
  }

  private static final String SCHNELL = "{\"name\": \"FLUX\", \"task\": \"text-to-image\", \"model\": \"flux-schnell\", "
      + "\"size\": \"1024x1024\", \"count\": 1000}";

  @Test
  void readsEveryLineField() {
    WorkloadFile f = WorkloadFile.parse(doc("""
        {"name": "clip", "task": "video-to-video", "model": "kling-4.0", "prompt": "a dance", "count": 7,
         "perRequest": 2, "megapixels": "2", "aspectRatio": "16:9", "quality": "high", "steps": 30,
         "duration": 5.5, "resolution": "1080p", "fps": 24, "audio": true, "voiceControl": true,
         "references": 2, "referenceSize": "512x512", "loras": 1, "controlNets": ["openpose", "depth"],
         "inputSize": "640x480", "inputVideoSeconds": "3.25", "upscaleFactor": 2}
        """, ""), "w.json");
    WorkloadLine l = f.workload().lines().get(0);
    assertEquals(Task.VIDEO_TO_VIDEO, l.task());
    assertEquals("kling-4.0", l.model().get());
    assertEquals(7, l.count());
    assertEquals(2, l.perRequest());
    assertEquals(4, l.requests()); // 3 calls of 2, then 1
    assertEquals(Size.of(1250, 1600), l.size().get());
    assertEquals(0, new BigDecimal("2").compareTo(l.megapixels().get()));
    assertEquals(Duration.ofMillis(5500), l.duration().get());
    assertEquals(List.of(ControlNet.Kind.OPENPOSE, ControlNet.Kind.DEPTH), l.controlNets());
    assertEquals(Duration.ofMillis(3250), l.request().video().get().duration().get());
    assertEquals(Size.of(640, 480), l.request().image().get().size().get());
    assertEquals(2, l.request().references().size());
    assertEquals(Size.of(512, 512), l.request().references().get(0).size().get());
    assertEquals(1, l.request().loras().size());
    assertEquals(2, l.request().count());
    assertEquals(1, l.remainderRequest().get().count());
    assertTrue(l.request().audio() && l.request().voiceControl());
    assertEquals("month", f.workload().period());
    assertEquals(List.of("Cheapest"), f.scenarios().stream().map(Scenario::name).toList());
  }

  @Test
  void aTextLineCarriesItsSystemMessageAndAnswerLength() {
    WorkloadFile f = WorkloadFile.parse(doc("""
        {"name": "prompt", "task": "text", "model": "writer", "system": "You write image prompts.",
         "prompt": "a red bicycle", "maxTokens": 150, "count": 10}
        """, """
        , "catalog": {"format": 1, "offers": [{"provider": "llm", "model": "writer", "endpoint": "writer",
          "tasks": ["text"], "price": {"kind": "tokens", "perMillion": {"textInput": "2", "textOutput": "10"},
          "expectedTextOutputTokens": 400}, "asOf": "2026-09-20", "source": "test"}]}
        """), "w.json");
    WorkloadLine l = f.workload().lines().get(0);
    assertEquals("You write image prompts.", l.system().get());
    assertEquals(150, l.maxTokens().getAsInt());
    assertEquals("You write image prompts.", l.request().system().get());
    assertEquals(150, l.request().maxTokens().getAsInt());

    CostPlan plan = CostPlanner.builder().build().plan(f.workload(), f.scenarios());
    // (24 + 13 + 3) / 4 = 10 input tokens x $2 + 150 output tokens x $10, per 10^6: $0.00152 a call; 10 calls $0.0152.
    assertEquals(0, new BigDecimal("0.0152").compareTo(plan.scenarios().get(0).lines().get(0).cost().get().amount()));
    assertTrue(error(doc("{\"task\": \"text\", \"prompt\": \"x\", \"maxTokens\": 0, \"count\": 1}", "")).contains("maxTokens"));
  }

  @Test
  void readsScenariosAndCreditPacks() {
    WorkloadFile f = WorkloadFile.parse(doc(SCHNELL, """
        , "users": 4, "period": "month", "revenue": {"amount": "29"},
        "scenarios": [
          {"name": "fal", "providers": ["fal"]},
          {"name": "order", "providerOrder": ["runware", "fal"], "assign": {"FLUX": "fal"},
           "subscriptions": [{"provider": "huggingface", "name": "pro", "sharedBy": 2}]}
        ],
        "creditPacks": {
          "packs": [{"name": "Starter", "credits": 100, "price": {"amount": "5", "currency": "USD"}}],
          "outputs": [{"name": "Image", "credits": 1, "lines": ["FLUX"]},
                      {"name": "Flat", "credits": "0.5", "cost": {"amount": "0.01"}}]
        }
        """), "w.json");
    assertEquals(usd("29"), f.workload().revenue().get());
    Scenario order = f.scenarios().get(1);
    assertEquals("provider order [runware, fal]; FLUX on fal; huggingface/pro shared by 2 users", order.summary());
    // Plan it: fal 2 MP x $0.003 = $0.006, x 1,000 = $6.00 a user; the pack sells an image for $0.05.
    CostPlan plan = CostPlanner.builder().catalog(CATALOG).build().plan(f.workload(), f.scenarios());
    assertEquals(usd("6.00"), plan.scenario("fal").get().total());
    CreditPacks.Table t = plan.scenario("fal").get().creditPacks().get();
    assertEquals(usd("0.006"), t.rows().get(0).cost());
    assertEquals(usd("0.044"), t.rows().get(0).cells().get(0).margin());
    // "Flat": half a credit at $0.05 is $0.025, less $0.01 = $0.015.
    assertEquals(usd("0.015"), t.rows().get(1).cells().get(0).margin());
    // The order scenario: FLUX assigned to fal, $6.00, plus $9.00 / 2 = $4.50 of Hugging Face PRO.
    assertEquals(usd("10.50"), plan.scenario("order").get().total());
  }

  @Test
  void theFilesCatalogReachesEveryScenarioAndAScenariosOwnOnlyThatOne() {
    String offer = """
        {"provider": "openai", "model": "dall-e-3", "endpoint": "dall-e-3", "tasks": ["text-to-image"],
         "price": {"kind": "per-image", "price": "%s"}, "asOf": "2025-10-10", "source": "seed document 000"}
        """;
    WorkloadFile f = WorkloadFile.parse(doc("{\"name\": \"d\", \"task\": \"text-to-image\", \"model\": \"dall-e-3\", \"count\": 10}",
        ", \"catalog\": {\"format\": 1, \"offers\": [" + offer.formatted("0.04") + "]},"
            + "\"scenarios\": [{\"name\": \"file\"}, {\"name\": \"hd\", \"catalog\": {\"format\": 1, \"offers\": ["
            + offer.formatted("0.08") + "]}}]"), "w.json");
    CostPlan plan = CostPlanner.builder().catalog(CATALOG).build().plan(f.workload(), f.scenarios());
    assertEquals(usd("0.40"), plan.scenario("file").get().total()); // 10 x $0.04
    assertEquals(usd("0.80"), plan.scenario("hd").get().total()); // 10 x $0.08
  }

  @Test
  void errorsNameTheFileTheLineAndTheField() {
    assertEquals("w.json: lines[1] (FLUX dev): size: not a WxH size: 1024*1024", error(doc(SCHNELL
        + ", {\"name\": \"FLUX dev\", \"task\": \"text-to-image\", \"model\": \"flux-dev\", \"size\": \"1024*1024\", \"count\": 5}", "")));
    assertEquals("w.json: lines[0] (text-to-video (any model)): count: is required",
        error(doc("{\"task\": \"text-to-video\", \"duration\": 5}", "")));
    assertEquals("w.json: lines[0] (FLUX): sizes: unknown field (did you mean 'size'?)",
        error(doc("{\"name\": \"FLUX\", \"task\": \"text-to-image\", \"sizes\": \"1x1\", \"count\": 1}", "")));
    assertEquals("w.json: lines[0] (x): task: unknown task 'txt2img'",
        error(doc("{\"name\": \"x\", \"task\": \"txt2img\", \"count\": 1}", "")));
    assertEquals("w.json: lines[0] (x): megapixels: give either size or megapixels",
        error(doc("{\"name\": \"x\", \"task\": \"text-to-image\", \"size\": \"8x8\", \"megapixels\": 1, \"count\": 1}", "")));
    assertEquals("w.json: lines[0] (x): controlNets[0]: unknown ControlNet kind 'pose'",
        error(doc("{\"name\": \"x\", \"task\": \"text-to-image\", \"controlNets\": [\"pose\"], \"count\": 1}", "")));
    assertEquals("w.json: lines[1] (FLUX): name: another line is named 'FLUX'", error(doc(SCHNELL + "," + SCHNELL, "")));
    assertEquals("w.json: lines[0] (x): duration: at most millisecond precision: 5.0001",
        error(doc("{\"name\": \"x\", \"task\": \"text-to-video\", \"duration\": 5.0001, \"count\": 1}", "")));
  }

  @Test
  void errorsNameTheScenario() {
    assertEquals("w.json: scenarios[1] (HF): assign.Posses: no line is named 'Posses'",
        error(doc(SCHNELL, ", \"scenarios\": [{\"name\": \"fal\"}, {\"name\": \"HF\", \"assign\": {\"Posses\": \"runware\"}}]")));
    assertEquals("w.json: scenarios[0] (HF): subscriptions[1].provider: the scenario already holds a subscription of huggingface",
        error(doc(SCHNELL, ", \"scenarios\": [{\"name\": \"HF\", \"subscriptions\": [{\"provider\": \"huggingface\", \"name\": \"pro\"},"
            + "{\"provider\": \"huggingface\", \"name\": \"team\"}]}]")));
    assertEquals("w.json: scenarios[0] (x): providerOrder: give either strategy or providerOrder",
        error(doc(SCHNELL, ", \"scenarios\": [{\"name\": \"x\", \"strategy\": \"cheapest\", \"providerOrder\": [\"fal\"]}]")));
    assertEquals("w.json: scenarios[1] (a): name: another scenario is named 'a'",
        error(doc(SCHNELL, ", \"scenarios\": [{\"name\": \"a\"}, {\"name\": \"a\"}]")));
    assertEquals("w.json: scenarios[0] (Seed prices): catalog: offers[0] (openai/dall-e-3): price.kind: unknown rule kind"
            + " 'per-imag'; known: compute-seconds, input-output-seconds, per-clip, per-image, per-megapixel, per-request,"
            + " per-second, per-step, storage, tiered-megapixel, tokens, video-megapixel",
        error(doc(SCHNELL, ", \"scenarios\": [{\"name\": \"Seed prices\", \"catalog\": {\"format\": 1, \"offers\": ["
            + "{\"provider\": \"openai\", \"model\": \"dall-e-3\", \"endpoint\": \"dall-e-3\", \"tasks\": [\"text-to-image\"],"
            + "\"price\": {\"kind\": \"per-imag\", \"price\": 1}, \"asOf\": \"2025-10-10\", \"source\": \"s\"}]}}]")));
  }

  @Test
  void errorsInTheDocument() {
    assertEquals("w.json: $.userz: unknown field (did you mean 'users'?)", error(doc(SCHNELL, ", \"userz\": 3")));
    assertEquals("w.json: $.users: must be a positive whole number", error(doc(SCHNELL, ", \"users\": 0")));
    assertEquals("w.json: $.fxRates[0].from: unknown currency 'RP'",
        error(doc(SCHNELL, ", \"fxRates\": [{\"from\": \"RP\", \"to\": \"USD\", \"rate\": 1}]")));
    assertEquals("w.json: $.fxRates[0].rate: must be positive",
        error(doc(SCHNELL, ", \"fxRates\": [{\"from\": \"USD\", \"to\": \"IDR\", \"rate\": 0}]")));
    assertEquals("w.json: $.creditPacks.outputs[0].lines[1]: no line is named 'Upscale'",
        error(doc(SCHNELL, ", \"creditPacks\": {\"packs\": [{\"name\": \"p\", \"credits\": 1, \"price\": {\"amount\": 1}}],"
            + "\"outputs\": [{\"name\": \"o\", \"credits\": 1, \"lines\": [\"FLUX\", \"Upscale\"]}]}")));
    assertEquals("w.json: $.creditPacks.outputs[0].cost: give either cost or lines",
        error(doc(SCHNELL, ", \"creditPacks\": {\"packs\": [{\"name\": \"p\", \"credits\": 1, \"price\": {\"amount\": 1}}],"
            + "\"outputs\": [{\"name\": \"o\", \"credits\": 1}]}")));
    assertEquals("w.json: $.revenue.amount: must not be negative", error(doc(SCHNELL, ", \"revenue\": {\"amount\": -1}")));
    assertEquals("w.json: $.format: unsupported format 2; this version reads 1",
        error("{\"format\": 2, \"name\": \"w\", \"lines\": []}"));
    assertEquals("w.json: $.lines: needs at least one line", error(doc("", "")));
    assertEquals("w.json: $: malformed JSON: line 1, column 14: the text ends too early", error("{\"format\": 1,"));
  }

  @Test
  void loadsAFileByItsName(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("starter.json");
    Files.writeString(p, doc(SCHNELL, ", \"users\": \"x\""), StandardCharsets.UTF_8);
    PlanningException e = assertThrows(PlanningException.class, () -> WorkloadFile.load(p));
    assertEquals("starter.json: $.users: not a decimal number: 'x'", e.getMessage());
  }

  @Test
  void fixedCostsAreSharedOrChargedPerUserAndAddToEveryScenario() {
    // 100 images at $0.01 = $1.00 a user; storage $15 shared by 10 users = $1.50; a $0.25 fee per
    // user. Total per user 1.00 + 1.50 + 0.25 = $2.75, for all 10 users $27.50.
    WorkloadFile f = WorkloadFile.parse("""
        {"format": 1, "name": "w", "users": 10,
         "catalog": {"format": 1, "offers": [{"provider": "acme", "model": "acme-img", "endpoint": "acme-img",
           "tasks": ["text-to-image"], "price": {"kind": "per-image", "price": "0.01"},
           "asOf": "2026-12-01", "source": "https://example.com/prices"}]},
         "lines": [{"name": "Images", "task": "text-to-image", "model": "acme-img", "count": 100}],
         "fixedCosts": [{"name": "Storage", "cost": {"amount": "15", "currency": "USD"}},
                        {"name": "Platform fee", "cost": {"amount": "0.25"}, "per": "user"}]}
        """, "w.json");
    assertEquals(List.of(new Workload.FixedCost("Storage", usd("15"), false),
        new Workload.FixedCost("Platform fee", usd("0.25"), true)), f.workload().fixedCosts());
    ScenarioCost s = CostPlanner.builder().catalog(dev.unigen.catalog.Catalog.empty()).build()
        .plan(f.workload(), f.scenarios()).scenarios().get(0);
    assertEquals(usd("1.50"), s.fixedCosts().get("Storage"));
    assertEquals(usd("0.25"), s.fixedCosts().get("Platform fee"));
    assertEquals(0, usd("2.75").amount().compareTo(s.total().amount()), s.total().toString());
    assertEquals(0, usd("27.50").amount().compareTo(s.totalForAllUsers().amount()));

    assertEquals("w.json: $.fixedCosts[0].per: must be 'all' or 'user': 'month'", error("""
        {"format": 1, "name": "w", "lines": [{"task": "text-to-image", "count": 1}],
         "fixedCosts": [{"name": "Storage", "cost": {"amount": "15"}, "per": "month"}]}"""));
    assertEquals("w.json: $.fixedCosts[1].name: another fixed cost is named 'S'", error("""
        {"format": 1, "name": "w", "lines": [{"task": "text-to-image", "count": 1}],
         "fixedCosts": [{"name": "S", "cost": {"amount": "1"}}, {"name": "S", "cost": {"amount": "2"}}]}"""));
  }

  @Test
  void aStorageBillIsPricedByTheStorageRule() {
    // 54 GB-month stored, 10 free, $0.015 each above: 44 x $0.015 = $0.66, one bill for 2 users, $0.33 each.
    WorkloadFile f = WorkloadFile.parse("""
        {"format": 1, "name": "w", "users": 2,
         "catalog": {"format": 1, "offers": [{"provider": "acme", "model": "acme-img", "endpoint": "acme-img",
           "tasks": ["text-to-image"], "price": {"kind": "per-image", "price": "0.01"},
           "asOf": "2026-12-01", "source": "https://example.com/prices"}]},
         "lines": [{"name": "Images", "task": "text-to-image", "model": "acme-img", "count": 1}],
         "fixedCosts": [{"name": "R2", "storage": {"gbMonths": "54",
           "price": {"kind": "storage", "perGbMonth": "0.015", "freeGbMonths": "10"}}},
           {"name": "Within the free tier", "storage": {"gbMonths": "9.5",
           "price": {"kind": "storage", "perGbMonth": "0.015", "freeGbMonths": "10"}}},
           {"name": "In euros", "storage": {"gbMonths": "2",
           "price": {"kind": "storage", "perGbMonth": "0.02", "currency": "EUR"}}}],
         "fxRates": [{"from": "EUR", "to": "USD", "rate": "1.25"}]}
        """, "w.json");
    assertEquals(new Workload.FixedCost("R2", usd("0.66"), false), f.workload().fixedCosts().get(0));
    assertEquals(0, f.workload().fixedCosts().get(1).amount().amount().signum());
    ScenarioCost s = CostPlanner.builder().catalog(dev.unigen.catalog.Catalog.empty()).fxRates(f.fxRates()).build()
        .plan(f.workload(), f.scenarios()).scenarios().get(0);
    assertEquals(0, new java.math.BigDecimal("0.33").compareTo(s.fixedCosts().get("R2").amount()));
    // 2 x EUR 0.02 = EUR 0.04 = USD 0.05, shared by 2: USD 0.025 each.
    assertEquals(0, new java.math.BigDecimal("0.025").compareTo(s.fixedCosts().get("In euros").amount()));

    assertEquals("w.json: $.fixedCosts[0].storage.price: must be a rule of kind storage, not per-image", error("""
        {"format": 1, "name": "w", "lines": [{"task": "text-to-image", "count": 1}],
         "fixedCosts": [{"name": "S", "storage": {"gbMonths": "1", "price": {"kind": "per-image", "price": "1"}}}]}"""));
    assertEquals("w.json: $.fixedCosts[0].storage.gbMonths: must not be negative", error("""
        {"format": 1, "name": "w", "lines": [{"task": "text-to-image", "count": 1}],
         "fixedCosts": [{"name": "S", "storage": {"gbMonths": "-1", "price": {"kind": "storage", "perGbMonth": "1"}}}]}"""));
    assertEquals("w.json: $.fixedCosts[0].per: a storage bill is one for the account: give the gbMonths of all users",
        error("""
        {"format": 1, "name": "w", "lines": [{"task": "text-to-image", "count": 1}],
         "fixedCosts": [{"name": "S", "per": "user", "storage": {"gbMonths": "1", "price": {"kind": "storage", "perGbMonth": "1"}}}]}"""));
    assertEquals("w.json: $.fixedCosts[0].storage.price: is required", error("""
        {"format": 1, "name": "w", "lines": [{"task": "text-to-image", "count": 1}],
         "fixedCosts": [{"name": "S", "storage": {"gbMonths": "1"}}]}"""));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Workload.FixedCost.storage("S",
        dev.unigen.pricing.PriceRule.perImage(usd("1")), java.math.BigDecimal.ONE));
  }
}
