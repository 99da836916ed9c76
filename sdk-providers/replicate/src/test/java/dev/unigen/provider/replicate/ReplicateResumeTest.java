package dev.unigen.provider.replicate;

import static dev.unigen.provider.replicate.Fixtures.ID;
import static dev.unigen.provider.replicate.Fixtures.pending;
import static dev.unigen.provider.replicate.Fixtures.succeeded;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.request.Media;
import dev.unigen.routing.Strategy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A video job journaled by one generator is resumed by a second, which polls it and never creates it again. */
class ReplicateResumeTest {
  @Test
  void aJournaledPredictionIsPolledAfterARestartNotCreatedAgain(@TempDir Path dir) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(json(201, pending(ID, "kwaivgi/kling-v2.1", "starting", "{}")));
      // The first process is left running, as a crashed one would be: its first poll is an hour away, and it is
      // closed only after the second process has finished the job.
      Generator first = Generator.builder().environment(Fixtures.env(server))
          .provider(ctx -> ReplicateProvider.builder().build(ctx)).journal(JobJournal.directory(dir))
          // kling-2.1-pro is unpriced here, so only a strategy that does not need prices picks it.
          .strategy(Strategy.providerOrder("replicate"))
          .pollInterval(Duration.ofHours(1), Duration.ofHours(1)).build();
      try {
        Job<Generation> job = first.video("kling-2.1-pro").prompt("the bicycle rides away")
            .image(Media.url("https://example.com/bike.png")).submit();
        assertEquals("POST", server.takeRequest().getMethod());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (job.status() == JobStatus.SUBMITTING && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(JobStatus.QUEUED, job.status());

        // The journal holds the prediction's handle, never the token.
        List<JournalEntry> entries = JobJournal.directory(dir).list();
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(JournalEntry.State.ACCEPTED, entries.get(0).state(), entries.get(0).detail());
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            assertFalse(text.contains("test-key-"), f.toString());
            assertTrue(text.contains(ID), f.toString());
          }
        }

        server.enqueue(json(200, succeeded(ID, "kwaivgi/kling-v2.1", "{\"prompt\":\"x\",\"mode\":\"pro\",\"duration\":5}",
            "\"https://replicate.delivery/xezq/k/output.mp4\"", "98.0")));
        try (Generator second = Generator.builder().environment(Fixtures.env(server))
            .provider(ctx -> ReplicateProvider.builder().build(ctx)).journal(JobJournal.directory(dir))
            .pollInterval(Duration.ofMillis(1), Duration.ofMillis(10)).build()) {
          List<Job<Generation>> resumed = second.jobs().resume();
          assertEquals(1, resumed.size(), () -> "resumed " + resumed + " from " + second.jobs().journal().list());
          Generation g = resumed.get(0).await(Duration.ofSeconds(10));
          assertEquals("https://replicate.delivery/xezq/k/output.mp4", g.assets().get(0).url().get());
          assertTrue(g.cost().actual().isEmpty(), "kling-2.1-pro is unpriced on Replicate: unknown, never free");
        }
      } finally {
        first.close();
      }
      assertEquals(2, server.getRequestCount(), "one create, by the first process only, and one poll");
      RecordedRequest poll = server.takeRequest();
      assertEquals("GET", poll.getMethod());
      assertEquals("/v1/predictions/" + ID, poll.getUrl().encodedPath());
    }
  }
}
