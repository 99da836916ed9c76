package dev.unigen.provider.runway;

import static dev.unigen.provider.runway.Fixtures.KEY;
import static dev.unigen.provider.runway.Fixtures.KEY_B;
import static dev.unigen.provider.runway.Fixtures.TASK;
import static dev.unigen.provider.runway.Fixtures.VIDEO_URL;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runway through a real {@link Generator}: found from the environment, failed over, priced, resumed after a restart. */
class RunwayGeneratorTest {
  @StartStop private final MockWebServer a = TestServers.started();
  @StartStop private final MockWebServer b = TestServers.started();

  @Test
  void anOrganizationOutOfCreditsFailsOverToTheSecondAndThrottlingIsWaitedOut() throws Exception {
    a.enqueue(json(400, Fixtures.error("You do not have enough credits to run this task.")));
    b.enqueue(json(200, Fixtures.created(TASK)));
    b.enqueue(json(200, Fixtures.task(TASK, "THROTTLED")));
    b.enqueue(json(200, Fixtures.task(TASK, "PENDING")));
    b.enqueue(json(200, Fixtures.running(TASK, "0.5")));
    b.enqueue(json(200, Fixtures.succeeded(TASK, VIDEO_URL)));
    try (Generator gen = TestGenerators.twoAccounts(RunwayProvider::builder, Fixtures.env(a), KEY_B, b.url("/")).build()) {
      Generation g = gen.video("gen-4-turbo").image(Media.url("https://cdn.example/first.jpg")).prompt("a slow dolly-in")
          .duration(Duration.ofSeconds(10)).provider("runway").provider("runway-b").generate();

      assertEquals(List.of("runway:FAILED:1", "runway-b:SUCCEEDED:1"), TestGenerators.attempts(g));
      assertTrue(g.attempts().get(0).reason().startsWith("InsufficientCreditException"), g.attempts().get(0).reason());
      assertEquals(VIDEO_URL, g.assets().get(0).url().orElseThrow());
      // By hand: 10 s x 5 credits x $0.01 = $0.50, estimated and computed alike.
      assertEquals(Money.usd("0.50"), g.cost().estimate().orElseThrow());
      assertEquals(Money.usd("0.50"), g.cost().actual().orElseThrow());
      assertEquals(CostBasis.COMPUTED, g.cost().basis());
    }
    assertEquals(1, a.getRequestCount(), "the refused submit is not sent again");
    assertEquals("Bearer " + KEY, a.takeRequest().getHeaders().get("Authorization"));
    RecordedRequest post = b.takeRequest();
    assertEquals("Bearer " + KEY_B, post.getHeaders().get("Authorization"));
    assertEquals("/v1/image_to_video", post.getUrl().encodedPath());
    assertEquals(5, b.getRequestCount(), "one submit and four polls, the throttled one among them");
  }

  @Test
  void aJobJournaledBeforeARestartIsResumedByPollingNotResubmitting(@TempDir Path dir) throws Exception {
    JobJournal journal = JobJournal.directory(dir);
    Map<String, String> env = Fixtures.env(a);
    try (Generator first = Generator.builder().environment(env).journal(journal).providersFromEnvironment()
        .pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      assertTrue(first.providers().contains("runway"), "found by ServiceLoader from RUNWAYML_API_SECRET");
      a.enqueue(json(200, Fixtures.created(TASK)));
      first.video("veo-3.1").prompt("rain on a tin roof").audio(true).duration(Duration.ofSeconds(6)).submit();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (journal.list().stream().noneMatch(e -> e.state() == JournalEntry.State.ACCEPTED)
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
    assertEquals(1, a.getRequestCount());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertFalse(Files.readString(f).contains("test-key-"), "no key in " + f);
      }
    }

    try (Generator second = Generator.builder().environment(env).journal(journal).providersFromEnvironment()
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(10)).build()) {
      a.enqueue(json(200, Fixtures.succeeded(TASK, VIDEO_URL)));
      List<Job<Generation>> resumed = second.jobs().resume();
      assertEquals(1, resumed.size());
      Generation g = resumed.get(0).await(Duration.ofSeconds(10));
      assertEquals(VIDEO_URL, g.assets().get(0).url().orElseThrow());
      assertEquals(2, a.getRequestCount(), "the submit before the restart, then one read of the task after it");
      // By hand: 6 s x 40 credits (with audio) x $0.01 = $2.40, from the seconds and audio kept in the job.
      assertEquals(Money.usd("2.40"), g.cost().actual().orElseThrow());
    }
  }
}
