package dev.unigen.provider.runware;

import static dev.unigen.provider.runware.Fixtures.str;
import static dev.unigen.provider.runware.Fixtures.task;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.budget.Budget;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call whose answer a restart lost is looked up with {@code getResponse} by the task UUID the
 * client made, never run again: found finished, it is recorded billed at the cost Runware reports;
 * found running, it is polled to its end; not found, it stays an unknown outcome with its estimate
 * counted, since Runware answers a task it never received and one not started yet alike.
 */
class RunwareFindTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String IMAGE_URL = "https://im.runware.ai/image/ws/2/ii/b7db282d-2943-4f12-992f-77df3ad3ec71.jpg";
  private static final String VIDEO_URL = "https://vm.runware.ai/video/os/a21d05/ws/5/vi/9719745e-0f81-4905-b8b4-96698f2bc605.mp4";

  @StartStop private final MockWebServer server = TestServers.started();
  private final Answers answers = new Answers();

  {
    server.setDispatcher(answers);
  }

  /**
   * Runs each task the way the test says: a task to run hangs after it was received (the answer
   * the restart lost); a {@code getResponse} gets the next queued answer, with {@link Fixtures#TASK}
   * replaced by the UUID it asks for.
   */
  private static final class Answers extends Dispatcher {
    final BlockingQueue<String> lookups = new LinkedBlockingQueue<>();
    final List<String> received = new ArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Map<String, Object> t = task(request);
      String type = str(t, "taskType");
      String uuid = str(t, "taskUUID");
      synchronized (received) {
        received.add(type + " " + uuid);
      }
      if (!type.equals("getResponse")) return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
      String body = lookups.poll();
      return body == null ? json(503, "{\"errors\":[{\"code\":\"serviceUnavailable\",\"message\":\"no answer queued\"}]}")
          : json(200, body.replace(Fixtures.TASK, uuid));
    }

    List<String> received() {
      synchronized (received) {
        return List.copyOf(received);
      }
    }
  }

  private static String imageResult(String status) {
    return "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + Fixtures.TASK + "\"," + status
        + "\"imageUUID\":\"b7db282d-2943-4f12-992f-77df3ad3ec71\",\"imageURL\":\"" + IMAGE_URL + "\","
        + "\"seed\":3614157524222286418,\"cost\":0.0013}]}";
  }

  private static String videoProcessing() {
    return "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + Fixtures.TASK + "\",\"status\":\"processing\",\"progress\":40}]}";
  }

  private static String videoSuccess() {
    return "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + Fixtures.TASK + "\",\"status\":\"success\","
        + "\"videoUUID\":\"9719745e-0f81-4905-b8b4-96698f2bc605\",\"videoURL\":\"" + VIDEO_URL + "\",\"seed\":1988852260,\"cost\":0.924}]}";
  }

  private static Request image() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red bicycle in the rain").size(1024, 1024).build();
  }

  private static Request video() {
    return Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-master").prompt("the bicycle rides away")
        .duration(Duration.ofSeconds(5)).build();
  }

  // ---------------------------------------------------------------- the provider alone

  @Test
  void aFinishedTaskIsFoundWithItsOutputAndReportedCostWithoutRunningItAgain() throws Exception {
    RunwareProvider p = Fixtures.provider(server);
    ProviderCall call = Fixtures.call(p, image(), "call-lost-answer-1");
    answers.lookups.add(imageResult(""));

    Submission found = await(p.find(call)).orElseThrow();

    assertTrue(p.findsCalls());
    assertEquals(IMAGE_URL, found.output().orElseThrow().assets().get(0).url().orElseThrow());
    assertEquals(Money.usd("0.0013"), found.output().get().usage().reportedCost().orElseThrow());
    RecordedRequest lookup = server.takeRequest();
    assertEquals("/v1", lookup.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY, lookup.getHeaders().get("Authorization"));
    assertEquals(Map.of("taskType", "getResponse", "taskUUID", TaskUuids.of("call-lost-answer-1")), task(lookup),
        "a getResponse for the UUID the call was sent with, and nothing to run");
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aTaskStillProcessingIsFoundAsTheJobToPoll() {
    RunwareProvider p = Fixtures.provider(server);
    ProviderCall call = Fixtures.call(p, video(), "call-lost-answer-2");
    answers.lookups.add(videoProcessing());

    JobRef job = await(p.find(call)).orElseThrow().job().orElseThrow();

    assertEquals(TaskUuids.of("call-lost-answer-2"), job.id());
    assertEquals("runware", job.provider());
    assertEquals("5", job.attributes().get("seconds"), "what pricing needs travels with the job");
  }

  @Test
  void noResultIsNotTakenForATaskNeverReceived() {
    RunwareProvider p = Fixtures.provider(server);
    answers.lookups.add("{\"data\":[]}");
    answers.lookups.add("{\"errors\":[{\"code\":\"taskFailedOrNotFound\",\"message\":\"Task failed or not found\","
        + "\"taskType\":\"getResponse\",\"taskUUID\":\"" + Fixtures.TASK + "\"}]}");

    for (String id : List.of("call-a", "call-b")) {
      Throwable e = TestCalls.failure(Throwable.class, () -> p.find(Fixtures.call(p, image(), id)));
      ProviderFailureException f = assertInstanceOf(ProviderFailureException.class, e);
      assertTrue(f.getMessage().contains("never received and for one not started yet"), f.getMessage());
    }
  }

  // ---------------------------------------------------------------- through a restart

  /**
   * Submits {@code request} through a first generator whose task Runware received but whose answer
   * never came, and returns the journal as a process killed at that moment leaves it on disk.
   */
  private Path killedWhileSubmitting(Request request, Path dir) throws Exception {
    Path live = Files.createDirectory(dir.resolve("live"));
    Path killed = Files.createDirectory(dir.resolve("killed"));
    JobJournal journal = JobJournal.directory(live);
    Generator first = generator(Budget.perDay(Money.usd("10")), journal).submitTimeout(Duration.ofMinutes(5)).build();
    try {
      first.submit(request);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while ((answers.received().isEmpty() || journal.list().isEmpty()) && System.nanoTime() < deadline) Thread.sleep(5);
      assertEquals(1, answers.received().size(), "Runware received the task");
      JournalEntry e = journal.list().get(0);
      assertEquals(JournalEntry.State.SUBMITTING, e.state(), "journaled before the request left");
      assertEquals(TaskUuids.of(e.callId().orElseThrow()), answers.received().get(0).split(" ")[1],
          "the task UUID is the call id's, so a restart can look it up");
      try (Stream<Path> files = Files.list(live)) {
        for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, killed.resolve(f.getFileName()));
      }
      return killed;
    } finally {
      first.close();
    }
  }

  private Generator.Builder generator(Budget budget, JobJournal journal) {
    return Generator.builder().environment(Map.of("RUNWARE_API_KEY", Fixtures.KEY, "UNIGEN_RUNWARE_BASE_URL",
            server.url("/v1").toString()))
        .provider(ctx -> RunwareProvider.builder().build(ctx)).catalog(Fixtures.testPricedSchnell())
        .budget(budget).journal(journal)
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private List<String> runs() {
    return answers.received().stream().filter(r -> !r.startsWith("getResponse ")).toList();
  }

  @Test
  void anImageWhoseAnswerARestartLostIsFoundAndRecordedBilledNotBoughtAgain(@TempDir Path dir) throws Exception {
    Path journalDir = killedWhileSubmitting(image(), dir);
    answers.lookups.add(imageResult(""));
    Budget budget = Budget.perDay(Money.usd("10"));
    JobJournal journal = JobJournal.directory(journalDir);
    try (Generator second = generator(budget, journal).build()) {
      List<Job<Generation>> resumed = second.jobs().resume();
      assertEquals(1, resumed.size());
      Generation g = resumed.get(0).await(WAIT);

      assertEquals(IMAGE_URL, g.assets().get(0).url().orElseThrow());
      assertEquals(1, runs().size(), "the task ran once: " + answers.received());
      LedgerEntry entry = second.ledger().entries().get(0);
      assertEquals(LedgerEntry.Outcome.SUCCEEDED, entry.outcome());
      assertTrue(entry.billed());
      assertEquals(CostBasis.REPORTED, entry.basis());
      assertEquals(Money.usd("0.0013"), entry.actual().orElseThrow());
      assertEquals(Money.usd("0.0013"), budget.spentToday(), "the cap counts what Runware charged");
      assertEquals(List.of(), journal.list(), "answered at once, so the ledger holds it now");
      assertEquals(List.of(), second.jobs().resume(), "accounted for once");
    }
  }

  @Test
  void aVideoWhoseAcknowledgementARestartLostIsFoundRunningAndPolledToItsEnd(@TempDir Path dir) throws Exception {
    Path journalDir = killedWhileSubmitting(video(), dir);
    answers.lookups.add(videoProcessing());
    answers.lookups.add(videoProcessing());
    answers.lookups.add(videoSuccess());
    JobJournal journal = JobJournal.directory(journalDir);
    try (Generator second = generator(Budget.perDay(Money.usd("10")), journal).build()) {
      Generation g = second.jobs().resume().get(0).await(WAIT);

      assertEquals(VIDEO_URL, g.assets().get(0).url().orElseThrow());
      assertEquals(1, runs().size(), "the video ran once: " + answers.received());
      assertEquals(4, answers.received().size(), "one run, one look-up, two polls");
      LedgerEntry entry = second.ledger().entries().get(0);
      assertEquals(LedgerEntry.Outcome.SUCCEEDED, entry.outcome());
      assertEquals(Money.usd("0.924"), entry.actual().orElseThrow());
      JournalEntry end = journal.list().get(0);
      assertEquals(JournalEntry.State.SUCCEEDED, end.state());
      assertEquals(Optional.of(TaskUuids.of(end.callId().orElseThrow())), end.ref().map(JobRef::id));
    }
  }

  @Test
  void aTaskRunwareHoldsNoResultForStaysAnUnknownOutcomeWithItsEstimateCounted(@TempDir Path dir) throws Exception {
    Path journalDir = killedWhileSubmitting(image(), dir);
    answers.lookups.add("{\"data\":[]}");
    Budget budget = Budget.perDay(Money.usd("10"));
    JobJournal journal = JobJournal.directory(journalDir);
    try (Generator second = generator(budget, journal).build()) {
      Job<Generation> job = second.jobs().resume().get(0);
      OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () -> job.await(WAIT));

      assertTrue(e.getMessage().contains("may have been accepted and billed"), e.getMessage());
      assertEquals(1, runs().size(), "never run again: " + answers.received());
      LedgerEntry entry = second.ledger().entries().get(0);
      assertEquals(LedgerEntry.Outcome.OUTCOME_UNKNOWN, entry.outcome());
      assertFalse(entry.actual().isPresent());
      assertEquals(entry.estimate().orElseThrow(), budget.spentToday(), "what it may cost stays counted");
      assertEquals(List.of(), journal.list(), "the ledger holds it now");
    }
  }
}
