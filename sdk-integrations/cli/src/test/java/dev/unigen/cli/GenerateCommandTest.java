package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unigen.Generator;
import dev.unigen.catalog.Catalog;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.provider.sandbox.SandboxProvider;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** generate with no key set: the offline sandbox makes real files at zero cost. */
class GenerateCommandTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String FAL_KEY = "test-key-fal-cli-0123456789";
  private static final String REQUEST_ID = "80e732af-660e-45cd-bd63-580e4f2a94cc";

  @TempDir
  Path dir;

  @StartStop
  private final MockWebServer fal = new MockWebServer();

  /** The sandbox with flux-schnell at $1.00 an image, so a budget has something to refuse. */
  private static final Consumer<Generator.Builder> PRICED = b -> b.catalog(Catalog.parse(("{'format': 1, 'provider':"
      + " 'sandbox', 'offers': [{'model': 'flux-schnell', 'endpoint': 'sandbox/flux-schnell', 'tasks': ['text-to-image'],"
      + " 'price': {'kind': 'per-image', 'price': '1.00'}, 'asOf': '2026-11-23', 'source': 'budget test'}]}")
      .replace('\'', '"'), "priced.json"));

  private Path out() {
    return dir.resolve("out");
  }

  /** A ledger file holding a $4.50 generation at 09:00 today and a $3.00 one yesterday. */
  private Path ledgerWithEarlierRuns() {
    Path file = dir.resolve("costs.jsonl");
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      ledger.record(entry(NOW.minus(Duration.ofHours(1)), "4.50"));
      ledger.record(entry(NOW.minus(Duration.ofDays(1)), "3.00"));
    }
    return file;
  }

  private static LedgerEntry entry(Instant when, String usd) {
    return LedgerEntry.builder().generationId("earlier-" + when.toEpochMilli()).timestamp(when).provider("runware")
        .model("flux-dev").endpoint("runware:101@1").task("text-to-image").outcome(LedgerEntry.Outcome.SUCCEEDED)
        .estimate(Money.usd(usd)).actual(Money.usd(usd)).basis(CostBasis.REPORTED).build();
  }

  private Run pricedRun(String... args) {
    return Run.unigen(Map.of(), CLOCK, PRICED, args);
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  @Test
  void makesAnImageOnTheSandboxAndSavesIt() throws Exception {
    Run r = Run.unigen("generate", "flux-schnell", "--prompt", "a red bicycle", "--size", "512x512", "--seed", "7",
        "--out", dir.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Providers: sandbox\n"), r.toString());
    assertTrue(r.out.contains("1  sandbox/flux-schnell"), r.toString());
    assertTrue(r.out.contains("Made on sandbox"), r.toString());
    assertTrue(r.out.contains("cost 0 USD"), r.toString());
    List<Path> files = files();
    assertEquals(1, files.size(), r.toString());
    assertTrue(files.get(0).getFileName().toString().startsWith("flux-schnell-"), files.toString());
    assertTrue(files.get(0).toString().endsWith(".png"), files.toString());
    assertTrue(r.out.contains("saved " + files.get(0) + " (image/png 512x512)"), r.toString());
    byte[] png = Files.readAllBytes(files.get(0));
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
  }

  @Test
  void makesAVideo() throws Exception {
    Run r = Run.unigen("generate", "wan-2.5", "--prompt", "waves", "--duration", "5s", "--resolution", "480p",
        "--out", dir.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("Made on sandbox"), r.toString());
    assertEquals(1, files().size(), r.toString());
  }

  @Test
  void warnsOnStandardErrorWhenTheOfferRetiresWithinThirtyDays() {
    // On 2026-11-23 the sandbox's flux-schnell, said here to retire on 2026-12-10, has 17 days left.
    Consumer<Generator.Builder> retiring = b -> b.catalog(Catalog.parse(("{'format': 1, 'provider': 'sandbox', 'offers':"
        + " [{'model': 'flux-schnell', 'endpoint': 'sandbox/flux-schnell', 'tasks': ['text-to-image'],"
        + " 'price': {'kind': 'per-image', 'price': '0'}, 'asOf': '2026-11-23', 'source': 'retirement test',"
        + " 'retires': {'date': '2026-12-10', 'source': 'https://sandbox.example/retirements'}}]}")
        .replace('\'', '"'), "retiring.json"));
    Run r = Run.unigen(Map.of(), CLOCK, retiring, "generate", "flux-schnell", "--prompt", "x", "--out", dir.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.err.contains("unigen generate: warning: sandbox/flux-schnell retires on 2026-12-10, in 17 days"
        + " (https://sandbox.example/retirements); after that day it is left out\n"), r.toString());
    assertFalse(r.out.contains("warning"), r.toString());

    Run calm = Run.unigen(Map.of(), CLOCK, b -> { }, "generate", "flux-schnell", "--prompt", "x", "--out", dir.toString());
    assertEquals(Cli.OK, calm.status, calm.toString());
    assertFalse(calm.err.contains("warning"), calm.toString());
  }

  @Test
  void failsClearlyWhenNothingCanMakeIt() {
    Run unknown = Run.unigen("generate", "no-such-model", "--prompt", "x", "--out", dir.toString());
    assertEquals(Cli.FAILED, unknown.status, unknown.toString());
    assertTrue(unknown.err.contains("no configured provider offers model 'no-such-model'; they offer: "), unknown.toString());

    Run tooBig = Run.unigen("generate", "flux-schnell", "--prompt", "x", "--size", "8192x8192", "--out", dir.toString());
    assertEquals(Cli.FAILED, tooBig.status, tooBig.toString());
    assertTrue(tooBig.err.startsWith("unigen generate: "), tooBig.toString());
    assertTrue(tooBig.noStackTrace(), tooBig.toString());
  }

  @Test
  void aProviderAskedForWithoutItsKeySaysWhichVariableToSet() {
    Run fal = Run.unigen("generate", "flux-schnell", "--prompt", "x", "--provider", "fal", "--out", dir.toString());
    assertEquals(Cli.FAILED, fal.status, fal.toString());
    assertEquals("unigen generate: provider fal is not configured: set FAL_KEY\n", fal.err);
    Run typo = Run.unigen("generate", "flux-schnell", "--prompt", "x", "--provider", "replicat", "--out", dir.toString());
    assertEquals(Cli.FAILED, typo.status, typo.toString());
    assertTrue(typo.err.startsWith("unigen generate: no provider named 'replicat' (did you mean 'replicate'?); there are "),
        typo.toString());
  }

  @Test
  void thePromptIsRequired() {
    Run r = Run.unigen("generate", "flux-schnell");
    assertEquals(Cli.USAGE, r.status, r.toString());
    assertTrue(r.err.contains("Missing required option: '--prompt=TEXT'"), r.toString());
  }

  @Test
  void extensionsFollowMediaTypes() {
    assertEquals("png", GenerateCommand.extension("image/png"));
    assertEquals("jpg", GenerateCommand.extension("image/jpeg; q=1"));
    assertEquals("gif", GenerateCommand.extension("image/gif"));
    assertEquals("bin", GenerateCommand.extension("application/octet-stream"));
  }

  @Test
  void budgetsReadAmountCurrencyAndPeriod() {
    Converters.BudgetConverter c = new Converters.BudgetConverter();
    Converters.BudgetCap day = c.convert("5USD/day");
    assertEquals(Money.usd("5"), day.cap);
    assertEquals(Converters.BudgetCap.Period.DAY, day.period);
    Converters.BudgetCap month = c.convert("100 eur / month");
    assertEquals(Money.of("100", "EUR"), month.cap);
    assertEquals(Converters.BudgetCap.Period.MONTH, month.period);
    Converters.BudgetCap plain = c.convert("0.50");
    assertEquals(Money.usd("0.50"), plain.cap);
    assertEquals(Converters.BudgetCap.Period.REQUEST, plain.period);
    assertEquals(Converters.BudgetCap.Period.REQUEST, c.convert("2USD/request").period);
    assertTrue(assertThrows(TypeConversionException.class, () -> c.convert("5USD/week")).getMessage()
        .contains("per day, per month or for this request"));
    assertTrue(assertThrows(TypeConversionException.class, () -> c.convert("five dollars")).getMessage()
        .contains("give AMOUNT[CURRENCY][/day|/month], such as 5USD/day"));
    assertTrue(assertThrows(TypeConversionException.class, () -> c.convert("5XYZ/day")).getMessage()
        .contains("unknown currency 'XYZ'"));

    Run usage = Run.unigen("generate", "flux-schnell", "--prompt", "x", "--budget", "5USD/week", "--out", out().toString());
    assertEquals(Cli.USAGE, usage.status, usage.toString());
  }

  @Test
  void aDailyBudgetCountsWhatTheLedgerRecordsToday() throws Exception {
    Path ledger = ledgerWithEarlierRuns();
    // Today's $4.50 (not yesterday's $3.00) + the $1.00 image would pass the $5 cap.
    Run refused = pricedRun("generate", "flux-schnell", "--prompt", "x", "--size", "256x256", "--budget", "5USD/day",
        "--ledger", ledger.toString(), "--out", out().toString());
    assertEquals(Cli.FAILED, refused.status, refused.toString());
    assertTrue(refused.out.contains("Budget: 5 USD a day; 4.5 USD spent today as " + ledger + " records, 0.5 USD left.\n"),
        refused.toString());
    assertTrue(refused.err.startsWith("unigen generate: budget exceeded: per-day cap of 5.00 USD: spent 4.50 USD"),
        refused.toString());
    assertTrue(refused.noStackTrace(), refused.toString());
    assertFalse(Files.exists(out()), "nothing made, nor a directory for it");

    // With $6 a day it fits: $4.50 + $1.00; the image is recorded in the ledger.
    Run made = pricedRun("generate", "flux-schnell", "--prompt", "x", "--size", "256x256", "--budget", "6USD/day",
        "--ledger", ledger.toString(), "--out", out().toString());
    assertEquals(Cli.OK, made.status, made.toString());
    assertTrue(made.out.contains("Budget: 5.5 USD spent today of 6 USD, 0.5 USD left.\n"), made.toString());
    assertTrue(made.err.contains("recorded 1 attempt in ledger " + ledger), made.toString());
    try (CostLedger read = CostLedger.jsonl(ledger)) {
      LedgerEntry last = read.entries().get(read.entries().size() - 1);
      assertEquals(3, read.entries().size());
      assertEquals("sandbox", last.provider());
      assertEquals(0, Money.usd("1.00").compareTo(last.actual().get()));
      assertEquals("unigen-cli", last.tags().get("source"));
      assertEquals(NOW, last.timestamp());
    }

    // The next run counts the $5.50 the ledger now records today: another $1.00 would pass $6.
    Run again = pricedRun("generate", "flux-schnell", "--prompt", "x", "--size", "256x256", "--budget", "6USD/day",
        "--ledger", ledger.toString(), "--out", out().toString());
    assertEquals(Cli.FAILED, again.status, again.toString());
    assertTrue(again.out.contains("5.5 USD spent today as " + ledger + " records, 0.5 USD left."), again.toString());
    assertTrue(again.err.contains("budget exceeded: per-day cap of 6.00 USD: spent 5.50 USD"), again.toString());
  }

  @Test
  void aMonthlyBudgetCountsTheWholeMonth() {
    Path ledger = ledgerWithEarlierRuns();
    // $4.50 today + $3.00 yesterday, both in November: $7.50 of $8, too little for a $1.00 image.
    Run r = pricedRun("generate", "flux-schnell", "--prompt", "x", "--size", "256x256", "--budget", "8USD/month",
        "--ledger", ledger.toString(), "--out", out().toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.out.contains("Budget: 8 USD a month; 7.5 USD spent this month as " + ledger + " records, 0.5 USD left."),
        r.toString());
    assertTrue(r.err.contains("budget exceeded: per-month cap of 8.00 USD: spent 7.50 USD"), r.toString());
  }

  @Test
  void aPlainAmountCapsTheOneRequest() {
    Run r = pricedRun("generate", "flux-schnell", "--prompt", "x", "--size", "256x256", "--budget", "0.50",
        "--out", out().toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.out.contains("Budget: at most 0.5 USD for this request.\n"), r.toString());
    assertTrue(r.err.contains("budget exceeded: estimate 1.00 USD is over the per-request cap of 0.50 USD"), r.toString());
    assertTrue(r.err.lines().noneMatch(l -> l.startsWith("note:")), "no note: a per-request cap needs no ledger");
  }

  @Test
  void aDailyBudgetWithoutALedgerSaysItCountsThisRunOnly() {
    Run r = pricedRun("generate", "flux-schnell", "--prompt", "x", "--size", "256x256", "--budget", "5USD/day",
        "--out", out().toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("Budget: 5 USD a day.\n"), r.toString());
    assertTrue(r.err.contains("note: --budget 5USD/day counts only what this run spends; with --ledger FILE it also"
        + " counts what earlier runs recorded there today"), r.toString());
    assertTrue(r.out.contains("Budget: 1 USD spent today of 5 USD, 4 USD left."), r.toString());
  }

  @Test
  void anOutDirectoryThatCannotBeWrittenFailsBeforeAnyCall() throws Exception {
    Map<String, String> env = Map.of("FAL_KEY", FAL_KEY, "UNIGEN_FAL_BASE_URL", fal.url("/").toString());
    Path file = Files.writeString(dir.resolve("results"), "not a directory");

    Run aFile = Run.unigen(env, "generate", "flux-schnell", "--prompt", "x", "--provider", "fal", "--out", file.toString());
    assertEquals(Cli.FAILED, aFile.status, aFile.toString());
    assertEquals("unigen generate: --out " + file + " cannot hold the results (" + file + " is a file, not a directory);"
        + " nothing was sent to any provider\n", aFile.err);
    assertEquals("", aFile.out);

    Path under = file.resolve("today");
    Run underAFile = Run.unigen(env, "generate", "flux-schnell", "--prompt", "x", "--provider", "fal", "--out",
        under.toString());
    assertEquals(Cli.FAILED, underAFile.status, underAFile.toString());
    assertEquals("unigen generate: --out " + under + " cannot hold the results (" + file + " is a file, not a"
        + " directory); nothing was sent to any provider\n", underAFile.err);

    assertEquals(0, fal.getRequestCount(), "no call to the provider");
  }

  @Test
  void aFailedRunLeavesNoEmptyOutDirectoryAndASuccessfulOneCreatesIt() {
    Path nested = dir.resolve("a").resolve("b");
    Run failed = Run.unigen("generate", "no-such-model", "--prompt", "x", "--out", nested.toString());
    assertEquals(Cli.FAILED, failed.status, failed.toString());
    assertFalse(Files.exists(dir.resolve("a")), "nothing created for a run that made nothing");

    Run made = Run.unigen("generate", "flux-schnell", "--prompt", "x", "--size", "256x256", "--out", nested.toString());
    assertEquals(Cli.OK, made.status, made.toString());
    assertTrue(Files.isDirectory(nested), made.toString());
  }

  @Test
  void aReadOnlyOutDirectoryFailsBeforeAnyCall() throws Exception {
    Map<String, String> env = Map.of("FAL_KEY", FAL_KEY, "UNIGEN_FAL_BASE_URL", fal.url("/").toString());
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    assumeTrue(readOnly.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // Root writes anyway; then there is nothing to test here (the case above still runs).
      assumeFalse(Files.isWritable(readOnly), "the user can write to a read-only directory (root)");
      Run r = Run.unigen(env, "generate", "flux-schnell", "--prompt", "x", "--provider", "fal", "--out",
          readOnly.resolve("pictures").toString());
      assertEquals(Cli.FAILED, r.status, r.toString());
      assertTrue(r.err.contains("cannot hold the results (permission denied: " + readOnly + ")"), r.toString());
      assertEquals(0, fal.getRequestCount(), "no call to the provider");
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aJobsProgressGoesToStandardError() {
    // The sandbox takes 1.5 s a video here, polled every few milliseconds: it reports RUNNING with a percent.
    Consumer<Generator.Builder> slow = b -> b
        .provider(ctx -> SandboxProvider.builder().latency(Duration.ofMillis(1500)).build(ctx))
        .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20));
    Run r = Run.unigen(Map.of(), Clock.systemUTC(), slow, "generate", "wan-2.5", "--prompt", "waves", "--duration", "5s",
        "--out", out().toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.err.lines().anyMatch(l -> l.matches("progress: RUNNING, \\d{1,2} %")), r.toString());
    assertFalse(r.out.contains("progress"), r.toString());
    assertTrue(r.out.contains("Made on sandbox"), r.toString());
  }

  @Test
  void aQueuedJobShowsItsQueuePositionAndLogs() throws Exception {
    String base = fal.url("/").toString() + "fal-ai/kling-video/requests/" + REQUEST_ID;
    fal.enqueue(TestCalls.json(200, "{\"request_id\":\"" + REQUEST_ID + "\",\"response_url\":\"" + base
        + "\",\"status_url\":\"" + base + "/status\",\"cancel_url\":\"" + base + "/cancel\"}"));
    fal.enqueue(TestCalls.json(202, "{\"status\":\"IN_QUEUE\",\"queue_position\":2,\"response_url\":\"" + base + "\"}"));
    fal.enqueue(TestCalls.json(202, "{\"status\":\"IN_QUEUE\",\"queue_position\":2,\"response_url\":\"" + base + "\"}"));
    fal.enqueue(TestCalls.json(202, "{\"status\":\"IN_PROGRESS\",\"logs\":[{\"message\":\"step 2/4\",\"level\":\"INFO\","
        + "\"source\":\"USER\",\"timestamp\":\"2026-11-23T10:00:01Z\"}]}"));
    fal.enqueue(TestCalls.json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + REQUEST_ID + "\",\"logs\":[],"
        + "\"metrics\":{\"inference_time\":41.2}}"));
    String video = fal.url("/files/k.mp4").toString();
    fal.enqueue(TestCalls.json(200, "{\"video\":{\"url\":\"" + video + "\",\"content_type\":\"video/mp4\",\"file_size\":8}}"));
    fal.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "video/mp4").body("not-mp4!").build());
    Map<String, String> env = Map.of("FAL_KEY", FAL_KEY, "UNIGEN_FAL_BASE_URL", fal.url("/").toString());
    Consumer<Generator.Builder> quick = b -> b.pollInterval(Duration.ofMillis(1), Duration.ofMillis(5))
        .allowLoopbackDownloads(true);

    Run r = Run.unigen(env, Clock.systemUTC(), quick, "generate", "kling-2.1-master", "--prompt", "waves", "--duration",
        "5s", "--out", out().toString());
    assertEquals(Cli.OK, r.status, r.toString());
    List<String> progress = r.err.lines().filter(l -> l.startsWith("progress: ")).collect(Collectors.toList());
    // The second IN_QUEUE report says nothing new, so it is not printed again.
    assertEquals(List.of("progress: IN_QUEUE, queue position 2", "progress: IN_PROGRESS", "progress: log: INFO step 2/4"),
        progress, r.toString());
    assertFalse(r.out.contains("progress"), r.toString());
    assertTrue(r.out.contains("Made on fal"), r.toString());
    RecordedRequest submit = fal.takeRequest();
    assertEquals("/fal-ai/kling-video/v2.1/master/text-to-video", submit.getUrl().encodedPath());
    assertEquals(7, fal.getRequestCount());
    assertFalse(r.err.contains(FAL_KEY) || r.out.contains(FAL_KEY));
  }
}
