package dev.unigen.provider.luma;

import static dev.unigen.provider.luma.Fixtures.DM_GEN;
import static dev.unigen.provider.luma.Fixtures.DM_VIDEO_URL;
import static dev.unigen.provider.luma.Fixtures.GEN;
import static dev.unigen.provider.luma.Fixtures.KEY;
import static dev.unigen.provider.luma.Fixtures.KEY_B;
import static dev.unigen.provider.luma.Fixtures.VIDEO_URL;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.WebhookReceiver;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Luma through a real {@link Generator}: found from the environment, failed over, priced, woken by a callback. */
class LumaGeneratorTest {
  @StartStop private final MockWebServer a = TestServers.started();
  @StartStop private final MockWebServer b = TestServers.started();

  @Test
  void bothApisAreFoundFromTheirOwnKeys() {
    Map<String, String> env = new LinkedHashMap<>(Fixtures.env(a));
    env.putAll(Fixtures.dmEnv(b));
    try (Generator gen = Generator.builder().environment(env).providersFromEnvironment().build()) {
      assertTrue(gen.providers().contains("luma"), gen.providers().toString());
      assertTrue(gen.providers().contains("luma-dream-machine"), gen.providers().toString());
    }
    try (Generator gen = Generator.builder().environment(Fixtures.dmEnv(b)).providersFromEnvironment().build()) {
      assertFalse(gen.providers().contains("luma"), "the Agents key is not the Dream Machine key: " + gen.providers());
    }
  }

  @Test
  void anExhaustedBudgetFailsOverToTheSecondAccountAndTheVideoIsPricedFromWhatWasMade(@TempDir Path dir) throws Exception {
    a.enqueue(json(402, Fixtures.detail("Insufficient balance")));
    b.enqueue(json(201, Fixtures.agents(GEN, "video", "ray-3.2", "queued")));
    b.enqueue(json(200, Fixtures.agents(GEN, "video", "ray-3.2", "processing")));
    b.enqueue(json(200, Fixtures.agentsCompleted(GEN, "video", "ray-3.2", "video", VIDEO_URL)));
    JobJournal journal = JobJournal.directory(dir);
    try (Generator gen = TestGenerators.twoAccounts(LumaProvider::builder, Fixtures.env(a), KEY_B, b.url("/v1"))
        .journal(journal).build()) {
      Generation g = gen.video("ray-3.2").prompt("a paper boat on a pond").resolution("1080p")
          .duration(Duration.ofSeconds(5)).provider("luma").provider("luma-b").generate();

      assertEquals(List.of("luma:FAILED:1", "luma-b:SUCCEEDED:1"), TestGenerators.attempts(g));
      assertEquals(VIDEO_URL, g.assets().get(0).url().orElseThrow());
      // By hand: one 5 s block at 1080p, 5 x $0.24 = $1.20, estimated and computed alike.
      assertEquals(Money.usd("1.20"), g.cost().estimate().orElseThrow());
      assertEquals(Money.usd("1.20"), g.cost().actual().orElseThrow());
      assertEquals(CostBasis.COMPUTED, g.cost().basis());
    }
    assertEquals(1, a.getRequestCount(), "the refused submit is not sent again");
    // Each account sends its own key, to its own server only.
    assertEquals("Bearer " + KEY, TestRequests.take(a).getHeaders().get("Authorization"));
    assertEquals("Bearer " + KEY_B, TestRequests.take(b).getHeaders().get("Authorization"));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertFalse(Files.readString(f).contains("test-key-"), "no key in " + f);
      }
    }
  }

  @Test
  void aDreamMachineCallbackMakesTheGeneratorPollAtOnceAndItsBodyIsNotBelieved() throws Exception {
    a.enqueue(json(201, Fixtures.dream(DM_GEN, "video", "queued", null, null, null)));
    a.enqueue(json(200, Fixtures.dream(DM_GEN, "video", "completed", null, DM_VIDEO_URL, null)));
    try (Generator gen = Generator.builder().environment(Fixtures.dmEnv(a))
        .provider(ctx -> DreamMachineProvider.builder().callbackUrl("https://hooks.example/luma").build(ctx))
        // Without the callback the first poll would come in ten minutes.
        .pollInterval(Duration.ofMinutes(10), Duration.ofMinutes(10))
        .build()) {
      Job<Generation> job = gen.video("ray-2").prompt("a tiger walking in snow").duration(Duration.ofSeconds(5)).submit();
      assertEquals("https://hooks.example/luma", TestRequests.json(TestRequests.take(a)).get("callback_url"));
      byte[] forged = Fixtures.dream(DM_GEN, "video", "completed", null, "https://evil.example/fake.mp4", null)
          .getBytes(StandardCharsets.UTF_8);
      WebhookReceiver.Outcome outcome = WebhookReceiver.Outcome.IGNORED;
      // The job's poll loop starts once the submit's answer is read; until then the callback finds no job.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (outcome != WebhookReceiver.Outcome.ACCEPTED && System.nanoTime() < deadline) {
        outcome = gen.webhooks().receive("luma-dream-machine", Map.of(), forged);
        if (outcome != WebhookReceiver.Outcome.ACCEPTED) Thread.sleep(5);
      }
      assertEquals(WebhookReceiver.Outcome.ACCEPTED, outcome);

      Generation g = job.await(Duration.ofSeconds(10));
      assertEquals(DM_VIDEO_URL, g.assets().get(0).url().orElseThrow(), "the output is Luma's answer, not the callback's");
      RecordedRequest poll = TestRequests.take(a);
      assertEquals("GET", poll.getMethod());
      assertEquals("/dream-machine/v1/generations/" + DM_GEN, poll.getUrl().encodedPath());
      // By hand: 1280 x 720 x 24 x 5 = 110,592,000 pixels x $0.0064 per million = $0.7077888.
      assertEquals(Money.usd("0.7077888"), g.cost().actual().orElseThrow());
    }
  }
}
