package dev.unigen.cli;

import dev.unigen.ledger.CostLedger;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.postgres.PostgresCostLedger;
import dev.unigen.postgres.PostgresDatabase;
import dev.unigen.reports.LedgerReport;
import dev.unigen.reports.ReportFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code unigen ledger report}: what a cost ledger, a file or a PostgreSQL table, says was spent. */
@Command(
    name = "ledger",
    header = "Reports on a cost ledger.",
    mixinStandardHelpOptions = true,
    description = "Reports on a cost ledger: a JSONL file written by CostLedger, or the table PostgresCostLedger keeps"
        + " in PostgreSQL.",
    subcommands = LedgerCommand.Report.class)
final class LedgerCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Io io = Cli.io(spec);
    io.err().println("unigen ledger: name a command: report");
    spec.commandLine().usage(io.err());
    return Cli.USAGE;
  }

  /** {@code unigen ledger report}. */
  @Command(
      name = "report",
      header = "What a ledger says was spent, by provider, model, tag and day, and estimate against actual.",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
          "What was really spent: charged totals (actual cost less included subscription credit) by provider, model,"
              + " tag and day, and how far estimates drifted from actual costs.",
          "The ledger file is read, never changed: the report works on a copy, so a running program may keep"
              + " writing it. With --jdbc-url the ledger is read from PostgreSQL over read-only connections, totals"
              + " summed there. The text report goes to standard output; --html, --json and --csv write the other"
              + " formats too."})
  static final class Report implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<ledger.jsonl>", description = "The ledger file; or --jdbc-url.")
    private Path ledger;

    @Option(names = "--jdbc-url", paramLabel = "URL",
        description = "Read the ledger PostgresCostLedger keeps in this PostgreSQL database instead of a file, such as"
            + " jdbc:postgresql://db:5432/app. The password is read from PGPASSWORD, never from the command line.")
    private String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER",
        description = "The database user, with --jdbc-url. Default: PGUSER, else this account's user name.")
    private String dbUser;

    @Option(names = "--from", paramLabel = "WHEN",
        description = "First day (2026-11-01, from midnight in --zone) or instant (2026-11-01T08:00:00Z). Default: the first entry.")
    private String from;

    @Option(names = "--to", paramLabel = "WHEN",
        description = "End, exclusive: a day (2026-12-01 is up to the end of 30 November) or an instant. Default: after the last entry.")
    private String to;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
        description = "Time zone of days, for --from, --to and the totals by day, such as Asia/Jakarta. Default: ${DEFAULT-VALUE}.")
    private String zone;

    @Option(names = "--tag", paramLabel = "KEY", description = "Totals by this tag key only, such as user. Repeatable. Default: every key the entries carry.")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--title", paramLabel = "TEXT", description = "The report's title.")
    private String title;

    @Mixin
    private MoneyOptions money;

    @Mixin
    private ReportFiles files;

    @Override
    public Integer call() {
      Io io = Cli.io(spec);
      ZoneId z = zone();
      Optional<Instant> start = Optional.ofNullable(from).map(v -> when(v, "--from", z));
      Optional<Instant> end = Optional.ofNullable(to).map(v -> when(v, "--to", z));
      if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
        throw new ParameterException(spec.commandLine(), "--to " + to + " is before --from " + from);
      }
      if ((ledger == null) == (jdbcUrl == null)) {
        throw new ParameterException(spec.commandLine(), ledger == null
            ? "name a ledger file, or a database with --jdbc-url" : "name a ledger file or --jdbc-url, not both");
      }
      if (dbUser != null && jdbcUrl == null) throw new ParameterException(spec.commandLine(), "--db-user goes with --jdbc-url");
      Currency currency = money.currency(Optional.empty());
      if (jdbcUrl != null) return fromDatabase(io, currency, z, start, end);
      if (!Files.isRegularFile(ledger)) throw new CliException("no such ledger file: " + ledger);
      Path copy = copy(ledger);
      try (CostLedger l = CostLedger.builder().file(copy).currency(currency).fxRates(money.fxRates()).zone(z).build()) {
        return report(l, io, start, end);
      } catch (UncheckedIOException | IllegalStateException e) {
        // The ledger names the file it opened: the copy. Name the user's file instead.
        throw new CliException(e.getMessage().replace(copy.toString(), ledger.toString()), e);
      } catch (CurrencyMismatchException e) {
        throw noRate(ledger.toString(), e);
      } finally {
        deleteQuietly(copy);
      }
    }

    /** Reports from the ledger table in PostgreSQL, opened read-only: the schema is never changed. */
    private int fromDatabase(Io io, Currency currency, ZoneId z, Optional<Instant> start, Optional<Instant> end) {
      Map<String, String> env = io.env() != null ? io.env() : System.getenv();
      String user = dbUser != null ? dbUser : env.getOrDefault("PGUSER", System.getProperty("user.name"));
      String password = env.getOrDefault("PGPASSWORD", "");
      // A URL may carry a password in its parameters: messages name the database without them.
      String where = jdbcUrl.contains("?") ? jdbcUrl.substring(0, jdbcUrl.indexOf('?')) : jdbcUrl;
      PostgresDatabase db;
      try {
        db = PostgresDatabase.connectReadOnly(jdbcUrl, user, password);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--jdbc-url: " + e.getMessage().replace(jdbcUrl, where));
      } catch (IllegalStateException e) {
        throw new CliException("cannot read the ledger in " + where + ": " + e.getMessage().replace(jdbcUrl, where), e);
      }
      try (PostgresDatabase open = db) {
        return report(PostgresCostLedger.builder(open).currency(currency).fxRates(money.fxRates()).zone(z).build(),
            io, start, end);
      } catch (IllegalStateException e) {
        throw new CliException("cannot read the ledger in " + where + ": " + e.getMessage().replace(jdbcUrl, where), e);
      } catch (CurrencyMismatchException e) {
        throw noRate(where, e);
      }
    }

    private int report(CostLedger l, Io io, Optional<Instant> start, Optional<Instant> end) {
      LedgerReport.Builder b = LedgerReport.builder(l);
      if (start.isPresent() || end.isPresent()) b.between(start.orElse(Instant.MIN), end.orElse(Instant.MAX));
      if (!tags.isEmpty()) b.tagKeys(tags.toArray(new String[0]));
      if (title != null) b.title(title);
      LedgerReport report = b.build();
      Cli.printText(io, report.render(ReportFormat.TEXT));
      files.write(report::render, io);
      return Cli.OK;
    }

    private static CliException noRate(String where, CurrencyMismatchException e) {
      return new CliException(where + ": " + e.getMessage() + "; give the rate with --fx " + e.pair() + "=RATE (units of "
          + e.to().getCurrencyCode() + " per " + e.from().getCurrencyCode() + "), or report in "
          + e.from().getCurrencyCode() + " with --currency", e);
    }

    private ZoneId zone() {
      try {
        return ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new ParameterException(spec.commandLine(), "unknown time zone '" + zone + "', such as UTC or Asia/Jakarta");
      }
    }

    private Instant when(String value, String option, ZoneId z) {
      try {
        return LocalDate.parse(value).atStartOfDay(z).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(value);
        } catch (DateTimeParseException e2) {
          throw new ParameterException(spec.commandLine(), option + " '" + value
              + "' is neither a day (2026-11-01) nor an instant (2026-11-01T08:00:00Z)");
        }
      }
    }

    /** The ledger opens its file for appending and locks it; a copy keeps the user's file as it is. */
    private static Path copy(Path ledger) {
      try {
        Path dir = Files.createTempDirectory("unigen-ledger-");
        return Files.copy(ledger, dir.resolve(ledger.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      } catch (IOException e) {
        throw new CliException("cannot read ledger file " + ledger + ": " + e.getMessage(), e);
      }
    }

    private static void deleteQuietly(Path copy) {
      try {
        Files.deleteIfExists(copy);
        Files.deleteIfExists(copy.getParent());
      } catch (IOException e) {
        // A temporary file left behind is harmless.
      }
    }
  }
}
