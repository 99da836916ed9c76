package dev.unigen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fleet failover of jobs: three JVM processes on one PostgreSQL journal and ledger submit 200
 * long jobs in all to one queue server; one of them is killed with {@code kill -9} mid-run, once
 * the server has all its jobs: most are running, some are answered late (still submitting in its
 * journal), some finished. The survivors take its jobs over once its lease runs out and finish
 * every one: nothing is submitted twice, every call the server received is in the ledger once,
 * and no job is ever followed by two live instances.
 */
class FleetKillTest {
  private static final int PROCESSES = 3;
  private static final int JOBS = 200;
  private static final long LEASE_MILLIS = 2_000;

  @Test
  void survivorsFinishEveryJobOfAKilledInstanceOnceAndSubmitNothingAgain() throws Exception {
    long seed = Long.getLong("unigen.kill.seed", System.nanoTime());
    Random random = new Random(seed);
    String what = "seed " + seed;
    long t0 = System.currentTimeMillis();
    String url = TestPostgres.get().newDatabase();
    PostgresDatabase.connect(url, "postgres", "").close();
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    // Jobs run 3 to 6 s at the provider; submits are answered within 15 ms, one in ten within 1.5 s:
    // the killed instance leaves jobs running, and calls whose answer it had not read yet.
    try (FleetQueue queue = new FleetQueue(random.nextLong()).runFor(3_000, 6_000).submitDelay(15, 1_500, 10)) {
      try {
        for (int i = 0; i < PROCESSES; i++) {
          int jobs = share(i);
          // One GC thread and the quick compiler: three JVMs start and run on two cores without starving each other.
          processes.add(new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
              "-Dorg.slf4j.simpleLogger.logFile=System.err", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              FleetJobWorker.class.getName(), url, queue.baseUrl(), "w" + i, String.valueOf(jobs),
              String.valueOf(LEASE_MILLIS)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        for (Process p : processes) {
          outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader out : outputs) awaitLine(out, "STARTED", what);
        long started = System.currentTimeMillis();
        for (Process p : processes) {
          OutputStream in = p.getOutputStream();
          in.write("go\n".getBytes(StandardCharsets.UTF_8));
          in.flush();
        }
        Process victim = processes.get(0);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (queue.receivedFrom("w0") < share(0)) {
          assertTrue(victim.isAlive(), what + ": w0 died before it was killed");
          assertTrue(System.nanoTime() < until, what + ": w0 did not send all its jobs");
          Thread.sleep(1);
        }
        long allSent = System.currentTimeMillis();
        int killAfter = random.nextInt(300);
        Thread.sleep(killAfter);
        // destroyForcibly is SIGKILL on Unix: no shutdown hook, no last write, no lease given up.
        victim.destroyForcibly();
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS), what);
        long killedAt = System.currentTimeMillis();
        // Where the killed instance's calls stood: the journal's state of each, or gone (a call that
        // never became a job is removed once recorded).
        Map<String, Long> victimStates = new java.util.TreeMap<>();
        Map<String, String> stateOfCall = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url);
            ResultSet rs = c.createStatement().executeQuery("SELECT entry->>'callId', state FROM unigen_job")) {
          while (rs.next()) stateOfCall.put(rs.getString(1), rs.getString(2));
        }
        queue.submittedBy.forEach((call, by) -> {
          if (by.equals("w0")) victimStates.merge(stateOfCall.getOrDefault(call, "none"), 1L, Long::sum);
        });
        for (int i = 1; i < PROCESSES; i++) awaitLine(outputs.get(i), "SUBMITTED", what);

        // Every call any instance sent ends in the ledger, and the journal has nothing unfinished.
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!done(url, queue.received.keySet())) {
          assertTrue(System.nanoTime() < until, what + ": the survivors did not finish every job");
          for (int i = 1; i < PROCESSES; i++) assertTrue(processes.get(i).isAlive(), what + ": survivor w" + i + " died");
          Thread.sleep(100);
        }
        long finishedAt = System.currentTimeMillis();

        Set<String> paid = new TreeSet<>(queue.received.keySet());
        assertEquals(Set.of(), queue.received.entrySet().stream().filter(e -> e.getValue().get() > 1)
            .map(Map.Entry::getKey).collect(Collectors.toSet()), what + ": calls submitted twice");
        assertEquals(paid.size(), queue.submits.get(), what + ": submits beyond one per call");
        try (PostgresDatabase db = PostgresDatabase.connect(url, "postgres", "")) {
          Map<String, LedgerEntry> ledger = new HashMap<>();
          for (LedgerEntry e : PostgresCostLedger.builder(db).build().entries()) {
            assertEquals(null, ledger.put(e.id(), e), what + ": recorded twice: " + e.id());
          }
          for (String call : paid) {
            LedgerEntry e = ledger.get(call);
            assertTrue(e != null, what + ": paid call " + call + " (by " + queue.submittedBy.get(call) + ") is not in the ledger");
            assertEquals(LedgerEntry.Outcome.SUCCEEDED, e.outcome(), what + ": " + call);
            assertTrue(e.billed(), what + ": " + call);
          }
          // Anything else in the ledger is a call the kill stopped before it was sent: unbilled.
        // (A call the killed instance recorded just before its journal's last write was lost is
        // polled again by its taker, whose second record the ledger refuses: still one entry.)
          for (LedgerEntry e : ledger.values()) {
            if (!paid.contains(e.id())) {
              assertEquals(LedgerEntry.Outcome.FAILED, e.outcome(), what + ": " + e);
              assertTrue(!e.billed(), what + ": " + e);
            }
          }
          try (PostgresJobJournal journal = PostgresJobJournal.builder(db).instance("checker").build()) {
            assertTrue(journal.list().stream().allMatch(e -> e.state().isDone()), what + ": unfinished entries");
            assertTrue(journal.list().stream().filter(e -> e.ref().isPresent())
                .allMatch(e -> e.state() == JournalEntry.State.SUCCEEDED), what + ": accepted jobs that did not succeed");
          }
        }
        // No job was ever followed by two live instances: the killed one's jobs by it, then by one
        // survivor; every survivor's own jobs by it alone.
        int takenOver = 0;
        long firstTakeover = Long.MAX_VALUE;
        for (String call : paid) {
          String job = queue.jobOfCall.get(call);
          String owner = queue.submittedBy.get(call);
          List<String> pollers = queue.pollersOf(job);
          if (owner.equals("w0")) {
            List<String> survivors = pollers.stream().filter(p -> !p.equals("w0")).collect(Collectors.toList());
            assertTrue(survivors.size() <= 1, what + ": " + job + " polled by " + pollers);
            assertTrue(pollers.indexOf("w0") <= 0 && pollers.lastIndexOf("w0") <= 0, what + ": " + job + " polled by " + pollers);
            if (!survivors.isEmpty()) {
              takenOver++;
              firstTakeover = Math.min(firstTakeover, queue.firstPoll.get(survivors.get(0) + " " + job));
            }
          } else {
            assertEquals(List.of(owner), pollers, what + ": " + job);
          }
        }
        long leaseEnd;
        try (Connection c = DriverManager.getConnection(url);
            ResultSet rs = c.createStatement().executeQuery("SELECT (extract(epoch FROM lease_until) * 1000)::bigint"
                + " FROM unigen_job_instance WHERE instance = 'w0'")) {
          assertTrue(rs.next());
          leaseEnd = rs.getLong(1);
        }
        System.out.println("fleet kill test (" + what + "): " + paid.size() + " calls sent, " + share(0)
            + " by the instance killed " + killAfter + " ms after its last one reached the server, holding " + victimStates
            + "; " + takenOver + " jobs taken over and finished by the survivors, the first " + (firstTakeover - leaseEnd)
            + " ms after its lease (" + LEASE_MILLIS + " ms) ran out; every job recorded " + (finishedAt - killedAt)
            + " ms after the kill; workers ready " + (started - t0) + " ms after the test began, the killed one's"
            + " last call sent " + (allSent - started) + " ms after they started submitting");
      } finally {
        for (Process p : processes) p.destroyForcibly();
        for (Process p : processes) p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** How many of the 200 jobs instance {@code i} submits. */
  private static int share(int i) {
    return JOBS / PROCESSES + (i < JOBS % PROCESSES ? 1 : 0);
  }

  /** True once every call in {@code sent} is in the ledger and no journal entry is unfinished. */
  private static boolean done(String url, Set<String> sent) throws Exception {
    Set<String> recorded = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(url)) {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM unigen_ledger_entry")) {
        while (rs.next()) recorded.add(rs.getString(1));
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT count(*) FROM unigen_job WHERE state IN ('SUBMITTING', 'ACCEPTED')")) {
        rs.next();
        if (rs.getLong(1) > 0) return false;
      }
    }
    return recorded.containsAll(sent);
  }

  private static void awaitLine(BufferedReader out, String expected, String what) throws Exception {
    String line;
    do {
      line = out.readLine();
    } while (line != null && !line.equals(expected));
    assertTrue(line != null, what + ": a worker ended before it printed " + expected);
  }
}
