package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command as a whole: version, help pages, exit statuses of usage errors. */
class CliTest {
  @Test
  void versionNamesTheBuild() {
    Run r = Run.unigen("--version");
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("unigen "), r.toString());
    assertTrue(r.out.contains("Java "), r.toString());
  }

  @Test
  void noCommandIsAUsageError() {
    Run r = Run.unigen();
    assertEquals(Cli.USAGE, r.status, r.toString());
    assertTrue(r.err.contains("name a command"), r.toString());
    assertTrue(r.err.contains("Usage: unigen"), r.toString());
  }

  @Test
  void unknownCommandIsAUsageErrorWithASuggestion() {
    Run r = Run.unigen("plna", "x.json");
    assertEquals(Cli.USAGE, r.status, r.toString());
    assertTrue(r.err.contains("unigen: Unmatched argument"), r.toString());
    assertTrue(r.err.contains("plan"), r.toString());
    assertTrue(r.err.contains("Try 'unigen --help'"), r.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plan", "quote", "catalog", "catalog list", "catalog show", "catalog validate", "catalog audit",
      "ledger", "ledger report", "generate"})
  void everyCommandHasHelpWithExitStatuses(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");
    String[] args = java.util.Arrays.copyOf(words, words.length + 1);
    args[words.length] = "--help";
    Run r = Run.unigen(args);
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("Usage: unigen" + (command.isEmpty() ? "" : " " + command) + " "), r.toString());
    assertTrue(r.out.contains("Exit status:"), r.toString());
    assertTrue(r.out.contains("2   usage error"), r.toString());
    assertTrue(r.err.isEmpty(), r.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plan", "quote", "chain", "chain quote", "chain run", "catalog", "catalog list",
      "catalog show", "catalog validate", "catalog audit", "ledger", "ledger report", "generate"})
  void everyHelpPageEndsWithExamplesOfItsCommand(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");
    String[] args = java.util.Arrays.copyOf(words, words.length + 1);
    args[words.length] = "--help";
    Run r = Run.unigen(args);
    assertEquals(Cli.OK, r.status, r.toString());
    int examples = r.out.indexOf("\nExamples:\n  unigen " + command);
    assertTrue(examples > r.out.indexOf("Exit status:"), r.toString());
    // The line under each example says what it does.
    assertTrue(r.out.substring(examples + 1).lines().skip(2).findFirst().orElse("").startsWith("      "), r.toString());
  }

  @Test
  void everyExampleParsesAsTheCommandItIsListedUnder() {
    List<String> commands = Examples.commands();
    assertTrue(commands.size() >= 13, commands.toString());
    for (String command : commands) {
      for (Examples.Example e : Examples.of(command)) {
        List<String> words = shellWords(e.line);
        assertEquals("unigen", words.get(0), e.line);
        CommandLine cl = Cli.commandLine(new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            java.util.Map.of()));
        List<CommandLine> parsed = cl.parseArgs(words.subList(1, words.size()).toArray(new String[0])).asCommandLineList();
        String leaf = parsed.get(parsed.size() - 1).getCommandSpec().qualifiedName();
        assertTrue(leaf.startsWith(command), e.line + " runs " + leaf + ", not " + command);
      }
    }
  }

  /** The words a shell makes of {@code line}: quotes removed, leading VAR=value and everything from | or > left out. */
  private static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) quote = 0; else word.append(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (c == ' ') {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) words.add(word.toString());
    List<String> command = new ArrayList<>();
    for (String w : words) {
      if (w.equals("|") || w.equals(">")) break;
      if (command.isEmpty() && w.matches("[A-Z_]+=.*")) continue;
      command.add(w);
    }
    return command;
  }

  @Test
  void helpCommandShowsASubcommandsPage() {
    Run r = Run.unigen("help", "quote");
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Prices one request on every offer of a model, from the catalog alone.\nUsage: unigen quote"), r.toString());
  }

  @Test
  void malformedOptionValuesAreUsageErrorsThatSayWhatFits() {
    Run size = Run.unigen("quote", "flux-schnell", "--size", "big");
    assertEquals(Cli.USAGE, size.status, size.toString());
    assertTrue(size.err.contains("'big' is not a size: give WIDTHxHEIGHT"), size.toString());
    assertTrue(size.err.contains("Try 'unigen quote --help'"), size.toString());

    Run fx = Run.unigen("quote", "flux-schnell", "--fx", "USD-IDR=16000");
    assertEquals(Cli.USAGE, fx.status, fx.toString());
    assertTrue(fx.err.contains("give FROM:TO=RATE"), fx.toString());

    Run rate = Run.unigen("quote", "flux-schnell", "--fx", "USD:IDR=-1");
    assertEquals(Cli.USAGE, rate.status, rate.toString());
    assertTrue(rate.err.contains("must be positive"), rate.toString());

    Run currency = Run.unigen("quote", "flux-schnell", "--currency", "RP");
    assertEquals(Cli.USAGE, currency.status, currency.toString());
    assertTrue(currency.err.contains("unknown currency 'RP'"), currency.toString());

    Run duration = Run.unigen("quote", "wan-2.5", "--duration", "five");
    assertEquals(Cli.USAGE, duration.status, duration.toString());
    assertTrue(duration.err.contains("is not a duration"), duration.toString());

    Run task = Run.unigen("quote", "wan-2.5", "--task", "txt2vid");
    assertEquals(Cli.USAGE, task.status, task.toString());
    assertTrue(task.err.contains("unknown task 'txt2vid'; tasks: text-to-image"), task.toString());

    Run missing = Run.unigen("plan");
    assertEquals(Cli.USAGE, missing.status, missing.toString());
    assertTrue(missing.err.contains("Missing required parameter: '<workload.json>'"), missing.toString());
  }

  @Test
  void durationsReadTheWayPeopleWriteThem() {
    Converters.DurationConverter d = new Converters.DurationConverter();
    assertEquals(java.time.Duration.ofSeconds(5), d.convert("5s"));
    assertEquals(java.time.Duration.ofSeconds(5), d.convert("5"));
    assertEquals(java.time.Duration.ofMillis(7500), d.convert("7.5s"));
    assertEquals(java.time.Duration.ofMillis(500), d.convert("500ms"));
    assertEquals(java.time.Duration.ofSeconds(120), d.convert("2m"));
    assertEquals(java.time.Duration.ofSeconds(6), d.convert("PT6S"));
  }
}
