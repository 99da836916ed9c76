package dev.unigen.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.Money;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.CreditPacks;
import dev.unigen.planning.PlanningFixtures;
import dev.unigen.planning.Scenario;
import dev.unigen.planning.Workload;
import dev.unigen.planning.WorkloadFile;
import dev.unigen.planning.WorkloadLine;
import dev.unigen.request.Task;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four renderings of a plan. The photo platform's STARTER tier of {@code docs/planning.md}
 * (figures worked out by hand there) and a workload with an unservable line, a name that needs
 * escaping and quoting, and credit packs. Each rendering is also written to {@code target/reports/} to be looked at.
 */
class PlanReportTest {
  private static CostPlan tier;
  private static CostPlan awkward;
  private static CostPlan chained;

  @BeforeAll
  static void plan() throws IOException {
    String md = Files.readString(Path.of("..", "docs", "planning.md"), StandardCharsets.UTF_8);
    int at = md.indexOf("```json", md.indexOf("## Full example")) + "```json".length();
    WorkloadFile f = WorkloadFile.parse(md.substring(at, md.indexOf("```", at)), "planning.md");
    tier = CostPlanner.builder().catalog(Catalog.empty()).currency(f.currency().get()).fxRates(f.fxRates()).build()
        .plan(f.workload(), f.scenarios());

    // Per output: a FLUX schnell image and a SAM-3 mask. On fal $0.006 + $0.005 = $0.011; Runware has
    // its image at $0.0013 but no SAM-3. Sold at 1 credit of $0.05 or of $0.03.
    Workload w = Workload.builder("Shop <photos>, \"pro\"").revenue(Money.usd("1.00"))
        .line(PlanningFixtures.schnell("Image, 1024²", 10))
        .line(WorkloadLine.builder(Task.SEGMENTATION).name("Mask").model("sam-3").count(10).build())
        .creditPacks(CreditPacks.builder().pack("Starter", 100, Money.usd("5")).pack("Agency", 2000, Money.usd("60"))
            .output("Masked image", BigDecimal.ONE, List.of("Image, 1024²", "Mask")).build())
        .build();
    awkward = PlanningFixtures.planner(PlanningFixtures.USD).plan(w, Scenario.allOn("All fal", "fal"),
        Scenario.allOn("All Runware", "runware"));

    // 500 premium photos a month: $0.0572144 a run on fal and xAI, $28.6072 (worked out in ChainLineTest).
    Workload photos = Workload.builder("Photo studio")
        .line(WorkloadLine.builder(PlanningFixtures.PREMIUM_PHOTO).name("Premium photos").count(500).build())
        .build();
    chained = CostPlanner.builder().catalog(PlanningFixtures.STUDIO).build()
        .plan(photos, Scenario.builder("Seed stack").providers("fal", "xai").build());
  }

  @Test
  void writesEveryFormatToLookAt() throws IOException {
    Path dir = Path.of("target", "reports");
    Files.createDirectories(dir);
    for (ReportFormat f : ReportFormat.values()) {
      Files.writeString(dir.resolve("plan." + f.extension()), PlanReport.of(tier).render(f), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("plan-awkward." + f.extension()), PlanReport.of(awkward).render(f), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("plan-chain." + f.extension()), PlanReport.of(chained).render(f), StandardCharsets.UTF_8);
    }
    StringBuilder out = new StringBuilder();
    PlanReport.of(tier).write(ReportFormat.TEXT, out);
    assertEquals(PlanReport.of(tier).render(ReportFormat.TEXT), out.toString());
  }

  @Test
  void textStatesTheRoundingTheRateAndTheFigures() {
    String text = PlanReport.of(tier).render(ReportFormat.TEXT);
    assertTrue(text.startsWith("Cost plan: Photo platform STARTER\nper user per month · 10 users · revenue 199,000.00 IDR per user\n"), text);
    assertTrue(text.contains("Amounts in IDR, rounded half-even to 2 decimal places for display (costs per output to up to 6);"
        + " computed exactly, divisions to 20 places.\nRates: 1 USD = 16,000 IDR.\n"), text);
    // The summary: totals, totals for 10 users, margins and savings against All fal.
    assertTrue(text.contains("  All fal                         82,240.00       822,400.00    116,760.00 (58.7 %)  baseline\n"), text);
    assertTrue(text.contains("  HF PRO shared by 10             80,400.00       804,000.00    118,600.00 (59.6 %)  1,840.00 (2.2 %)\n"), text);
    // A line: 100 FLUX schnell on fal, Rp 96 each.
    assertTrue(text.contains("  2  FLUX schnell      100  fal/flux-schnell              96.00    9,600.00          0.00       9,600.00\n"), text);
    assertTrue(text.contains("huggingface/pro: included credit 32,000.00, used 19,200.00 of it by 10 users (usage 19,200.00)"), text);
    assertTrue(text.contains("  huggingface/pro           subscription   2026-11-23  https://github.com/huggingface/"), text);
  }

  @Test
  void everyRenderingShowsHowEachLineWasWorkedOutWithItsUnits() {
    // By hand, in the rules' dollars: 300 poses at $0.005; 1024x1024 is 1.048576 MP, which fal rounds up
    // to 2: 100 × 2 × $0.003 and 50 × 2 × $0.025; Seedance Lite's 5 s clip at 720p is $0.18.
    String text = PlanReport.of(tier).render(ReportFormat.TEXT);
    assertTrue(text.contains("  Worked out:\n"
        + "    1 Poses: 300 × 0.005 USD/image = 1.5 USD\n"
        + "    2 FLUX schnell: 100 × 2 MP (1.048576 rounded up) × 0.003 USD/MP = 0.6 USD\n"
        + "    3 FLUX dev: 50 × 2 MP (1.048576 rounded up) × 0.025 USD/MP = 2.5 USD\n"
        + "    4 Videos: 3 × 0.18 USD/clip (5 s, 720p) = 0.54 USD\n"), text);
    // Wan 2.1 on Replicate: 3 clips × 5 s × $0.25 a second at 720p.
    assertTrue(text.contains("    4 Videos: 3 × 5 s × 0.25 USD/s (720p) = 3.75 USD\n"), text);
    String html = PlanReport.of(tier).render(ReportFormat.HTML);
    assertTrue(html.contains("<td class=\"muted w\">100 × 0.0006 USD/image = 0.06 USD</td>"), html);
    String chain = PlanReport.of(chained).render(ReportFormat.TEXT);
    assertTrue(chain.contains("    1 Premium photos: 500 runs × 0.0572144 USD/run (chain premium-photo, 5 steps) = 28.6072 USD\n"
        + "      · prompt (text): 500 × 0.001 USD/request = 0.5 USD\n"), chain);
    assertTrue(chain.contains("      · final (upscale): 500 × 26.2144 MP × 0.001 USD/MP = 13.1072 USD\n"), chain);
  }

  @Test
  void aLargerScaleShowsMorePlaces() {
    String text = PlanReport.builder(tier).scale(0).title("STARTER").build().render(ReportFormat.TEXT);
    assertTrue(text.startsWith("STARTER\n"));
    assertTrue(text.contains("  All fal                            82,240          822,400       116,760 (58.7 %)  baseline\n"), text);
  }

  @Test
  void textSaysWhatCannotBeServedAndTheCreditPacks() {
    String text = PlanReport.of(awkward).render(ReportFormat.TEXT);
    assertTrue(text.contains("  Not served: 2 Mask: runware does not offer model sam-3; offered by fal\n"), text);
    assertTrue(text.contains("* some lines cannot be served"), text);
    // Masked image on fal: 0.006 + 0.005 = $0.011; Starter $0.05 - 0.011 = $0.039 (78 %); Agency $0.03 - 0.011 = $0.019.
    assertTrue(text.contains("    Masked image        1       0.011  Starter              0.05           0.05         0.039    78.0 %           1\n"), text);
    assertTrue(text.contains("  Note: credit packs not worked out: output 'Masked image' needs line 'Mask'"), text);
  }

  @Test
  void jsonKeepsEveryAmountExact() {
    JsonFields doc = JsonFields.of(JsonTree.parse(PlanReport.of(tier).render(ReportFormat.JSON)), "$");
    assertEquals("cost-plan", doc.requireString("report"));
    assertEquals("IDR", doc.requireString("currency"));
    JsonFields rate = doc.objects("ratesUsed").get(0);
    assertEquals("USD", rate.requireString("from"));
    assertEquals("16000", rate.requireString("rate"));
    JsonFields allFal = doc.objects("scenarios").get(0);
    assertEquals("82240.00", allFal.requireString("total"));
    assertEquals("0.58673366834170854271", allFal.requireString("marginRatio"));
    JsonFields schnell = allFal.objects("lines").get(1);
    assertEquals("fal/flux-schnell", schnell.requireString("offer"));
    assertEquals("2026-11-23", schnell.requireString("asOf"));
    assertEquals("https://fal.ai/models/fal-ai/flux/schnell", schnell.requireString("source"));
    assertEquals("0.60", schnell.object("ruleCost").get().requireString("amount"));
    assertEquals("USD", schnell.object("ruleCost").get().requireString("currency"));
    assertEquals("100 × 2 MP (1.048576 rounded up) × 0.003 USD/MP = 0.6 USD", schnell.requireString("derivation"));
    JsonFields pro = doc.objects("scenarios").get(2).objects("subscriptions").get(0);
    assertEquals("14400.00", pro.requireString("feePerUser"));
    JsonFields saved = doc.objects("savings").get(1);
    assertEquals("1840.00", saved.requireString("amount"));
    assertEquals("0.0223735408560311284", saved.requireString("ratio"));

    JsonFields mask = JsonFields.of(JsonTree.parse(PlanReport.of(awkward).render(ReportFormat.JSON)), "$")
        .objects("scenarios").get(1).objects("lines").get(1);
    assertEquals("unservable", mask.requireString("status"));
    assertEquals("runware does not offer model sam-3; offered by fal", mask.requireString("reason"));
  }

  @Test
  void csvHasARowPerLineSubscriptionAndTotal() {
    List<String> rows = PlanReport.of(tier).render(ReportFormat.CSV).lines().toList();
    assertEquals("scenario,row,line,name,task,model,count,requests,status,offer,rule,as_of,source,currency,rule_cost,"
        + "rule_currency,cost,unit_cost,credited,charged,revenue,margin,margin_ratio,reason,confidence,derivation,tie,"
        + "tie_broken_by,pays_off_above,pay_as_you_go,elsewhere_per_output,note", rows.get(0));
    // 3 scenarios x 4 lines, 2 subscriptions, 2 break-evens, 3 totals.
    assertEquals(1 + 12 + 2 + 2 + 3, rows.size());
    assertTrue(rows.contains("All fal,line,2,FLUX schnell,text-to-image,flux-schnell,100,100,priced,fal/flux-schnell,"
        + "per-megapixel,2026-11-23,https://fal.ai/models/fal-ai/flux/schnell,IDR,0.60,USD,9600.00,96.00,0.00,9600.00,,,,,"
        + "official,100 × 2 MP (1.048576 rounded up) × 0.003 USD/MP = 0.6 USD,,,,,,"), String.join("\n", rows));
    assertTrue(rows.contains("HF PRO shared by 10,total,,,,,,,complete,,,,,IDR,,,82320.00,,1920.00,80400.00,199000.00,"
        + "118600.00,0.59597989949748743719,,,,,,,,,rates: 1 USD = 16000 IDR"), String.join("\n", rows));
    String csv = PlanReport.of(awkward).render(ReportFormat.CSV);
    assertTrue(csv.contains("All fal,line,1,\"Image, 1024²\","), csv);
    assertTrue(csv.endsWith("\r\n"));
  }

  @Test
  void htmlIsOnePageWithChartsAndNothingToFetchOrRun() {
    String html = PlanReport.of(awkward).render(ReportFormat.HTML);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("src="));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("url("));
    assertFalse(html.contains("@import"));
    // One chart of the totals, and one per scenario.
    assertEquals(2 * 3, html.split("<svg ", -1).length - 1); // each drawn wide and narrow
    // The workload's name is escaped, never markup.
    assertTrue(html.contains("<h1>Cost plan: Shop &lt;photos&gt;, &quot;pro&quot;</h1>"));
    // A line's offer links to where its price comes from, and that source is a link too.
    assertTrue(html.contains("<td><a href=\"#src-fal-flux-schnell\">fal/flux-schnell</a></td>"), html);
    assertTrue(html.contains("<tr id=\"src-fal-flux-schnell\"><td>fal/flux-schnell</td><td>per-megapixel</td>"
        + "<td class=\"d\">2026-11-23</td><td class=\"src\"><a href=\"https://fal.ai/models/fal-ai/flux/schnell\""
        + " rel=\"noreferrer\">https://fal.ai/models/fal-ai/flux/schnell</a></td></tr>"), html);
    // Readable on a phone (tables scroll on their own) and on paper.
    assertTrue(html.contains("@media (max-width:700px)"));
    assertTrue(html.contains("@media print"));
    // On a phone: charts drawn narrow (labels above the bars), cells on one line but a derivation's,
    // offers never broken inside their key; printed: the wide charts and smaller tables.
    assertTrue(html.contains("<div class=\"chart narrow\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"370\""), html);
    assertTrue(html.contains("th,td{padding:3px 6px;white-space:nowrap}td.w{white-space:normal;min-width:220px}"), html);
    assertTrue(html.contains("td a[href^=\"#\"]{white-space:nowrap}"), html);
    assertTrue(html.contains("@media print{") && html.contains(".chart.wide{display:block}.chart.narrow{display:none}table{font-size:11px}"), html);
    assertTrue(html.contains("runware does not offer model sam-3; offered by fal"));
    assertTrue(html.contains("cannot be served"));
    String tierHtml = PlanReport.of(tier).render(ReportFormat.HTML);
    assertTrue(tierHtml.contains("revenue 199,000.00"));
    assertTrue(tierHtml.contains("HF PRO shared by 10 · cheapest"));
  }

  @Test
  void aChainLineShowsEachStepUnderItInEveryFormat() {
    String text = PlanReport.of(chained).render(ReportFormat.TEXT);
    assertTrue(text.contains("  1  Premium photos              500  chain premium-photo, 5 steps          0.057214       28.61"
        + "          0.00          28.61\n"), text);
    // Each step: one run's cost, then 500 runs': the upscale 0.0262144 and 13.1072.
    assertTrue(text.contains("       · final (upscale)              fal/seedvr-upscale                    0.026214       13.11\n"), text);
    assertTrue(text.contains("  fal/seedvr-upscale  per-megapixel  2026-12-01  test\n"), text);

    JsonFields line = JsonFields.of(JsonTree.parse(PlanReport.of(chained).render(ReportFormat.JSON)), "$")
        .objects("scenarios").get(0).objects("lines").get(0);
    assertEquals("premium-photo", line.requireString("chain"));
    assertEquals("28.6072", line.requireString("cost"));
    JsonFields upscale = line.objects("steps").get(4);
    assertEquals("final", upscale.requireString("name"));
    assertEquals("fal/seedvr-upscale", upscale.requireString("offer"));
    assertEquals("5120x5120", upscale.requireString("outputSize"));
    assertEquals("13.1072", upscale.requireString("cost"));
    assertEquals("0.0262144", upscale.requireString("unitCost"));
    assertEquals("500 × 26.2144 MP × 0.001 USD/MP = 13.1072 USD", upscale.requireString("derivation"));

    List<String> rows = PlanReport.of(chained).render(ReportFormat.CSV).lines().toList();
    // The line, its 5 steps and the total.
    assertEquals(1 + 1 + 5 + 1, rows.size());
    assertTrue(rows.contains("Seed stack,step,1,Premium photos / final,upscale,seedvr-upscale,500,500,priced,fal/seedvr-upscale,"
        + "per-megapixel,2026-12-01,test,USD,13.1072,USD,13.1072,0.0262144,,,,,,,official,"
        + "500 × 26.2144 MP × 0.001 USD/MP = 13.1072 USD,,,,,,"), String.join("\n", rows));

    String html = PlanReport.of(chained).render(ReportFormat.HTML);
    assertTrue(html.contains("chain premium-photo: text → text-to-image → segmentation → inpaint → upscale"), html);
    assertTrue(html.contains("<td>· final (upscale)<br><span class=\"muted\">5120x5120</span></td><td></td>"
        + "<td><a href=\"#src-fal-seedvr-upscale\">fal/seedvr-upscale</a></td>"), html);
  }

  @Test
  void linesRoundedOneByOneThatDoNotAddUpToTheTotalSaySo() {
    // 0.335 each rounds half-even to 0.34, so two lines show 0.68; their exact sum 0.67 shows as 0.67.
    Catalog c = Catalog.parse("{\"format\": 1, \"offers\": [{\"provider\": \"acme\", \"model\": \"acme-img\", \"endpoint\": \"acme-img\","
        + " \"tasks\": [\"text-to-image\"], \"price\": {\"kind\": \"per-image\", \"price\": \"0.335\"},"
        + " \"asOf\": \"2026-12-01\", \"source\": \"https://example.com/prices\"}]}", "acme.json");
    Workload w = Workload.builder("odd cents")
        .line(WorkloadLine.builder(Task.TEXT_TO_IMAGE).name("a").model("acme-img").count(1).build())
        .line(WorkloadLine.builder(Task.TEXT_TO_IMAGE).name("b").model("acme-img").count(1).build())
        .build();
    CostPlan odd = CostPlanner.builder().catalog(c).build().plan(w, Scenario.cheapest("Cheapest"));
    String text = PlanReport.of(odd).render(ReportFormat.TEXT);
    assertTrue(text.contains("  Rounding: the charged amounts shown add up to 0.68 as rounded; the total 0.67 is their"
        + " exact sum, rounded once.\n"), text);
    assertTrue(PlanReport.of(odd).render(ReportFormat.HTML).contains("Rounding: the charged amounts shown add up to 0.68"));
    // Amounts that add up as shown need no such sentence.
    assertFalse(PlanReport.of(tier).render(ReportFormat.TEXT).contains("Rounding:"));
  }

  /**
   * A price from a third-party page is marked in every format, and a total that rests on a rate
   * says so beside it. By hand: 1,000 thumbnails at $0.0025 is $2.50, at 16,000 rupiah a dollar
   * Rp 40,000 (Rp 40 each); acme's figure is third-party and ties with zeta's official one, the
   * provider name choosing acme; storage of $5 a month shared by 1 user adds Rp 80,000: Rp 120,000.
   */
  @Test
  void aThirdPartyPriceIsMarkedAndTheRateStandsBesideTheTotal() {
    Catalog c = Catalog.parse("{\"format\": 1, \"offers\": ["
        + "{\"provider\": \"acme\", \"model\": \"thumb\", \"endpoint\": \"thumb\", \"tasks\": [\"text-to-image\"],"
        + " \"price\": {\"kind\": \"per-image\", \"price\": \"0.0025\"}, \"confidence\": \"third-party\","
        + " \"asOf\": \"2026-12-01\", \"source\": \"https://example.com/review\"},"
        + "{\"provider\": \"zeta\", \"model\": \"thumb\", \"endpoint\": \"thumb\", \"tasks\": [\"text-to-image\"],"
        + " \"price\": {\"kind\": \"per-image\", \"price\": \"0.0025\"},"
        + " \"asOf\": \"2026-12-01\", \"source\": \"https://example.com/zeta\"}]}", "thumbs.json");
    Workload w = Workload.builder("Thumbnails")
        .line(WorkloadLine.builder(Task.TEXT_TO_IMAGE).name("Thumbs").model("thumb").count(1000).build())
        .fixedCost(new Workload.FixedCost("Storage", Money.usd("5"), false))
        .build();
    CostPlan p = CostPlanner.builder().catalog(c).currency(PlanningFixtures.IDR).fxRates(PlanningFixtures.RUPIAH).build()
        .plan(w, Scenario.cheapest("Cheapest"));

    String text = PlanReport.of(p).render(ReportFormat.TEXT);
    assertTrue(text.contains("  1  Thumbs           1000  acme/thumb †             40.00   40,000.00          0.00      40,000.00\n"), text);
    assertTrue(text.contains("  Converted at 1 USD = 16,000 IDR.\n  † third-party price: the figure comes from a page other"
        + " than the provider's own (its source is listed under Sources); check it before relying on it.\n"), text);
    assertTrue(text.contains("  acme/thumb  per-image, third-party  2026-12-01  https://example.com/review\n"), text);
    assertTrue(text.contains("  Tie: 1 Thumbs on acme/thumb: tied with zeta/thumb at 40 IDR; chosen by provider name\n"), text);

    String html = PlanReport.of(p).render(ReportFormat.HTML);
    assertTrue(html.contains("<a href=\"#src-acme-thumb\">acme/thumb</a> <span class=\"badge\" title=\"price from a"
        + " third-party page, not the provider's own\">third-party</span>"), html);
    assertTrue(html.contains("<b>120,000.00 IDR</b> <span class=\"muted nw\">(at 1 USD = 16,000 IDR)</span>"), html);

    JsonFields line = JsonFields.of(JsonTree.parse(PlanReport.of(p).render(ReportFormat.JSON)), "$")
        .objects("scenarios").get(0).objects("lines").get(0);
    assertEquals("third-party", line.requireString("confidence"));
    assertEquals("40000.00", line.requireString("cost"));

    List<String> rows = PlanReport.of(p).render(ReportFormat.CSV).lines().toList();
    assertTrue(rows.contains("Cheapest,line,1,Thumbs,text-to-image,thumb,1000,1000,priced,acme/thumb,per-image,2026-12-01,"
        + "https://example.com/review,IDR,2.50,USD,40000.00,40.00,0.00,40000.00,,,,,third-party,"
        + "\"1,000 × 0.0025 USD/image = 2.5 USD\",tied with zeta/thumb at 40 IDR; chosen by provider name,provider name,,,,"),
        String.join("\n", rows));
    assertTrue(rows.contains("Cheapest,fixed,,Storage,,,,,,,,,,IDR,,,80000.00,,,80000.00,,,,,,,,,,,,"), String.join("\n", rows));
    assertTrue(rows.contains("Cheapest,total,,,,,,,complete,,,,,IDR,,,120000.00,,0.00,120000.00,,,,,,,,,,,,"
        + "rates: 1 USD = 16000 IDR"), String.join("\n", rows));
  }

  /**
   * The CSV carries each subscription's break-even. HF PRO in the STARTER tier (docs/planning.md):
   * its 150 images (100 FLUX schnell, 50 FLUX dev) cost Rp 960 + 960 = 1,920 on the plan, 12.80
   * each, within its Rp 32,000 credit, so the month with it is the fee, Rp 144,000; elsewhere
   * 100 × 96 + 50 × 800 = Rp 49,600, 330.67 each. It pays off above 144,000 ÷ (49,600 ÷ 150) =
   * 435.48… images a month; for one user, 150, pay-as-you-go is cheaper.
   */
  @Test
  void csvCarriesBreakEvens() {
    List<String> rows = PlanReport.of(tier).render(ReportFormat.CSV).lines().toList();
    assertTrue(rows.contains("HF PRO + Runware,break_even,,huggingface/pro,,,150,,pay_as_you_go_cheaper,,,2026-11-23,"
        + "https://github.com/huggingface/hub-docs/blob/main/docs/inference-providers/pricing.md,IDR,,,144000.00,12.80,,,,,,,"
        + ",,,,435.48387096774193548387,49600.00,330.66666666666666666667,"
        + "\"images a month for 1 user; fee 144000.00, included credit 32000.00; held\""), String.join("\n", rows));
  }
}
