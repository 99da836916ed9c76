package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AllProvidersFailedException;
import dev.unigen.Cost;
import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOfferException;
import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.Progress;
import dev.unigen.ledger.CostLedger;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.provider.sandbox.SandboxProvider;
import dev.unigen.request.Media;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snippets of {@code docs/getting-started.md}, as written there (output paths moved to a
 * temporary directory), so the page cannot drift from the API. The generators read an empty
 * environment, so a key on the machine running the tests never sends a request anywhere.
 */
class GettingStartedTest {
  @TempDir Path dir;

  private static Generator.Builder fromEnvironment() {
    return Generator.builder().environment(Map.of()).providersFromEnvironment();
  }

  @Test
  void theFirstRequest() {
    List<String> printed = new ArrayList<>();
    try (Generator gen = fromEnvironment()
        .strategy(Strategy.cheapest())
        .budget(Budget.perDay(Money.usd("5.00")))
        .build()) {

      Generation g = gen.image("flux-schnell")
          .prompt("a red bicycle in the rain")
          .size(1024, 1024)
          .count(2)
          .tag("user", "u-42")
          .generate();

      printed.add(g.provider() + " made " + g.assets().size() + " images for " + g.cost());
      assertEquals("u-42", gen.ledger().entries().get(0).tags().get("user"));
    }
    assertEquals(List.of("sandbox made 2 images for 0.00 USD COMPUTED (estimated 0.00 USD)"), printed);
  }

  @Test
  void requestsAreCheckedBeforeAnythingIsSent() {
    try (Generator gen = fromEnvironment().build()) {
      assertThrows(InvalidRequestException.class, () -> gen.image("flux-schnell").prompt(" ").generate());
      assertThrows(InvalidRequestException.class,
          () -> gen.image("flux-schnell").prompt("x").size(1000, 1001).generate());
      assertEquals(0, gen.ledger().entries().size());
    }
  }

  @Test
  void quotesAndPlans() {
    try (Generator gen = fromEnvironment().build()) {
      Plan plan = gen.image("flux-schnell").prompt("a red bicycle in the rain").size(1024, 1024).quote();

      List<String> lines = new ArrayList<>();
      for (Quote q : plan.quotes()) {
        lines.add(q.provider() + " " + q.offer().model() + " " + q.rule() + " "
            + q.estimate().map(Money::toString).orElse("unpriced"));
      }
      for (Exclusion e : plan.excluded()) {
        lines.add(e.offer().key() + " " + e.reason() + ": " + e.detail());
      }
      assertEquals(List.of("sandbox flux-schnell per-request 0.00 USD"), lines);
      assertEquals("sandbox", plan.best().get().provider());
      assertEquals(0, gen.ledger().entries().size(), "a quote sends nothing");

      // maxCost and provider(...) narrow the plan, each exclusion saying why.
      Plan elsewhere = gen.image("flux-schnell").prompt("x").provider("fal").quote();
      assertTrue(elsewhere.isEmpty());
      assertEquals("sandbox is not allowed by the request", elsewhere.excluded().get(0).detail());
    }
  }

  @Test
  void whatItCost() {
    try (Generator gen = fromEnvironment().build()) {
      Generation g = gen.image("flux-schnell").prompt("a red bicycle in the rain").generate();
      Cost cost = g.cost();
      assertEquals(Money.usd("0"), cost.estimate().get());
      assertEquals(Money.usd("0"), cost.actual().get());
      assertEquals(CostBasis.COMPUTED, cost.basis());
      assertEquals("per-request", cost.rule());
      assertFalse(cost.detail().isBlank());
    }
  }

  @Test
  void writingText() {
    try (Generator gen = fromEnvironment().build()) {
      String prompt = gen.text("grok-4.3")
          .system("You write one-sentence prompts for an image model. Answer with the prompt only.")
          .prompt("a red bicycle in the rain")
          .maxTokens(200)                                // the longest answer, in tokens
          .temperature(0.7)                              // 0..2: lower is more focused
          .generate()
          .text().orElseThrow();
      // The sandbox stands in for grok-4.3 offline: the prompt with three style phrases.
      assertTrue(prompt.startsWith("a red bicycle in the rain, "), prompt);

      Generation any = gen.text().prompt("a red bicycle in the rain").generate();
      assertEquals("sandbox", any.provider());
      assertTrue(any.usage().textOutputTokens() > 0);
      assertTrue(any.cost().actual().orElseThrow().isZero());
    }
  }

  @Test
  void aLedgerFileOfYourOwn() throws Exception {
    Path file = dir.resolve("unigen-ledger.jsonl");
    try (CostLedger ledger = CostLedger.jsonl(file);
         Generator gen = fromEnvironment().ledger(ledger).build()) {
      gen.image("flux-schnell").prompt("a red bicycle in the rain").tag("user", "u-42").generate();

      Money total = gen.ledger().total();
      SortedMap<String, Money> byUser = gen.ledger().totals().byTag("user");
      assertEquals(Money.usd("0"), total);
      assertEquals(Map.of("u-42", Money.usd("0")), byUser);
    }
    assertEquals(1, Files.readAllLines(file).size());
  }

  @Test
  void savingAssetsAndJobs() throws Exception {
    Path out = dir.resolve("out");
    try (Generator gen = fromEnvironment().build()) {
      Generation g = gen.image("flux-schnell").prompt("a red bicycle in the rain").count(2).generate();
      for (int i = 0; i < g.assets().size(); i++) {
        Asset a = g.assets().get(i);
        Path file = a.saveTo(out.resolve("bicycle-" + i + ".png"));
        assertTrue(Files.size(file) > 0);
        assertEquals("image/png", a.mediaType());
      }

      List<Progress> seen = new CopyOnWriteArrayList<>();
      Job<Generation> job = gen.video("kling-2.1-pro")
          .prompt("the bicycle rides away")
          .image(Media.file(out.resolve("bicycle-0.png")))
          .duration(Duration.ofSeconds(5))
          .submit();

      job.onProgress(seen::add);
      Generation clip = job.await(Duration.ofMinutes(10));
      Path saved = clip.assets().get(0).saveTo(out.resolve("clip.gif"));

      assertEquals(JobStatus.SUCCEEDED, job.status());
      assertEquals("image/gif", clip.assets().get(0).mediaType());
      assertTrue(Files.size(saved) > 0);
      assertFalse(job.cancel(), "a finished job cannot be canceled");
    }
  }

  @Test
  void aProviderBuiltInATest() {
    try (Generator gen = Generator.builder()
        .environment(Map.of())
        .provider(ctx -> SandboxProvider.builder().build(ctx))
        .build()) {
      Generation g = gen.image("flux-schnell").prompt("a test picture").size(512, 512).generate();
      assertEquals(512, g.assets().get(0).width().getAsInt());
    }
  }

  @Test
  void whenSomethingFails() {
    try (Generator gen = fromEnvironment().budget(Budget.perDay(Money.usd("0"))).build()) {
      List<String> caught = new ArrayList<>();
      for (String model : List.of("flux-schnell", "no-such-model")) {
        try {
          gen.image(model).prompt("a red bicycle in the rain").generate();
        } catch (NoOfferException e) {
          caught.add("no offer: " + e.plan().excluded().size() + " exclusions");
        } catch (AllProvidersFailedException e) {
          caught.add("all failed: " + e.attempts().size());
        } catch (BudgetExceededException e) {
          caught.add("budget: " + e.cap() + " " + e.limit() + " " + e.spent());
        } catch (GenerationException e) {
          caught.add("stopped: " + e.getMessage());
        }
      }
      // A zero estimate fits a zero cap, so the sandbox's free picture is allowed.
      assertEquals(List.of("no offer: 0 exclusions"), caught);
    }
  }

  @Test
  void anAssetStoreKeepsEveryOutput() throws Exception {
    Path assets = dir.resolve("assets");
    try (Generator gen = fromEnvironment()
        .assetStore(AssetStore.directory(assets))
        .build()) {
      Generation g = gen.image("flux-schnell").prompt("a red bicycle in the rain").generate();
      Path stored = g.assets().get(0).file().orElseThrow();
      assertEquals(assets.resolve(g.id() + "-0.png"), stored);
      assertTrue(Files.size(stored) > 0);
      assertEquals(64, g.assets().get(0).sha256().orElseThrow().length());
    }
  }

  @Test
  void aJournalOnDiskResumesJobs() throws Exception {
    Path journal = dir.resolve("unigen-jobs");
    List<String> finished = new CopyOnWriteArrayList<>();
    try (Generator gen = fromEnvironment()
        .journal(JobJournal.directory(journal))
        .build()) {
      Job<Generation> submitted = gen.video("kling-2.1-pro").prompt("x").submit();
      submitted.await(Duration.ofMinutes(1));
      for (Job<Generation> job : gen.jobs().resume()) {
        job.future().thenAccept(clip -> finished.add("finished " + job.id() + " on " + clip.provider()));
      }
    }
    // The only job had finished, so there was nothing left to resume; the journal remembers it.
    assertEquals(List.of(), finished);
    try (JobJournal j = JobJournal.directory(journal)) {
      assertEquals(1, j.list().size());
      assertTrue(j.list().get(0).state().isDone());
    }
  }
}
