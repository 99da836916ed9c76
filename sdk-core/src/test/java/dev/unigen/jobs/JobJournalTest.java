package dev.unigen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJournalTest {
  private static final Request REQUEST = Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.1-pro")
      .prompt("the bicycle rides away").negativePrompt("blur").image(Media.file(Path.of("bike.png")).withSize(1024, 768))
      .reference(Media.url("https://example.com/ref.png")).reference(Media.bytes(new byte[] {1, 2, 3}, "image/png"))
      .reference(Media.dataUri("data:image/png;base64,AQID"))
      .controlNet(ControlNet.of(ControlNet.Kind.OPENPOSE, Media.url("https://example.com/pose.png"), new BigDecimal("0.8")))
      .lora(Lora.of("https://example.com/w.safetensors", new BigDecimal("0.7")))
      .duration(Duration.ofMillis(5500)).resolution("1080p").fps(24).audio(true).seed(-6840236283496049000L)
      .steps(30).guidance(new BigDecimal("3.5")).strength(new BigDecimal("0.4")).count(2).quality("high")
      .outputFormat("mp4").maxCost(Money.usd("1.25")).allowProvider("fal").tag("user", "u-42")
      .providerOptions("fal", Map.of("enable_safety_checker", false, "nested", Map.of("a", List.of(1, "b")))).build();

  private static JournalEntry entry(String id, Instant at) {
    return JournalEntry.builder(id).generationId("gen-" + id)
        .ref(JobRef.of("fal", "req-" + id, "https://queue.fal.run/fal-ai/kling-video/requests/req-" + id + "/status",
            "https://queue.fal.run/fal-ai/kling-video/requests/req-" + id + "/cancel", Map.of("endpoint", "fal-ai/kling-video")))
        .model("kling-2.1-pro").request(REQUEST).estimate(Money.usd("0.45")).created(at).build();
  }

  @Test
  void aRequestSurvivesJson() {
    String json = REQUEST.toJson();
    assertEquals(json, Request.fromJson(json).toJson());
    Request back = Request.fromJson(json);
    assertEquals(-6840236283496049000L, back.seed().getAsLong());
    assertEquals(Duration.ofMillis(5500), back.duration().get());
    assertEquals(3, back.references().size());
    assertEquals(Media.Kind.BYTES, back.references().get(1).kind());
    assertEquals(Money.usd("1.25"), back.maxCost().get());
  }

  @Test
  void aDirectoryJournalSurvivesReopening(@TempDir Path dir) {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    JobJournal journal = JobJournal.directory(dir);
    journal.put(entry("b", t.plusSeconds(1)));
    journal.put(entry("a", t));
    JournalEntry done = entry("a", t).toBuilder().state(JournalEntry.State.SUCCEEDED).updated(t.plusSeconds(60))
        .detail("0.45 USD COMPUTED").assets(List.of("out/gen-a-0.mp4")).build();
    journal.put(done);

    JobJournal reopened = JobJournal.directory(dir);
    assertEquals(List.of("a", "b"), reopened.list().stream().map(JournalEntry::jobId).collect(Collectors.toList()));
    assertEquals(done, reopened.get("a").get());
    assertEquals(entry("b", t.plusSeconds(1)), reopened.get("b").get());
    reopened.remove("b");
    assertFalse(JobJournal.directory(dir).get("b").isPresent());
  }

  @Test
  void leftoversOfACrashMidWriteAreIgnored(@TempDir Path dir) throws Exception {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    JobJournal.directory(dir).put(entry("a", t));
    // A crash between writing the temporary file and renaming it leaves the old entry intact.
    Files.writeString(dir.resolve(".a.123.tmp"), "{\"v\":1,\"jobId\":\"a\",\"state\":\"succ");
    // Damage from outside is skipped, not fatal.
    Files.writeString(dir.resolve("broken.json"), "{not json");
    JobJournal reopened = JobJournal.directory(dir);
    assertEquals(List.of(entry("a", t)), reopened.list());
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("a.json.tmp")));
    }
  }

  @Test
  void anEntrySurvivesItsJsonDocument() {
    JournalEntry submitting = JournalEntry.builder("s").generationId("gen-s").state(JournalEntry.State.SUBMITTING)
        .provider("fal").callId("call-s").model("kling-2.1-pro").request(REQUEST).created(Instant.EPOCH).build();
    for (JournalEntry e : List.of(entry("a", Instant.parse("2026-11-23T10:00:00Z")), submitting)) {
      String json = e.toJson();
      assertTrue(json.contains("\"v\": 2"), json);
      assertEquals(e, JournalEntry.fromJson(json));
    }
  }

  @Test
  void aJournalOfOneProcessHoldsEveryUnfinishedJob() {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    JobJournal journal = JobJournal.inMemory();
    journal.put(entry("a", t));
    journal.put(entry("b", t.plusSeconds(1)).toBuilder().state(JournalEntry.State.SUCCEEDED).build());
    journal.put(entry("c", t.plusSeconds(2)).toBuilder().ref(JobRef.of("runway", "task-c", null, null, Map.of())).build());
    // Unfinished entries of the providers named, oldest first; finished ones are never claimed.
    assertEquals(List.of("a"), journal.claimUnfinished(java.util.Set.of("fal")).stream().map(JournalEntry::jobId)
        .collect(Collectors.toList()));
    assertEquals(List.of("a", "c"), journal.claimUnfinished(java.util.Set.of("fal", "runway")).stream()
        .map(JournalEntry::jobId).collect(Collectors.toList()));
    assertEquals(entry("a", t), journal.claim("a").get());
    assertFalse(journal.claim("b").isPresent());
    assertFalse(journal.claim("nobody").isPresent());
    assertEquals("c", journal.findUnfinished("runway", "task-c").get().jobId());
    assertFalse(journal.findUnfinished("fal", "req-b").isPresent(), "finished");
    assertFalse(journal.findUnfinished("fal", "task-c").isPresent(), "another provider's job");
    // One process: nobody else to tell, and the receiver remembers its own deliveries.
    assertFalse(journal.nudge("a"));
    assertTrue(journal.firstDelivery("fal", "d-1"));
    assertTrue(journal.firstDelivery("fal", "d-1"));
  }

  @Test
  void unsafeIdsAreRefused(@TempDir Path dir) {
    JobJournal journal = JobJournal.directory(dir);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> journal.put(entry("../escape", Instant.EPOCH)));
  }
}
