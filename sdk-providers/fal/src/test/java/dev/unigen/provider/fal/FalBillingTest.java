package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.budget.Budget;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.testkit.TestCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What fal bills, through a real Generator with a second fal account to fail over to: work fal
 * says ran is billed and never bought again, and a request fal refused at submit is not billed.
 */
class FalBillingTest {
  private static final String KEY_B = "test-key-second-fal-account-88";
  /** flux-dev at 1024x1024: 1 MP on 2^20 x $0.025. */
  private static final Money ESTIMATE = Money.usd("0.025");
  private MockWebServer first;
  private MockWebServer second;
  private Budget budget;

  @BeforeEach
  void start() throws Exception {
    first = new MockWebServer();
    second = new MockWebServer();
    first.start();
    second.start();
    budget = Budget.perDay(Money.usd("1.00"));
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  private Generator twoAccounts() {
    return Generator.builder()
        .environment(Map.of("FAL_KEY", Fixtures.KEY, "UNIGEN_FAL_BASE_URL", first.url("/").toString()))
        .provider(ctx -> FalProvider.builder().build(ctx))
        .provider(ctx -> FalProvider.builder().name("fal-b").apiKey(KEY_B).baseUrl(second.url("/").toString()).build(ctx))
        .budget(budget)
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .build();
  }

  private static MockResponse unavailable() {
    return TestCalls.json(503, "{\"detail\":\"Service unavailable\",\"error_type\":\"runner_connection_error\"}");
  }

  @Test
  void aCompletedJobWhoseResultCannotBeReadIsRecordedBilledAndNeverBoughtAgain() {
    first.enqueue(Fixtures.queued(first, "fal-ai/flux"));
    // The first read and three more: each poll sees COMPLETED, then the result read fails.
    for (int i = 0; i < 4; i++) {
      first.enqueue(Fixtures.completed());
      first.enqueue(i % 2 == 0 ? unavailable() : new MockResponse.Builder().code(200)
          .addHeader("Content-Type", "application/json").addHeader("X-Fal-Billable-Units", "1").body("{\"images\":[{\"url\"").build());
    }
    try (Generator gen = twoAccounts()) {
      NoOutputException e = assertThrows(NoOutputException.class,
          () -> gen.image("flux-dev").prompt("a red bicycle").size(1024, 1024).generate());

      assertTrue(e.getMessage().contains("billed"), e.getMessage());
      assertEquals(9, first.getRequestCount(), "one submit, then four status and result reads");
      assertEquals(0, second.getRequestCount(), "never bought again from the second account");
      List<LedgerEntry> entries = gen.ledger().entries();
      assertEquals(1, entries.size());
      LedgerEntry entry = entries.get(0);
      assertEquals("fal", entry.provider());
      assertEquals(LedgerEntry.Outcome.FAILED, entry.outcome());
      assertTrue(entry.billed(), "the completed job is billed");
      assertTrue(entry.detail().contains("could not be read"), entry.detail());
      assertEquals(ESTIMATE, entry.estimate().get());
      assertEquals(ESTIMATE, budget.spentToday(), "the estimate stays spent");
      assertEquals(Money.usd("0"), budget.reserved());
    }
  }

  @Test
  void aCompletedJobsResultIsReadAgainUntilItCanBeRead() {
    first.enqueue(Fixtures.queued(first, "fal-ai/flux"));
    first.enqueue(Fixtures.completed());
    first.enqueue(unavailable());
    first.enqueue(Fixtures.completed());
    first.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .addHeader("X-Fal-Billable-Units", "1")
        .body("{\"images\":[{\"url\":\"https://v3.fal.media/files/a.jpeg\",\"width\":1024,\"height\":1024}],\"seed\":3}").build());
    try (Generator gen = twoAccounts()) {
      Generation g = gen.image("flux-dev").prompt("a red bicycle").size(1024, 1024).generate();

      assertEquals("fal", g.provider());
      // By hand: 1 billed unit x $0.025.
      assertEquals(0, ESTIMATE.amount().compareTo(g.cost().actual().get().amount()));
      assertEquals(5, first.getRequestCount());
      assertEquals(0, second.getRequestCount());
      assertEquals(1, gen.ledger().entries().size());
    }
  }

  @Test
  void aRequestFalRefusesAtSubmitIsNotBilled() {
    first.enqueue(TestCalls.json(422, "{\"detail\":[{\"loc\":[\"body\",\"image_size\"],\"msg\":\"Image too large\","
        + "\"type\":\"image_too_large\",\"url\":\"https://docs.fal.ai/errors/#image_too_large\",\"ctx\":{\"max_height\":1024}}]}"));
    try (Generator gen = twoAccounts()) {
      assertThrows(InvalidRequestException.class,
          () -> gen.image("flux-dev").prompt("a red bicycle").size(1024, 1024).generate());

      assertEquals(1, first.getRequestCount());
      assertEquals(0, second.getRequestCount(), "an invalid request is not failed over");
      LedgerEntry entry = gen.ledger().entries().get(0);
      assertEquals(LedgerEntry.Outcome.FAILED, entry.outcome());
      assertFalse(entry.billed(), "nothing was queued, so nothing is billed");
      assertEquals(Money.usd("0"), budget.spentToday());
      assertEquals(Money.usd("0"), budget.reserved());
    }
  }
}
