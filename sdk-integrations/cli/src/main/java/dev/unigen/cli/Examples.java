package dev.unigen.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The examples that end each command's help page: a command line and what it does, by the
 * command's qualified name. A test parses every one, so they keep to the options that exist.
 */
final class Examples {
  private Examples() {}

  /** One example: the line as typed in a shell, and what it does. */
  static final class Example {
    final String line;
    final String what;

    Example(String line, String what) {
      this.line = line;
      this.what = what;
    }
  }

  private static final Map<String, List<Example>> BY_COMMAND = new LinkedHashMap<>();

  private static void add(String command, String line, String what) {
    BY_COMMAND.computeIfAbsent(command, c -> new ArrayList<>()).add(new Example(line, what));
  }

  static {
    add("unigen", "unigen quote flux-schnell --size 1024x1024", "One picture priced on every provider's offer; no key needed.");
    add("unigen", "unigen plan tiers.json --html plan.html", "A month's cost plan of a workload file, also as a web page.");
    add("unigen", "unigen generate flux-schnell --prompt \"a red bicycle\"",
        "A picture, on the offline sandbox when no provider key is set.");
    add("unigen", "unigen help quote", "The help page of one command.");

    add("unigen plan", "unigen plan tiers.json", "The workload file priced on each of its scenarios.");
    add("unigen plan", "unigen plan tiers.json --currency USD", "The same plan in dollars, at the file's rate.");
    add("unigen plan", "unigen plan tiers.json --fx USD:IDR=16250 --html plan.html",
        "At another rate than the file's; the report also as a web page.");
    add("unigen plan", "unigen plan tiers.json --catalog next-month-prices.json", "With the prices you expect next month.");

    add("unigen quote", "unigen quote flux-schnell --size 1024x1024", "Every offer of flux-schnell for one picture, cheapest first.");
    add("unigen quote", "unigen quote kling-2.6-pro --duration 10s --audio", "A ten-second clip with sound.");
    add("unigen quote", "unigen quote flux-2-pro --task multi-reference --size 1024x1024 --references 3",
        "Where input images are billed too.");
    add("unigen quote", "unigen quote flux-schnell --currency IDR --fx USD:IDR=16000", "In rupiah.");
    add("unigen quote", "unigen quote flux-schnell --json | jq -r '.quotes[0].offer'", "The cheapest offer, for a script.");

    add("unigen chain", "unigen chain quote premium-image.json", "Every step of a chain file priced, and the total.");
    add("unigen chain", "unigen chain run premium-image.json --ledger costs.jsonl", "The chain run, every attempt recorded.");

    add("unigen chain quote", "unigen chain quote premium-image.json", "Every step priced on the cheapest offer, and the total.");
    add("unigen chain quote", "unigen chain quote premium-image.json --alternatives", "And every other offer of each step.");
    add("unigen chain quote", "unigen chain quote premium-image.json --currency IDR --fx USD:IDR=16000", "In rupiah.");

    add("unigen chain run", "unigen chain run premium-image.json", "Offline on the sandbox when no provider key is set.");
    add("unigen chain run", "unigen chain run premium-image.json --out pictures --ledger costs.jsonl --budget 0.10",
        "Refused before the first step unless the whole chain's estimate fits in 10 cents.");

    add("unigen catalog", "unigen catalog list --model flux-schnell", "Every offer of one model.");
    add("unigen catalog", "unigen catalog show fal/flux-2-flash", "One offer, as written in its catalog file.");
    add("unigen catalog", "unigen catalog validate my-prices.json", "Checks a catalog file before using it.");
    add("unigen catalog", "unigen catalog audit", "What in the catalog is old, unsourced, unpriced or retiring.");

    add("unigen catalog list", "unigen catalog list --model flux-2-pro", "Every offer of one model.");
    add("unigen catalog list", "unigen catalog list --task image-to-video --provider fal", "What fal animates.");
    add("unigen catalog list", "unigen catalog list --json > catalog.json", "Every offer as JSON, for a script.");

    add("unigen catalog show", "unigen catalog show runware/flux-schnell", "One offer, its source and the entry as written.");
    add("unigen catalog show", "unigen catalog show huggingface/pro", "A subscription.");
    add("unigen catalog show", "unigen catalog show openai/sora-2", "Why a system is not served, and what to use instead.");

    add("unigen catalog validate", "unigen catalog validate", "The catalogs in the jar, and that each provider finds its own.");
    add("unigen catalog validate", "unigen catalog validate my-prices.json", "A catalog file.");
    add("unigen catalog validate", "unigen catalog validate tiers.json", "A workload file, with the chain files it names.");

    add("unigen catalog audit", "unigen catalog audit", "Every entry checked offline; exit status 1 on an error.");
    add("unigen catalog audit", "unigen catalog audit --catalog my-prices.json --provider acme --max-age 30",
        "Your own file's entries, warning about any read more than 30 days ago.");
    add("unigen catalog audit", "FAL_KEY=... unigen catalog audit --live --provider fal --price-change 0.1",
        "fal's catalog against its pricing API; a unit price more than 10% off is an error.");
    add("unigen catalog audit", "unigen catalog audit --strict --json > audit.json", "For CI: warnings fail too, findings as JSON.");

    add("unigen ledger", "unigen ledger report costs.jsonl", "What the ledger file says was spent.");

    add("unigen ledger report", "unigen ledger report costs.jsonl", "Totals by provider, model, tag and day.");
    add("unigen ledger report",
        "unigen ledger report costs.jsonl --from 2026-11-01 --to 2026-12-01 --zone Asia/Jakarta --html november.html",
        "One month in Jakarta's days, also as a web page.");
    add("unigen ledger report", "unigen ledger report costs.jsonl --tag user --currency IDR --fx USD:IDR=16000",
        "By user, in rupiah.");

    add("unigen generate", "unigen generate flux-schnell --prompt \"a red bicycle in the rain\" --size 768x512",
        "A picture on the cheapest configured provider (the sandbox without keys).");
    add("unigen generate", "FAL_KEY=... unigen generate kling-2.6-pro --prompt \"waves at dusk\" --duration 5s",
        "A video on fal; its queue position and progress on standard error.");
    add("unigen generate", "unigen generate flux-dev --prompt \"a lighthouse\" --budget 5USD/day --ledger costs.jsonl",
        "Refused once what costs.jsonl records today, and this picture, would pass 5 dollars.");
    add("unigen generate", "unigen generate flux-schnell --prompt \"a cat\" --budget 0.01USD", "At most a cent for this one.");
  }

  /** The examples of the command named {@code qualifiedName}, such as {@code unigen catalog list}; empty if none. */
  static List<Example> of(String qualifiedName) {
    return BY_COMMAND.getOrDefault(qualifiedName, List.of());
  }

  /** The commands that have examples. */
  static List<String> commands() {
    return new ArrayList<>(BY_COMMAND.keySet());
  }

  /** Ends the help page of {@code cl} and of each of its subcommands with their examples. */
  static void apply(CommandLine cl) {
    List<Example> examples = of(cl.getCommandSpec().qualifiedName());
    if (!examples.isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (Example e : examples) {
        // Help text is a format string: a literal percent sign is written twice.
        lines.add("  " + e.line.replace("%", "%%"));
        lines.add("      " + e.what.replace("%", "%%"));
      }
      cl.getCommandSpec().usageMessage().footerHeading("%nExamples:%n").footer(lines.toArray(new String[0]));
    }
    for (CommandLine sub : cl.getSubcommands().values()) apply(sub);
  }
}
