package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM submits 200 jobs with a journal directory and a ledger file and is killed with
 * {@code kill -9} at a random point; a new generator on the same journal and ledger resumes. The
 * queue server answers each submit after a random delay, so the kill falls between "accepted" and
 * "answer read" for some calls, and finishes every other job within a few polls, so it also falls
 * between "finished" and "recorded". Nothing may be submitted twice, and no call the server took
 * (and would bill) may be missing from both the journal and the ledger.
 */
class KillRestartTest {
  private static final int JOBS = 200;

  /** The queue server: counts each call id it received, and how often. */
  static final class QueueServer extends Dispatcher {
    final MockWebServer server = new MockWebServer();
    final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    final AtomicInteger submits = new AtomicInteger();
    final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    final Random random;
    volatile boolean finishAll;

    QueueServer(long seed) throws Exception {
      random = new Random(seed);
      server.setDispatcher(this);
      server.start();
    }

    @Override
    public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
      String path = r.getUrl().encodedPath();
      if (r.getMethod().equals("POST") && path.equals("/v1/jobs")) {
        received.computeIfAbsent(r.getHeaders().get("Idempotency-Key"), k -> new AtomicInteger()).incrementAndGet();
        String id = "job-" + submits.incrementAndGet();
        int delay;
        synchronized (random) {
          delay = random.nextInt(15);
        }
        // The job exists (and would be billed) from here on; the answer comes later.
        Thread.sleep(delay);
        return JobsTest.QueueServer.json("{\"id\":\"" + id + "\"}");
      }
      if (r.getMethod().equals("GET") && path.startsWith("/v1/jobs/")) {
        String id = path.substring("/v1/jobs/".length());
        int seen = polls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        boolean done = finishAll || (Integer.parseInt(id.substring("job-".length())) % 2 == 0 && seen >= 3);
        return JobsTest.QueueServer.json("{\"id\":\"" + id + "\",\"status\":\"" + (done ? "succeeded" : "running") + "\""
            + (done ? ",\"videos\":[{\"url\":\"https://cdn.example.com/" + id + ".mp4\"}]" : "") + "}");
      }
      return new MockResponse.Builder().code(404).build();
    }
  }

  @Test
  void aProcessKilledAtRandomPointsNeverResubmitsAndLosesNoPaidJob(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("unigen.kill.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int round = 0; round < 2; round++) {
      int killAt = 10 + random.nextInt(JOBS - 20);
      killAndResume(dir.resolve("round-" + round), random.nextLong(), killAt, "seed " + seed + " round " + round + " kill at " + killAt);
    }
  }

  private void killAndResume(Path dir, long serverSeed, int killAt, String what) throws Exception {
    QueueServer queue = new QueueServer(serverSeed);
    Path journalDir = dir.resolve("journal");
    Path ledgerFile = dir.resolve("ledger.jsonl");
    try {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), KillChild.class.getName(), queue.server.url("/").toString(),
          journalDir.toString(), ledgerFile.toString(), Integer.toString(JOBS))
          .redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        do {
          line = out.readLine();
        } while (line != null && !line.equals("STARTED"));
        assertTrue(line != null, what + ": the child did not start");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (queue.submits.get() < killAt && child.isAlive()) {
          assertTrue(System.nanoTime() < until, what + ": the child did not reach the kill point");
          Thread.sleep(2);
        }
        assertTrue(child.isAlive(), what + ": the child died before it was killed");
        // destroyForcibly is SIGKILL on Unix: no shutdown hook, no flush, no last write.
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), what);
      }
      Set<String> paid = new TreeSet<>(queue.received.keySet());

      // Right after the kill: every call the server took is in the journal or the ledger.
      Set<String> accounted = new TreeSet<>();
      try (JobJournal journal = JobJournal.directory(journalDir)) {
        for (JournalEntry e : journal.list()) e.callId().ifPresent(accounted::add);
      }
      try (CostLedger ledger = CostLedger.jsonl(ledgerFile)) {
        for (LedgerEntry e : ledger.entries()) accounted.add(e.id());
      }
      Set<String> missing = new TreeSet<>(paid);
      missing.removeAll(accounted);
      assertEquals(Set.of(), missing, what + ": paid jobs in neither journal nor ledger");

      int submitsBefore = queue.submits.get();
      queue.finishAll = true;
      JobJournal journal = JobJournal.directory(journalDir);
      try (CostLedger ledger = CostLedger.jsonl(ledgerFile);
           Generator gen = Generator.builder()
               .environment(Map.of("QUEUE_KEY", JobsTest.KEY, "UNIGEN_QUEUE_BASE_URL", queue.server.url("/").toString()))
               .provider(QueueTestProvider::new).journal(journal).ledger(ledger)
               .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20)).build()) {
        for (Job<Generation> job : gen.jobs().resume()) {
          try {
            job.await(Duration.ofSeconds(30));
          } catch (OutcomeUnknownException lostAnswer) {
            // a call whose answer the kill lost: recorded as such, with its estimate counted
          }
        }
        assertEquals(submitsBefore, queue.submits.get(), what + ": the restarted process submitted again");
        assertEquals(Set.of(), queue.received.entrySet().stream().filter(e -> e.getValue().get() > 1)
            .map(Map.Entry::getKey).collect(Collectors.toSet()), what + ": calls the server received twice");
        // After resume() the ledger accounts for every paid call, once.
        Set<String> recorded = ledger.entries().stream().map(LedgerEntry::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unrecorded = new TreeSet<>(paid);
        unrecorded.removeAll(recorded);
        assertEquals(Set.of(), unrecorded, what + ": paid calls the ledger does not hold after resume()");
        assertEquals(recorded.size(), ledger.entries().size(), what + ": a call recorded twice");
        assertTrue(journal.list().stream().allMatch(e -> e.state().isDone()), what + ": unfinished journal entries");
      }
    } finally {
      queue.server.close();
    }
  }
}
