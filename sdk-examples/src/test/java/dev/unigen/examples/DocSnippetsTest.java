package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Compiles every Java snippet of the README and {@code docs/} against the modules a user adds, so
 * none drifts from the API. A snippet that is an excerpt of the project's own sources (the worked
 * provider of {@code writing-a-provider.md}, say: its lines, in order, in one source file) is
 * compiled with that file. A snippet with a class of its own is compiled as a file (its imports
 * kept); any other is the body of a method in a class whose fields are the values the prose around
 * a snippet takes as given — {@code gen}, a {@code log}, a {@code chain}, a generation {@code g},
 * the raw body and headers of a webhook — see {@link #TEMPLATE}; a snippet declaring one of its own
 * shadows the field. Nothing is run.
 */
class DocSnippetsTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  /** What a snippet that is not a whole class may use without declaring it. */
  private static final String IMPORTS = String.join("\n",
      "import dev.unigen.*;", "import dev.unigen.assets.*;", "import dev.unigen.budget.*;", "import dev.unigen.catalog.*;",
      "import dev.unigen.jobs.*;", "import dev.unigen.ledger.*;", "import dev.unigen.money.*;", "import dev.unigen.pricing.*;",
      "import dev.unigen.request.*;", "import dev.unigen.routing.*;", "import dev.unigen.planning.*;", "import dev.unigen.spi.*;",
      "import dev.unigen.provider.sandbox.*;", "import dev.unigen.provider.fal.*;", "import dev.unigen.provider.replicate.*;",
      "import dev.unigen.provider.together.*;", "import dev.unigen.provider.openai.*;", "import dev.unigen.provider.stability.*;",
      "import dev.unigen.provider.huggingface.*;", "import dev.unigen.provider.runware.*;", "import dev.unigen.provider.bfl.*;",
      "import dev.unigen.provider.wavespeed.*;", "import dev.unigen.provider.luma.*;", "import dev.unigen.provider.runway.*;",
      "import dev.unigen.provider.leonardo.*;", "import dev.unigen.provider.getimg.*;", "import dev.unigen.provider.google.*;",
      "import dev.unigen.provider.xai.*;", "import dev.unigen.reports.*;", "import dev.unigen.postgres.*;",
      "import dev.unigen.s3.*;", "import dev.unigen.micrometer.*;", "import dev.unigen.testkit.*;",
      "import java.util.concurrent.*;", "import java.util.concurrent.atomic.*;", "import java.net.InetSocketAddress;",
      "import com.sun.net.httpserver.HttpServer;", "import okhttp3.OkHttpClient;", "import com.squareup.moshi.Moshi;",
      "import static org.junit.jupiter.api.Assertions.*;",
      "import java.math.BigDecimal;", "import java.nio.file.*;", "import java.time.*;", "import java.util.*;",
      "import java.util.concurrent.CompletableFuture;", "import static dev.unigen.Chain.from;", "");

  private static final String TEMPLATE = IMPORTS
      + "@SuppressWarnings(\"unused\") class %s {\n"
      + "  Generator gen; org.slf4j.Logger log; Chain chain; Chain premium; ProviderContext context, ctx; ProviderCall call;\n"
      + "  Generation g; Catalog catalog; CostLedger ledger; LedgerEntry entry; Money estimate; Clock clock; FxRates rates;\n"
      + "  Subscription huggingFacePro; CostPlan costPlan; Appendable writer; io.micrometer.core.instrument.MeterRegistry registry;\n"
      + "  Map<String, List<String>> requestHeaders; byte[] rawBody;\n"
      + "  String password, accountId, accessKeyId, secretAccessKey, webhookKey, hostName;\n"
      + "  Money callTheProvider() { return estimate; }\n"
      + "  void run() throws Exception {\n%s\n  }\n}\n";

  @Test
  void everyJavaSnippetInTheReadmeAndDocsCompiles() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> sources = new ArrayList<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path f : all.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
          && !p.toString().contains("/target/")).collect(Collectors.toList())) {
        sources.add(normalized(Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
    List<JavaFileObject> units = new ArrayList<>();
    for (Path page : pages) {
      String text = Files.readString(page, StandardCharsets.UTF_8);
      Matcher m = BLOCK.matcher(text);
      int n = 0;
      while (m.find()) {
        n++;
        int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        String where = root.relativize(page) + ":" + line;
        String name = "Snippet_" + root.relativize(page).toString().replaceAll("[^A-Za-z0-9]", "_") + "_" + n;
        String excerpt = normalized(m.group(1));
        if (sources.stream().anyMatch(src -> src.contains(excerpt))) continue;
        units.add(unit(name, where, m.group(1)));
      }
    }
    assertTrue(units.size() > 40, "found only " + units.size() + " snippets to compile");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
    StringWriter out = new StringWriter();
    Path classes = Files.createTempDirectory("snippets");
    try (StandardJavaFileManager files = javac.getStandardFileManager(problems, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
          "-proc:none", "-Xlint:none", "-nowarn");
      javac.getTask(out, files, problems, options, null, units).call();
    }
    String errors = problems.getDiagnostics().stream()
        .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
        .map(d -> ((Snippet) d.getSource()).where + " (snippet line " + d.getLineNumber() + "): "
            + d.getMessage(Locale.ROOT).replace("\n", " "))
        .collect(Collectors.joining("\n"));
    assertTrue(errors.isEmpty(), "snippets that do not compile:\n" + errors);
  }

  /** The text's lines without their indentation, and without blank lines. */
  private static String normalized(String text) {
    return "\n" + text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n")) + "\n";
  }

  private static Snippet unit(String name, String where, String code) {
    boolean wholeClass = Pattern.compile("(?m)^(public |final |abstract )*(class|record|interface) ").matcher(code).find();
    List<String> imports = new ArrayList<>();
    StringBuilder rest = new StringBuilder();
    for (String line : code.split("\n")) {
      if (line.startsWith("import ") || line.startsWith("package ")) {
        if (line.startsWith("import ")) imports.add(line);
      } else {
        rest.append(line).append('\n');
      }
    }
    if (!wholeClass) return new Snippet(name, where, String.join("\n", imports) + "\n" + String.format(TEMPLATE, name, rest));
    // Its own public class keeps its name, so the file is named after it.
    Matcher cls = Pattern.compile("(?m)^public (final |abstract )*(class|record|interface) (\\w+)").matcher(rest);
    String file = cls.find() ? cls.group(3) : name;
    return new Snippet(name + "." + file, where, IMPORTS + String.join("\n", imports) + "\n" + rest);
  }

  /** One snippet as a source file, remembering where in the docs it is. */
  private static final class Snippet extends SimpleJavaFileObject {
    final String where;
    final String source;

    Snippet(String name, String where, String source) {
      super(URI.create("string:///" + name.replace('.', '/') + ".java"), Kind.SOURCE);
      this.where = where;
      this.source = source;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return source;
    }
  }
}
