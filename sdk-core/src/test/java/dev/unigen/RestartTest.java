package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.JournalEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process submits jobs and is killed mid-poll; a new generator on the same journal resumes and
 * completes every job, and the server saw each job submitted exactly once.
 */
class RestartTest {
  @Test
  void jobsSurviveAKilledProcessWithoutBeingSubmittedTwice(@TempDir Path journalDir) throws Exception {
    JobsTest.QueueServer queue = new JobsTest.QueueServer();
    try {
      int n = 5;
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), RestartChild.class.getName(),
          queue.server.url("/").toString(), journalDir.toString(), Integer.toString(n))
          .redirectErrorStream(true).start();
      String line;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        do {
          line = out.readLine();
        } while (line != null && !line.startsWith("SUBMITTED"));
        assertTrue(line != null, "the child did not submit its jobs");
        // Let it poll a while, then kill it mid-poll, as a crash would.
        int seen = queue.polls.get();
        JobsTest.waitUntil(() -> queue.polls.get() >= seen + 2 * n);
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      }
      Set<String> submitted = new TreeSet<>(Arrays.asList(line.substring("SUBMITTED ".length()).split(" ")));
      assertEquals(n, queue.submits.get());

      queue.finalStatus = "succeeded";
      JobJournal journal = JobJournal.directory(journalDir);
      assertTrue(journal.list().stream().allMatch(e -> e.state() == JournalEntry.State.ACCEPTED));
      try (Generator gen = Generator.builder()
          .environment(Map.of("QUEUE_KEY", JobsTest.KEY, "UNIGEN_QUEUE_BASE_URL", queue.server.url("/").toString()))
          .provider(QueueTestProvider::new).journal(journal)
          .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20)).build()) {
        List<Job<Generation>> resumed = gen.jobs().resume();
        assertEquals(submitted, resumed.stream().map(Job::id).collect(Collectors.toCollection(TreeSet::new)));
        for (Job<Generation> job : resumed) {
          Generation g = job.await(Duration.ofSeconds(20));
          assertEquals(JobStatus.SUCCEEDED, job.status());
          assertEquals("queue", g.provider());
        }
        assertTrue(journal.list().stream().allMatch(e -> e.state() == JournalEntry.State.SUCCEEDED));
        // 5 s at $0.09 a second for each finished job, recorded once each
        assertEquals(n, gen.ledger().entries().size());
        assertEquals(dev.unigen.money.Money.usd("0.45"), gen.ledger().entries().get(0).actual().get());
      }
      // Every job was submitted once, by the first process only.
      assertEquals(n, queue.submits.get());
    } finally {
      queue.server.close();
    }
  }
}
