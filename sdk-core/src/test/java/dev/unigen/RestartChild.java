package dev.unigen;

import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The process {@link RestartTest} kills: submits jobs to a queue server, says so on standard output,
 * and keeps polling until it is killed.
 */
public final class RestartChild {
  private RestartChild() {}

  /** Arguments: the server's base URL, the journal directory, how many jobs. */
  public static void main(String[] args) throws Exception {
    Generator gen = Generator.builder()
        .environment(Map.of("QUEUE_KEY", JobsTest.KEY, "UNIGEN_QUEUE_BASE_URL", args[0]))
        .provider(QueueTestProvider::new).journal(JobJournal.directory(Path.of(args[1])))
        .pollInterval(Duration.ofMillis(20), Duration.ofMillis(50)).build();
    int n = Integer.parseInt(args[2]);
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < n; i++) {
      Job<Generation> job = gen.video("kling-2.1-pro").prompt("clip " + i).duration(Duration.ofSeconds(5)).submit();
      ids.append(' ').append(job.id());
    }
    while (JobsTest.accepted(gen.jobs().journal()) < n) Thread.sleep(5);
    System.out.println("SUBMITTED" + ids);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
