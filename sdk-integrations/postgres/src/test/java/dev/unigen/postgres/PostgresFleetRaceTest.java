package dev.unigen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fleet budget race: four JVM processes on one PostgreSQL fire 1,000 paid calls in all at
 * a daily cap that allows exactly 137 at the price. Exactly 137 succeed, nothing is overspent,
 * the ledger has one row per success, and no reservation is left held.
 */
class PostgresFleetRaceTest {
  private static final int PROCESSES = 4;
  private static final int CALLS_EACH = 250;
  private static final BigDecimal PRICE = new BigDecimal("0.0370");
  private static final int ALLOWED = 137;

  @Test
  void fourProcessesOneCapExactlyNSucceed() throws Exception {
    String url = TestPostgres.get().newDatabase();
    // Created once here, so the processes start on a migrated schema (they would also migrate it safely).
    PostgresDatabase.connect(url, "postgres", "").close();
    // 137 x 0.0370 = 5.0690: the 138th call would take the day to 5.1060.
    BigDecimal cap = PRICE.multiply(BigDecimal.valueOf(ALLOWED));
    assertEquals(new BigDecimal("5.0690"), cap);

    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      processes.add(new ProcessBuilder(java, "-Xmx128m", "-cp", classpath,
          "-Dorg.slf4j.simpleLogger.logFile=System.err", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          FleetRaceWorker.class.getName(), url, "race", cap.toPlainString(), PRICE.toPlainString(),
          String.valueOf(CALLS_EACH), "16", "jvm-" + i).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    int succeeded = 0;
    int refused = 0;
    Pattern line = Pattern.compile("succeeded=(\\d+) refused=(\\d+) failed=(\\d+)");
    for (Process p : processes) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "a worker did not finish");
      assertEquals(0, p.exitValue(), out);
      Matcher m = line.matcher(out);
      assertTrue(m.find(), out);
      assertEquals("0", m.group(3), "calls failed for another reason than the cap: " + out);
      succeeded += Integer.parseInt(m.group(1));
      refused += Integer.parseInt(m.group(2));
    }
    assertEquals(ALLOWED, succeeded);
    assertEquals(PROCESSES * CALLS_EACH - ALLOWED, refused);

    try (PostgresDatabase db = PostgresDatabase.connect(url, "postgres", "");
        PostgresBudget budget = PostgresBudget.builder(db).name("race").perDay(Money.usd(cap)).build()) {
      // Overspend 0: spent is exactly the cap.
      assertEquals(Money.usd("5.0690"), budget.spentToday());
      assertEquals(Money.usd("0"), budget.reserved());
      PostgresCostLedger ledger = PostgresCostLedger.builder(db).build();
      assertEquals(ALLOWED, ledger.count());
      assertEquals(Money.usd("5.0690"), ledger.total());
    }
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT state, count(*) FROM unigen_budget_reservation GROUP BY state ORDER BY state")) {
      // Every success committed, nothing held; refusals leave no row.
      assertTrue(rs.next());
      assertEquals("COMMITTED", rs.getString(1));
      assertEquals(ALLOWED, rs.getInt(2));
      assertTrue(!rs.next(), "no reservation in another state");
    }
  }
}
