package dev.unigen.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database (14 or later) that every instance of an application shares: a pool of
 * connections, and Unigen's schema brought up to date when it is opened. Pass it to
 * {@link PostgresBudget#builder(PostgresDatabase)}, {@link PostgresCostLedger#builder(PostgresDatabase)}
 * and {@link PostgresJobJournal#builder(PostgresDatabase)}.
 *
 * <p>The schema is a list of versioned SQL files shipped in this module, applied in order at
 * {@link #connect} or {@link #open}, each once, in one transaction under an advisory lock, so
 * instances starting together apply each file exactly once; the versions applied are kept in
 * the table {@code unigen_schema_version}. Threadsafe.
 *
 * <pre>{@code
 * PostgresDatabase db = PostgresDatabase.connect("jdbc:postgresql://db:5432/app", "app", password);
 * Budget budget = PostgresBudget.builder(db).perDay(Money.usd("5.00")).build();
 * }</pre>
 */
public final class PostgresDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);

  /** The schema files, oldest first; a file once released is never edited, only followed. */
  static final List<String> MIGRATIONS = List.of("V1__budget_and_ledger.sql", "V2__job_journal.sql");

  // Any fixed number: instances migrating at once serialize on it.
  private static final long MIGRATION_LOCK = 0x756e6967656eL;

  private final DataSource dataSource;
  private final HikariDataSource owned;

  private PostgresDatabase(DataSource dataSource, HikariDataSource owned) {
    this.dataSource = dataSource;
    this.owned = owned;
  }

  /**
   * Opens a pool of up to 10 connections to {@code jdbcUrl} (a {@code jdbc:postgresql:} URL) and
   * brings the schema up to date.
   *
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a PostgreSQL JDBC URL
   * @throws IllegalStateException if the database cannot be reached or the schema not applied
   */
  public static PostgresDatabase connect(String jdbcUrl, String user, String password) {
    return connect(jdbcUrl, user, password, 10);
  }

  /**
   * Opens a pool of up to {@code maxConnections} connections to {@code jdbcUrl} and brings the
   * schema up to date.
   *
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a PostgreSQL JDBC URL or
   *     {@code maxConnections} is under 1
   * @throws IllegalStateException if the database cannot be reached or the schema not applied
   */
  public static PostgresDatabase connect(String jdbcUrl, String user, String password, int maxConnections) {
    HikariDataSource pool = pool(jdbcUrl, user, password, maxConnections, false);
    try {
      PostgresDatabase db = new PostgresDatabase(pool, pool);
      db.migrate();
      return db;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Opens {@code jdbcUrl} for reading only, as reports do: two read-only connections, and the
   * schema left as it is. The cost ledger can then be read ({@link PostgresCostLedger}), never
   * written.
   *
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a PostgreSQL JDBC URL
   * @throws IllegalStateException if the database cannot be reached, holds no Unigen schema, or
   *     holds one newer than this Unigen knows
   */
  public static PostgresDatabase connectReadOnly(String jdbcUrl, String user, String password) {
    HikariDataSource pool = pool(jdbcUrl, user, password, 2, true);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      int newest;
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('unigen_schema_version') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) throw new IllegalStateException("the database holds no Unigen schema (no unigen_schema_version table)");
      }
      try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM unigen_schema_version")) {
        rs.next();
        newest = rs.getInt(1);
      }
      if (newest > MIGRATIONS.size()) {
        throw new IllegalStateException("the database has schema version " + newest
            + ", newer than this Unigen knows (" + MIGRATIONS.size() + "); upgrade Unigen");
      }
      return new PostgresDatabase(pool, pool);
    } catch (SQLException e) {
      pool.close();
      throw new IllegalStateException("cannot read the Unigen schema: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static HikariDataSource pool(String jdbcUrl, String user, String password, int maxConnections,
      boolean readOnly) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
    }
    if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxConnections);
    if (readOnly) {
      config.setReadOnly(true);
      // Enforced by the server, in every transaction, autocommit ones included.
      config.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    }
    config.setPoolName("unigen-postgres");
    // A bounded wait: a database that cannot be reached fails the call, it does not hang it.
    config.setConnectionTimeout(10_000);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot connect to PostgreSQL: " + e.getMessage(), e);
    }
  }

  /**
   * Uses {@code dataSource}, a pool the application already has, and brings the schema up to
   * date. {@link #close} then leaves the pool open.
   *
   * @throws IllegalStateException if the database cannot be reached or the schema not applied
   */
  public static PostgresDatabase open(DataSource dataSource) {
    PostgresDatabase db = new PostgresDatabase(Objects.requireNonNull(dataSource, "dataSource"), null);
    db.migrate();
    return db;
  }

  /** The connections Unigen uses. */
  DataSource dataSource() {
    return dataSource;
  }

  /** Applies every schema file not yet applied, in order. */
  private void migrate() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
        s.execute("CREATE TABLE IF NOT EXISTS unigen_schema_version (version integer PRIMARY KEY,"
            + " file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        Set<Integer> applied = new HashSet<>();
        try (ResultSet rs = s.executeQuery("SELECT version FROM unigen_schema_version")) {
          while (rs.next()) applied.add(rs.getInt(1));
        }
        for (String file : MIGRATIONS) {
          int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
          if (applied.contains(version)) continue;
          s.execute(read(file));
          try (PreparedStatement p = c.prepareStatement(
              "INSERT INTO unigen_schema_version (version, file) VALUES (?, ?)")) {
            p.setInt(1, version);
            p.setString(2, file);
            p.executeUpdate();
          }
          log.info("applied schema {}", file);
        }
        int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > MIGRATIONS.size()) {
          throw new IllegalStateException("the database has schema version " + newest
              + ", newer than this Unigen knows (" + MIGRATIONS.size() + "); upgrade Unigen");
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot apply the Unigen schema: " + e.getMessage(), e);
    }
  }

  private static String read(String file) {
    try (InputStream in = PostgresDatabase.class.getResourceAsStream("migrations/" + file)) {
      if (in == null) throw new IllegalStateException("schema file missing from the jar: " + file);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the pool this database opened; a pool passed to {@link #open} is left open. */
  @Override
  public void close() {
    if (owned != null) owned.close();
  }

  @Override
  public String toString() {
    // Not the URL: one may carry a password.
    return owned != null ? "PostgresDatabase(own pool)" : "PostgresDatabase(application pool)";
  }
}
