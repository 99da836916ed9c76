package dev.unigen.postgres;

import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobJournal} kept in PostgreSQL and shared by every instance of an application: any
 * instance resumes the jobs of one that died, one instance follows each job at a time, and a
 * webhook reaching any instance completes the job it names once.
 *
 * <p>Each instance holds a lease, renewed by its heartbeat every third of a lease; each unfinished
 * job is held by the instance that wrote it or took it over last. When an instance's lease runs out
 * (it died, or stopped renewing), the others see its unfinished jobs as free and take them over:
 * the generator using the journal resumes them ({@code jobs().resume()}: an accepted job is polled
 * again, a call whose answer was lost is looked up), never submitting anything again. A claim is
 * one {@code UPDATE} over {@code SELECT … FOR UPDATE SKIP LOCKED}, so two instances never take the
 * same job. A webhook that reaches an instance not holding its job wakes the instance that does,
 * through {@code NOTIFY}; that one polls the job at once. Delivery ids are stored under a unique key,
 * so a copy of a delivery reaching a second instance is a duplicate there.
 *
 * <p>Entries are stored in the journal's JSON format (version 2), the one
 * {@link JobJournal#directory} writes. The heartbeat and the listener hold one connection of the
 * database's pool for as long as the journal is open. Close the generator before the journal:
 * closing the journal gives up this instance's lease at once, so the others take its unfinished
 * jobs over without waiting for the lease to run out. Threadsafe.
 *
 * <pre>{@code
 * Generator gen = Generator.builder().journal(PostgresJobJournal.builder(db).build()) ... .build();
 * gen.jobs().resume();
 * }</pre>
 */
public final class PostgresJobJournal implements JobJournal {
  private static final Logger log = LoggerFactory.getLogger(PostgresJobJournal.class);
  /** The channel nudges and take-over calls travel on. */
  static final String CHANNEL = "unigen_job";
  /** How long a webhook delivery id is kept: far beyond every provider's signature window. */
  static final Duration DELIVERY_RETENTION = Duration.ofDays(1);
  private static final String UNFINISHED = "state IN ('SUBMITTING', 'ACCEPTED')";
  /** Whether job {@code j} is free for this instance: held by it, or by an instance whose lease ran out. */
  private static final String FREE = "(%1$s.holder = ? OR NOT EXISTS (SELECT 1 FROM unigen_job_instance i"
      + " WHERE i.journal = %1$s.journal AND i.instance = %1$s.holder AND i.lease_until >= now()))";
  /** Whether this instance's own lease is live: an instance that lost it takes nothing over. */
  private static final String LIVE = "EXISTS (SELECT 1 FROM unigen_job_instance WHERE journal = ? AND instance = ?"
      + " AND lease_until >= now())";
  private static final long HOUSEKEEPING_MILLIS = 60_000;

  private final PostgresDatabase db;
  private final String name;
  private final String instance;
  private final Duration lease;
  /** Where listener calls run, one after another, so they never hold up the heartbeat. */
  private final ExecutorService calls;
  /** Renews the lease and listens, on a connection of its own: a busy pool never delays a heartbeat. */
  private final Thread heart;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private PostgresJobJournal(Builder b) {
    this.db = b.db;
    this.name = b.name;
    this.instance = b.instance;
    this.lease = b.lease;
    // The lease first: from here on this instance holds what it writes.
    try (Connection c = db.dataSource().getConnection()) {
      renew(c);
    } catch (SQLException e) {
      throw failure("take the lease of instance " + instance, e);
    }
    this.calls = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "unigen-journal-" + name);
      t.setDaemon(true);
      return t;
    });
    this.heart = new Thread(this::live, "unigen-journal-heartbeat-" + name);
    heart.setDaemon(true);
    heart.start();
  }

  /** Returns a builder for the journal named {@code default}, with a random instance name and a 30-second lease. */
  public static Builder builder(PostgresDatabase db) {
    return new Builder(Objects.requireNonNull(db, "db"));
  }

  /** The name this instance holds jobs under. */
  public String instance() {
    return instance;
  }

  // ---------------------------------------------------------------- entries

  /**
   * Writes {@code entry}; an unfinished entry is then held by this instance, a finished one by none.
   *
   * @throws IllegalStateException if another live instance holds the job, the job already ended
   *     with another entry, or the database cannot be reached
   */
  @Override
  public void put(JournalEntry entry) {
    Objects.requireNonNull(entry, "entry");
    boolean unfinished = !entry.state().isDone();
    String json = entry.toJson();
    try (Connection c = db.dataSource().getConnection()) {
      int written;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO unigen_job AS j (job_id, journal, state, provider,"
          + " provider_job_id, entry, holder, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
          + " ON CONFLICT (job_id) DO UPDATE SET state = excluded.state, provider = excluded.provider,"
          + " provider_job_id = excluded.provider_job_id, entry = excluded.entry, holder = excluded.holder,"
          + " updated_at = excluded.updated_at"
          + " WHERE j.journal = excluded.journal AND j." + UNFINISHED + " AND " + String.format(FREE, "j"))) {
        s.setString(1, entry.jobId());
        s.setString(2, name);
        s.setString(3, entry.state().name());
        s.setString(4, entry.provider());
        s.setString(5, entry.ref().map(r -> r.id()).orElse(null));
        s.setString(6, json);
        s.setString(7, unfinished ? instance : null);
        s.setObject(8, OffsetDateTime.ofInstant(entry.created(), ZoneOffset.UTC));
        s.setObject(9, OffsetDateTime.ofInstant(entry.updated(), ZoneOffset.UTC));
        s.setString(10, instance);
        written = s.executeUpdate();
      }
      if (written == 1) return;
      // Nothing written: the same entry again is fine, anything else is refused.
      Optional<JournalEntry> stored = read(c, entry.jobId());
      if (stored.isPresent() && stored.get().equals(entry)) return;
      throw new IllegalStateException("journal " + name + ": job " + entry.jobId() + " cannot be written by instance "
          + instance + ": " + (stored.isEmpty() ? "it belongs to another journal"
              : stored.get().state().isDone() ? "it already ended " + stored.get().state()
              : "another live instance holds it"));
    } catch (SQLException e) {
      throw failure("write job " + entry.jobId(), e);
    }
  }

  /**
   * The entry of job {@code jobId}, whoever wrote it.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  @Override
  public Optional<JournalEntry> get(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    try (Connection c = db.dataSource().getConnection()) {
      return read(c, jobId);
    } catch (SQLException e) {
      throw failure("read job " + jobId, e);
    }
  }

  private Optional<JournalEntry> read(Connection c, String jobId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT entry::text FROM unigen_job WHERE job_id = ? AND journal = ?")) {
      s.setString(1, jobId);
      s.setString(2, name);
      return one(s);
    }
  }

  /**
   * Every entry of this journal, from every instance, oldest first: finished ones too, as history.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  @Override
  public List<JournalEntry> list() {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT entry::text FROM unigen_job WHERE journal = ? ORDER BY created_at, job_id")) {
      s.setString(1, name);
      return all(s);
    } catch (SQLException e) {
      throw failure("list jobs", e);
    }
  }

  /**
   * Removes job {@code jobId}'s entry, unless another live instance holds it.
   *
   * @throws IllegalStateException if another live instance holds the job, or the database cannot be reached
   */
  @Override
  public void remove(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    try (Connection c = db.dataSource().getConnection()) {
      int removed;
      try (PreparedStatement s = c.prepareStatement("DELETE FROM unigen_job j WHERE job_id = ? AND journal = ?"
          + " AND (NOT j." + UNFINISHED + " OR " + String.format(FREE, "j") + ")")) {
        s.setString(1, jobId);
        s.setString(2, name);
        s.setString(3, instance);
        removed = s.executeUpdate();
      }
      if (removed == 0 && read(c, jobId).isPresent()) {
        throw new IllegalStateException("journal " + name + ": job " + jobId + " is held by another live instance");
      }
    } catch (SQLException e) {
      throw failure("remove job " + jobId, e);
    }
  }

  // ---------------------------------------------------------------- claims

  /**
   * Takes, for this instance, the unfinished jobs of {@code providers} that it holds already or
   * whose instance's lease ran out, skipping any another instance is taking at the same moment;
   * oldest first. Nothing while this instance's own lease has run out.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  @Override
  public List<JournalEntry> claimUnfinished(Set<String> providers) {
    Objects.requireNonNull(providers, "providers");
    if (providers.isEmpty()) return List.of();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(claimSql("c.provider = ANY (?)"))) {
      Array names = c.createArrayOf("text", providers.toArray(new String[0]));
      s.setString(1, instance);
      s.setString(2, instance);
      s.setString(3, name);
      s.setArray(4, names);
      s.setString(5, instance);
      s.setString(6, name);
      s.setString(7, instance);
      List<JournalEntry> claimed = all(s);
      claimed.sort(Comparator.comparing(JournalEntry::created).thenComparing(JournalEntry::jobId));
      return claimed;
    } catch (SQLException e) {
      throw failure("claim unfinished jobs", e);
    }
  }

  /**
   * Takes unfinished job {@code jobId} for this instance if it holds it already or the lease of
   * the instance holding it ran out; empty if another live instance holds it (or is taking it at
   * this moment), if it ended, or if this instance's own lease ran out.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  @Override
  public Optional<JournalEntry> claim(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(claimSql("c.job_id = ?"))) {
      s.setString(1, instance);
      s.setString(2, instance);
      s.setString(3, name);
      s.setString(4, jobId);
      s.setString(5, instance);
      s.setString(6, name);
      s.setString(7, instance);
      return one(s);
    } catch (SQLException e) {
      throw failure("claim job " + jobId, e);
    }
  }

  /**
   * One statement that takes the free unfinished jobs {@code which} selects: the rows are locked
   * with SKIP LOCKED, so of two instances claiming at once each row goes to one of them.
   * Parameters: instance, instance, journal, {@code which}'s, instance (free), journal, instance (live).
   */
  private static String claimSql(String which) {
    return "UPDATE unigen_job AS j SET holder = ?, takeovers = j.takeovers + CASE WHEN j.holder = ? THEN 0 ELSE 1 END"
        + " WHERE j.job_id IN (SELECT c.job_id FROM unigen_job c WHERE c.journal = ? AND c." + UNFINISHED
        + " AND " + which + " AND " + String.format(FREE, "c") + " AND " + LIVE
        + " ORDER BY c.created_at, c.job_id FOR UPDATE OF c SKIP LOCKED)"
        + " RETURNING j.entry::text";
  }

  /**
   * The unfinished entry of the job {@code provider} knows as {@code providerJobId}, whoever holds it.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  @Override
  public Optional<JournalEntry> findUnfinished(String provider, String providerJobId) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerJobId, "providerJobId");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT entry::text FROM unigen_job WHERE journal = ? AND provider = ?"
            + " AND provider_job_id = ? AND " + UNFINISHED + " ORDER BY created_at LIMIT 1")) {
      s.setString(1, name);
      s.setString(2, provider);
      s.setString(3, providerJobId);
      return one(s);
    } catch (SQLException e) {
      throw failure("find job " + providerJobId + " of " + provider, e);
    }
  }

  /**
   * Wakes the live instance holding unfinished job {@code jobId} (another than this one) with a
   * {@code NOTIFY}, so that it polls the job at once; false if no live instance holds it.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  @Override
  public boolean nudge(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', 'N' || chr(9) || j.journal"
            + " || chr(9) || j.holder || chr(9) || j.job_id) FROM unigen_job j WHERE j.job_id = ? AND j.journal = ?"
            + " AND j." + UNFINISHED + " AND j.holder <> ? AND EXISTS (SELECT 1 FROM unigen_job_instance i"
            + " WHERE i.journal = j.journal AND i.instance = j.holder AND i.lease_until >= now())")) {
      s.setString(1, jobId);
      s.setString(2, name);
      s.setString(3, instance);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw failure("nudge the holder of job " + jobId, e);
    }
  }

  // ---------------------------------------------------------------- webhook deliveries

  /**
   * Records delivery {@code deliveryId} of {@code provider}; false if any instance recorded it in
   * the last day.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  @Override
  public boolean firstDelivery(String provider, String deliveryId) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(deliveryId, "deliveryId");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO unigen_webhook_delivery (journal, provider, delivery_id,"
            + " instance) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, name);
      s.setString(2, provider);
      s.setString(3, deliveryId);
      s.setString(4, instance);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure("record delivery " + deliveryId + " of " + provider, e);
    }
  }

  /**
   * Forgets delivery {@code deliveryId} of {@code provider}, so that a retry of it is handled.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  @Override
  public void forgetDelivery(String provider, String deliveryId) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(deliveryId, "deliveryId");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(
            "DELETE FROM unigen_webhook_delivery WHERE journal = ? AND provider = ? AND delivery_id = ?")) {
      s.setString(1, name);
      s.setString(2, provider);
      s.setString(3, deliveryId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure("forget delivery " + deliveryId + " of " + provider, e);
    }
  }

  // ---------------------------------------------------------------- the heartbeat and the listener

  /** Lets {@code listener} hear take-over calls and nudges, on this journal's own thread. */
  @Override
  public void listen(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops calling {@code listener}. */
  @Override
  public void unlisten(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Renews this instance's lease, creating its row if it has none (a first start, or after a long
   * stall), and warns if it had run out: other instances may then have taken its jobs over.
   */
  private void renew(Connection c) throws SQLException {
    // Without waiting for the WAL flush (for this transaction alone): a heartbeat lost in a
    // database crash only makes the instance look dead a little early, and a loaded disk never
    // holds a heartbeat back past the lease.
    try (PreparedStatement s = c.prepareStatement("WITH fast AS (SELECT set_config('synchronous_commit', 'off', true)),"
        + " old AS (SELECT lease_until FROM unigen_job_instance WHERE journal = ? AND instance = ?)"
        + " INSERT INTO unigen_job_instance (journal, instance, lease_until)"
        + " VALUES (?, ?, now() + ? * interval '1 millisecond') ON CONFLICT (journal, instance)"
        + " DO UPDATE SET lease_until = excluded.lease_until"
        + " RETURNING (SELECT lease_until < now() FROM old), (SELECT 1 FROM fast)")) {
      s.setString(1, name);
      s.setString(2, instance);
      s.setString(3, name);
      s.setString(4, instance);
      s.setLong(5, lease.toMillis());
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next() && rs.getBoolean(1)) {
          log.warn("journal {}: the lease of instance {} had run out before this heartbeat; another instance may"
              + " have taken some of its jobs over", name, instance);
        }
      }
    }
  }

  /**
   * The heartbeat's thread: on one connection of its own, renews the lease every third of it, asks
   * for a take-over when a dead instance left jobs, and in between waits for notifications.
   * Reconnects if the connection breaks.
   */
  private void live() {
    long every = Math.max(1, lease.toMillis() / 3);
    long backoff = 100;
    long lastHousekeeping = 0;
    while (!closed) {
      try (Connection c = db.dataSource().getConnection()) {
        PGConnection pg = listenOn(c);
        backoff = 100;
        long next = 0;
        while (!closed) {
          long now = System.currentTimeMillis();
          if (now >= next) {
            renew(c);
            next = now + every;
            if (!listeners.isEmpty() && orphans(c)) run(() -> listeners.forEach(Listener::takeOver));
            if (now - lastHousekeeping > HOUSEKEEPING_MILLIS) {
              lastHousekeeping = now;
              housekeeping(c);
            }
          }
          int wait = (int) Math.max(1, Math.min(250, next - System.currentTimeMillis()));
          if (pg == null) {
            Thread.sleep(wait);
            continue;
          }
          PGNotification[] notes = pg.getNotifications(wait);
          if (notes != null) {
            for (PGNotification n : notes) heard(n.getParameter());
          }
        }
        if (pg != null) {
          // Back to the pool without listening.
          try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        if (closed) return;
        log.warn("journal {}: the heartbeat of instance {} failed, retrying in {} ms: {}", name, instance, backoff,
            e.getMessage());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(backoff * 2, Math.max(100, lease.toMillis() / 3));
      }
    }
  }

  /**
   * LISTENs on {@code c} and returns it as the driver's connection, or null if the pool hands out
   * connections that do not unwrap to the PostgreSQL driver's: the heartbeat then runs without
   * nudges and take-over calls, and a job another instance hears of ends at its holder's next poll.
   */
  private PGConnection listenOn(Connection c) throws SQLException {
    PGConnection pg;
    try {
      pg = c.unwrap(PGConnection.class);
    } catch (SQLException e) {
      log.warn("journal {}: the pool's connections are not the PostgreSQL driver's ({}); instance {} runs without"
          + " nudges", name, e.getMessage(), instance);
      return null;
    }
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN " + CHANNEL);
    }
    return pg;
  }

  /** True if an unfinished job is held by an instance whose lease ran out. */
  boolean orphans() {
    try (Connection c = db.dataSource().getConnection()) {
      return orphans(c);
    } catch (SQLException e) {
      throw failure("look for jobs of dead instances", e);
    }
  }

  private boolean orphans(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM unigen_job j WHERE j.journal = ? AND j."
        + UNFINISHED + " AND j.holder <> ? AND NOT EXISTS (SELECT 1 FROM unigen_job_instance i"
        + " WHERE i.journal = j.journal AND i.instance = j.holder AND i.lease_until >= now()))")) {
      s.setString(1, name);
      s.setString(2, instance);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Drops delivery ids past their retention and instances whose lease ran out a day ago. */
  private void housekeeping(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM unigen_webhook_delivery WHERE received_at < now() - interval '"
          + DELIVERY_RETENTION.toSeconds() + " seconds'");
      // An instance with no row holds nothing, so dropping one long dead changes no claim.
      s.executeUpdate("DELETE FROM unigen_job_instance WHERE lease_until < now() - interval '1 day'");
    }
  }

  /** Acts on a notification: a nudge for a job this instance holds, or a take-over call. */
  private void heard(String payload) {
    String[] parts = payload.split("\t", -1);
    if (parts.length < 2 || !parts[1].equals(name)) return;
    if (parts[0].equals("N") && parts.length == 4 && parts[2].equals(instance)) {
      String jobId = parts[3];
      run(() -> {
        for (Listener l : listeners) l.nudged(jobId);
      });
    } else if (parts[0].equals("T") && !(parts.length > 2 && parts[2].equals(instance))) {
      run(() -> {
        for (Listener l : listeners) l.takeOver();
      });
    }
  }

  /** Runs listener calls on their own thread, in order. */
  private void run(Runnable r) {
    try {
      calls.execute(() -> {
        if (closed) return;
        try {
          r.run();
        } catch (RuntimeException e) {
          log.warn("journal {}: a listener failed: {}", name, e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      // Closing.
    }
  }

  /**
   * Stops the heartbeat and gives up this instance's lease, then tells the other instances, which
   * take its unfinished jobs over at once. Close the generator first. The database stays open.
   */
  @Override
  public void close() {
    if (closed) return;
    stop();
    try (Connection c = db.dataSource().getConnection()) {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM unigen_job_instance WHERE journal = ? AND instance = ?")) {
        s.setString(1, name);
        s.setString(2, instance);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', 'T' || chr(9) || ? || chr(9) || ?)")) {
        s.setString(1, name);
        s.setString(2, instance);
        s.executeQuery().close();
      }
    } catch (SQLException e) {
      log.warn("journal {}: instance {} could not give up its lease; its jobs are taken over when it runs out: {}",
          name, instance, e.getMessage());
    }
  }

  /** Stops the heartbeat and the listener without giving anything up, as a process killed would. */
  void stop() {
    closed = true;
    calls.shutdownNow();
    heart.interrupt();
    try {
      heart.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "PostgresJobJournal(" + name + ", instance " + instance + ")";
  }

  private static Optional<JournalEntry> one(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(JournalEntry.fromJson(rs.getString(1))) : Optional.empty();
    }
  }

  private static List<JournalEntry> all(PreparedStatement s) throws SQLException {
    List<JournalEntry> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) out.add(JournalEntry.fromJson(rs.getString(1)));
    }
    return out;
  }

  private IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("job journal " + name + ": cannot " + what + " in PostgreSQL: " + e.getMessage(), e);
  }

  /** Configures a {@link PostgresJobJournal}. Not threadsafe. */
  public static final class Builder {
    private final PostgresDatabase db;
    private String name = "default";
    private String instance = UUID.randomUUID().toString();
    private Duration lease = Duration.ofSeconds(30);

    private Builder(PostgresDatabase db) {
      this.db = db;
    }

    /**
     * Names the journal; the instances of one application share one name, and applications sharing
     * a database use different ones. Default {@code default}.
     *
     * @throws IllegalArgumentException if {@code name} is blank or holds a tab or line break
     */
    public Builder name(String name) {
      this.name = requireText(name, "name");
      return this;
    }

    /**
     * Names this instance (a host name, say); default a random id. Two live instances must not
     * share a name; an instance restarted under its old name takes its unfinished jobs back at once.
     *
     * @throws IllegalArgumentException if {@code instance} is blank or holds a tab or line break
     */
    public Builder instance(String instance) {
      this.instance = requireText(instance, "instance");
      return this;
    }

    /**
     * Sets how long this instance's hold on its jobs outlives its last heartbeat (one every third
     * of it): the longest a dead instance's jobs wait before another takes them over, and longer
     * than any pause of a live instance must be. Default 30 seconds.
     *
     * @throws IllegalArgumentException if {@code lease} is under one second
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease");
      if (lease.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("lease must be at least 1 s: " + lease);
      this.lease = lease;
      return this;
    }

    /**
     * Returns the journal, holding its lease and listening; its tables were created when the
     * database was opened.
     *
     * @throws IllegalStateException if the database cannot be reached
     */
    public PostgresJobJournal build() {
      return new PostgresJobJournal(this);
    }

    private static String requireText(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) throw new IllegalArgumentException(what + " is blank");
      if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(what + " holds a tab or line break: " + value);
      }
      return value;
    }
  }
}
