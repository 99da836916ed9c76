package dev.unigen.postgres;

import dev.unigen.Generator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One instance of the fleet kill test (see {@link FleetKillTest}), run in its own JVM: a generator
 * on the shared PostgreSQL journal and ledger, which prints {@code STARTED}, waits for a line on
 * its standard input, submits its jobs to the queue server one after another, and then keeps
 * following them, and any it takes over, until it is stopped or killed.
 */
public final class FleetJobWorker {
  private FleetJobWorker() {}

  /** Arguments: JDBC URL, the queue server's base URL, instance name, number of jobs, lease in milliseconds. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String queue = args[1];
    String instance = args[2];
    int jobs = Integer.parseInt(args[3]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    PostgresDatabase db = PostgresDatabase.connect(url, "postgres", "", 8);
    PostgresJobJournal journal = PostgresJobJournal.builder(db).instance(instance).lease(lease).build();
    Generator gen = Generator.builder().environment(FleetQueueProvider.environment(queue))
        .provider(ctx -> new FleetQueueProvider(ctx, instance)).journal(journal)
        .ledger(PostgresCostLedger.builder(db).build())
        .pollInterval(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
    gen.jobs().resume();
    System.out.println("STARTED");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    for (int i = 0; i < jobs; i++) {
      gen.video("kling-2.1-pro").prompt(instance + " clip " + i).duration(Duration.ofSeconds(5)).submit();
      Thread.sleep(5);
    }
    System.out.println("SUBMITTED");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
