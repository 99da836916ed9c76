package dev.unigen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code unigen} command and its exit statuses. {@link #execute(String[])} is what
 * {@link Unigen#main} runs; tests run {@link #execute(String[], PrintWriter, PrintWriter, Map)}
 * with their own writers and environment.
 */
@Command(
    name = "unigen",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    sortOptions = false,
    description = {
        "Cost plans, quotes, chains, catalogs, ledger reports and generation with Unigen, from the shell.",
        "Prices come from the catalogs of the provider modules in this jar, plus any file given with --catalog."},
    subcommands = {
        PlanCommand.class,
        QuoteCommand.class,
        ChainCommand.class,
        CatalogCommand.class,
        LedgerCommand.class,
        GenerateCommand.class,
        CommandLine.HelpCommand.class})
public final class Cli implements Callable<Integer> {
  /** Done. */
  static final int OK = 0;
  /** Failed: a bad file, nothing could serve the request, a generation failed. */
  static final int FAILED = 1;
  /** Usage error: an unknown command or option, or a malformed value. */
  static final int USAGE = 2;

  private final Io io;

  @Spec
  private CommandSpec spec;

  Cli(Io io) {
    this.io = io;
  }

  /** Runs the command on the process's standard streams and environment; returns the exit status. */
  public static int execute(String[] args) {
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, cs), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
    try {
      return execute(args, out, err, null);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * Runs the command with {@code args}, writing to {@code out} and {@code err}; providers read
   * their keys from {@code env} (the process's environment when {@code null}). Returns the exit
   * status: {@link #OK}, {@link #FAILED} or {@link #USAGE}.
   */
  static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return execute(args, new Io(out, err, env));
  }

  /** Runs the command with {@code args} on {@code io}; returns the exit status. */
  static int execute(String[] args, Io io) {
    CommandLine cl = commandLine(io);
    int status = cl.execute(args);
    io.out().flush();
    io.err().flush();
    return status;
  }

  /** The command tree, with the error handling and the exit-status section of every help page. */
  static CommandLine commandLine(Io io) {
    CommandLine cl = new CommandLine(new Cli(io));
    cl.setOut(io.out());
    cl.setErr(io.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpAutoWidth(false);
    cl.setUsageHelpWidth(100);
    cl.setParameterExceptionHandler(Cli::usageError);
    cl.setExecutionExceptionHandler((e, line, parsed) -> failure(e, line, io));
    exitCodes(cl);
    Examples.apply(cl);
    return cl;
  }

  private static void exitCodes(CommandLine cl) {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(" 0", "done");
    codes.put(" 1", "failed: a file that cannot be read or does not fit its format, nothing that can serve"
        + " the request, a generation that failed");
    codes.put(" 2", "usage error: an unknown command or option, or a malformed value");
    if (cl.getCommandSpec().userObject() instanceof AuditCommand) {
      codes.put(" 1", "failed: an error found (with --strict, a warning too), a file that cannot be read or does not fit"
          + " its format");
    }
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
    for (CommandLine sub : cl.getSubcommands().values()) exitCodes(sub);
  }

  @Override
  public Integer call() {
    io.err().println("unigen: name a command: plan, quote, chain, catalog, ledger or generate");
    spec.commandLine().usage(io.err());
    return USAGE;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return USAGE;
  }

  private static int failure(Exception e, CommandLine line, Io io) {
    PrintWriter err = io.err();
    String who = line.getCommandSpec().qualifiedName();
    if (e instanceof ParameterException) return usageError((ParameterException) e, new String[0]);
    String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof CliException || e instanceof IllegalArgumentException || e instanceof UncheckedIOException
        || e instanceof IllegalStateException || e instanceof dev.unigen.GenerationException) {
      err.println(who + ": " + message);
    } else {
      err.println(who + ": unexpected " + e.getClass().getName() + ": " + message);
      String debug = io.env() != null ? io.env().get("UNIGEN_DEBUG") : System.getenv("UNIGEN_DEBUG");
      if (debug != null && !debug.isBlank()) e.printStackTrace(err);
      else err.println("(set UNIGEN_DEBUG=1 for the stack trace)");
    }
    err.flush();
    return FAILED;
  }

  /** Prints a text report on standard output, ending with a line break. */
  static void printText(Io io, String text) {
    io.out().print(text);
    if (!text.endsWith("\n")) io.out().println();
    io.out().flush();
  }

  /** The I/O and environment of the run that {@code spec}'s command belongs to. */
  static Io io(CommandSpec spec) {
    return ((Cli) spec.root().userObject()).io;
  }

  /** {@code --version}: this build's version and the Java it runs on. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"unigen " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    static String version() {
      Properties p = new Properties();
      try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
        if (in == null) return "unknown";
        p.load(in);
      } catch (IOException e) {
        return "unknown";
      }
      return p.getProperty("version", "unknown");
    }
  }
}
