package dev.unigen.provider.bfl;

import static dev.unigen.testkit.TestGenerators.attempts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BFL through a real {@link Generator}: found from the environment, polled, priced, failed over, resumed. */
class BflGeneratorTest {
  private static final String KEY_B = "test-key-bfl-second-account-5555";
  @StartStop private final MockWebServer server = new MockWebServer();
  @StartStop private final MockWebServer second = new MockWebServer();

  @Test
  void aTaskFoundFromTheEnvironmentIsPolledThroughTaskNotFoundAndPendingToReady() throws Exception {
    server.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "3.0", "0.0", "0.75")));
    server.enqueue(TestCalls.json(200, Fixtures.status(Fixtures.TASK, "Task not found", null)));
    server.enqueue(TestCalls.json(200, Fixtures.pending(Fixtures.TASK, "null")));
    server.enqueue(TestCalls.json(200, Fixtures.pending(Fixtures.TASK, "0.5")));
    server.enqueue(TestCalls.json(200, Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 42)));
    try (Generator gen = TestGenerators.quick().environment(Fixtures.env(server)).providersFromEnvironment().build()) {
      assertTrue(gen.providers().contains("bfl"), "the factory was found by ServiceLoader");
      Generation g = gen.image("flux-2-pro").prompt("a red bicycle in the rain").size(1024, 768).generate();
      assertEquals("bfl", g.provider());
      assertEquals("flux-2-pro", g.endpoint());
      assertEquals(Fixtures.SAMPLE, g.assets().get(0).url().orElseThrow());
      assertEquals(42, g.assets().get(0).seed().getAsLong());
      // By hand: 1024×768 is 0.75 MP, under the first megapixel: 3 credits, $0.03, both estimated and reported.
      assertEquals(Money.usd("0.03"), g.cost().estimate().orElseThrow());
      assertEquals(CostBasis.REPORTED, g.cost().basis());
      assertEquals(Money.usd("0.03"), g.cost().actual().orElseThrow());
      assertEquals(Fixtures.TASK, g.providerRequestId().orElseThrow());
    }
    assertEquals("/v1/flux-2-pro", TestRequests.take(server).getUrl().encodedPath());
    for (int i = 0; i < 4; i++) assertEquals("/v1/get_result", TestRequests.take(server).getUrl().encodedPath());
  }

  @Test
  void aMultiReferenceEditIsEstimatedAndChargedAsBflReports() throws Exception {
    server.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "4.5", "1.0", "1.0")));
    server.enqueue(TestCalls.json(200, Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 1)));
    try (Generator gen = TestGenerators.quick().environment(Fixtures.env(server)).providersFromEnvironment().build()) {
      Generation g = gen.edit("flux-2-pro").prompt("the character from image 1 waving")
          .reference(Media.url("https://example.com/character.png").withSize(1024, 1024)).size(1024, 1024).generate();
      // By hand: 3 credits for the 1 MP output + 1 MP reference × 1.5 = 4.5 credits = $0.045.
      assertEquals(Money.usd("0.045"), g.cost().estimate().orElseThrow());
      // BFL reported "cost": 4.5 credits × $0.01.
      assertEquals(CostBasis.REPORTED, g.cost().basis());
      assertEquals(Money.usd("0.045"), g.cost().actual().orElseThrow());
    }
    Map<String, Object> body = TestRequests.json(TestRequests.take(server));
    assertEquals("https://example.com/character.png", body.get("input_image"));
  }

  @Test
  void a503IsRetriedThenFailsOverToASecondAccount() throws Exception {
    for (int i = 0; i < 3; i++) server.enqueue(TestCalls.json(503, "{\"detail\":\"Service Unavailable\"}"));
    second.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "3.0", null, null)));
    second.enqueue(TestCalls.json(200, Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 9)));
    try (Generator gen = twoAccounts().build()) {
      Generation g = gen.image("flux-2-pro").prompt("x").size(1024, 1024).generate();
      assertEquals(List.of("bfl:FAILED:3", "bfl-b:SUCCEEDED:1"), attempts(g));
      assertEquals("bfl-b", g.provider());
      assertEquals(Money.usd("0.03"), g.cost().actual().orElseThrow());
    }
    RecordedRequest served = TestRequests.take(second);
    assertEquals(KEY_B, served.getHeaders().get("x-key"));
    assertEquals("/v1/flux-2-pro", served.getUrl().encodedPath());
    assertEquals(3, server.getRequestCount());
  }

  private Generator.Builder twoAccounts() {
    return TestGenerators.twoAccounts(BflProvider::builder, Fixtures.env(server), KEY_B, second.url("/"));
  }

  @Test
  void a401FailsOverAtOnceAndTheKeyNeverShows() throws Exception {
    server.enqueue(TestCalls.json(401, "{\"detail\":\"Invalid API key " + Fixtures.KEY + "\"}"));
    second.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "3.0", null, null)));
    second.enqueue(TestCalls.json(200, Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 9)));
    try (Generator gen = twoAccounts().build()) {
      Generation g = gen.image("flux-2-pro").prompt("x").generate();
      assertEquals(List.of("bfl:FAILED:1", "bfl-b:SUCCEEDED:1"), attempts(g));
      String reason = g.attempts().get(0).reason();
      assertTrue(reason.startsWith("AuthenticationException"), reason);
      assertFalse(reason.contains("0123456789abcdef"), reason);
    }
  }

  @Test
  void aModeratedOutputStopsRatherThanFailingOver() {
    server.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "3.0", null, null)));
    server.enqueue(TestCalls.json(200, Fixtures.status(Fixtures.TASK, "Content Moderated", null)));
    try (Generator gen = TestGenerators.quick().environment(Fixtures.env(server)).providersFromEnvironment().build()) {
      ContentModeratedException e = assertThrows(ContentModeratedException.class,
          () -> gen.image("flux-2-pro").prompt("x").generate());
      assertTrue(e.getMessage().contains("Content Moderated"), e.getMessage());
    }
  }

  @Test
  void aJournaledTaskIsResumedByPollingWithoutTheKeyInTheJournal(@TempDir Path journalDir) throws Exception {
    server.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "4.5", "1.0", "1.0")));
    for (int i = 0; i < 200; i++) server.enqueue(TestCalls.json(200, Fixtures.pending(Fixtures.TASK, "0.1")));
    try (Generator first = TestGenerators.quick().environment(Fixtures.env(server)).providersFromEnvironment()
        .journal(JobJournal.directory(journalDir)).build()) {
      first.image("flux-2-pro").prompt("x").size(1024, 1024).submit();
      assertEquals("POST", TestRequests.take(server).getMethod());
      assertEquals("GET", TestRequests.take(server).getMethod());
    }   // the process "dies" with the task pending

    String journaled;
    try (var files = Files.list(journalDir)) {
      journaled = files.map(f -> {
        try {
          return Files.isRegularFile(f) ? Files.readString(f) : "";
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n"));
    }
    assertTrue(journaled.contains(Fixtures.TASK), journaled);
    assertFalse(journaled.contains(Fixtures.KEY), "a journal entry never holds a key");

    // A new process, and BFL at a new address.
    second.enqueue(TestCalls.json(200, Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 3)));
    try (Generator restarted = TestGenerators.quick().environment(Fixtures.env(second)).providersFromEnvironment()
        .journal(JobJournal.directory(journalDir)).build()) {
      List<Job<Generation>> resumed = restarted.jobs().resume();
      assertEquals(1, resumed.size());
      Generation g = resumed.get(0).await(Duration.ofSeconds(10));
      // The cost reported at submit travelled in the journal: 4.5 credits = $0.045.
      assertEquals(Money.usd("0.045"), g.cost().actual().orElseThrow());
      RecordedRequest poll = TestRequests.take(second);
      assertEquals("GET", poll.getMethod(), "resumed by polling, never by submitting again");
      assertEquals(Fixtures.TASK, poll.getUrl().queryParameter("id"));
    }
  }
}
