package dev.unigen;

import dev.unigen.jobs.JobJournal;
import dev.unigen.ledger.CostLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The process {@link KillRestartTest} kills with {@code kill -9}: submits jobs to a queue server
 * one after another, with a journal directory and a ledger file, and keeps polling until killed.
 */
public final class KillChild {
  private KillChild() {}

  /** Arguments: the server's base URL, the journal directory, the ledger file, how many jobs. */
  public static void main(String[] args) throws Exception {
    Generator gen = Generator.builder()
        .environment(Map.of("QUEUE_KEY", JobsTest.KEY, "UNIGEN_QUEUE_BASE_URL", args[0]))
        .provider(QueueTestProvider::new).journal(JobJournal.directory(Path.of(args[1])))
        .ledger(CostLedger.jsonl(Path.of(args[2])))
        .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    System.out.println("STARTED");
    System.out.flush();
    int n = Integer.parseInt(args[3]);
    for (int i = 0; i < n; i++) {
      gen.video("kling-2.1-pro").prompt("clip " + i).duration(Duration.ofSeconds(5)).submit();
      Thread.sleep(1);
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
