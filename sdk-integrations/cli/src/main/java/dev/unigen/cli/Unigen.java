package dev.unigen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The {@code unigen} command's main class: {@code java -jar unigen-cli.jar plan tiers.json}.
 *
 * <p>The runnable jar holds the command's own classes and, in {@code lib/}, the unchanged jars it
 * runs on: Unigen's core and planner, every provider module, picocli and their dependencies. They
 * are kept whole because each provider module ships its prices at the same path
 * ({@code META-INF/unigen/catalog.json}) and finds its own next to its classes; a flattened
 * ("shaded") jar would keep only one of them. On the first run from a jar, this class copies
 * {@code lib/} into a directory named after the jars' checksums in the user's cache directory
 * ({@link #cacheRoot}) and runs the command in a class loader over those jars; later runs reuse
 * the copy, and copies of other builds that no run has used for a day are removed. Run from a plain
 * class path (tests, an IDE), it runs the command directly.
 *
 * <p>This class uses the JDK only, since it runs before the jars are on any class path.
 */
public final class Unigen {
  /** The list of bundled jars inside the runnable jar, one file name per line, in class-path order. */
  static final String LIB_INDEX = "lib/index.txt";
  private static final String COMMAND = "dev.unigen.cli.Cli";
  // A class that is only loadable when Unigen's jars are on the class path.
  private static final String PROBE = "dev/unigen/catalog/Catalog.class";
  /** Each copy's name: this prefix and 16 hex digits of the jars' checksums. */
  static final String COPY_PREFIX = "unigen-cli-";
  private static final java.util.regex.Pattern COPY = java.util.regex.Pattern.compile("unigen-cli-[0-9a-f]{16}");
  /** A file in each copy whose modification time is when a run last started from it. */
  static final String LAST_USED = ".last-used";
  /** Copies of other builds that no run started from for this long are removed. */
  static final Duration STALE_AFTER = Duration.ofDays(1);

  private Unigen() {}

  /** Runs the command and exits with its status: 0 done, 1 failed, 2 usage error. */
  public static void main(String[] args) {
    // A command line never opens a window; the sandbox draws pictures off screen.
    System.setProperty("java.awt.headless", "true");
    int status;
    try {
      status = run(args);
    } catch (RuntimeException e) {
      System.err.println("unigen: cannot start: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  private static int run(String[] args) {
    ClassLoader own = Unigen.class.getClassLoader();
    if (own.getResource(PROBE) != null) return invoke(own, args);
    ClassLoader bundled = bundledLoader();
    Thread.currentThread().setContextClassLoader(bundled);
    return invoke(bundled, args);
  }

  private static int invoke(ClassLoader loader, String[] args) {
    try {
      Method main = Class.forName(COMMAND, true, loader).getMethod("execute", String[].class);
      return (Integer) main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      if (cause instanceof Error) throw (Error) cause;
      throw new IllegalStateException(cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the jar is incomplete: " + e, e);
    }
  }

  /** A class loader over this jar and its {@code lib/} jars, unpacked into the cache once. */
  private static ClassLoader bundledLoader() {
    Path jar = ownJar();
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry index = file.getJarEntry(LIB_INDEX);
      if (index == null) throw new IllegalStateException(jar + " has no " + LIB_INDEX + "; build it with mvn package");
      List<String> names = new ArrayList<>();
      try (InputStream in = file.getInputStream(index)) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) names.add(line.strip());
        }
      }
      Path root = usable(cacheRoot(System::getenv, System.getProperty("os.name", ""), System.getProperty("user.home", ""),
          System.getProperty("java.io.tmpdir")));
      String copy = COPY_PREFIX + fingerprint(file, names);
      Path dir = root.resolve(copy);
      List<URL> urls = new ArrayList<>();
      urls.add(jar.toUri().toURL());
      for (String name : names) urls.add(unpack(file, name, dir).toUri().toURL());
      Instant now = Instant.now();
      markUsed(dir, now);
      removeStale(root, copy, now);
      return new URLClassLoader("unigen", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the jars of " + jar + ": " + e.getMessage(), e);
    }
  }

  private static Path ownJar() {
    try {
      Path p = Path.of(Unigen.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(p)) throw new IllegalStateException("not run from a jar, and Unigen's jars are not on the class path");
      return p;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the unigen jar", e);
    }
  }

  /**
   * Where the copies of the bundled jars go: {@code $UNIGEN_CLI_CACHE} when set; else the user's
   * cache directory: {@code unigen} in {@code %LOCALAPPDATA%} on Windows, {@code $XDG_CACHE_HOME/unigen} where
   * that is set to an absolute path, else {@code ~/Library/Caches/unigen} on macOS and
   * {@code ~/.cache/unigen} on other systems; the temporary directory only when there is no home.
   */
  static Path cacheRoot(Function<String, String> env, String osName, String userHome, String tmpdir) {
    String configured = env.apply("UNIGEN_CLI_CACHE");
    if (configured != null && !configured.isBlank()) return Path.of(configured);
    String os = osName.toLowerCase(Locale.ROOT);
    boolean home = userHome != null && !userHome.isBlank() && !userHome.equals("?");
    if (os.startsWith("windows")) {
      String local = env.apply("LOCALAPPDATA");
      if (local != null && !local.isBlank()) return Path.of(local, "unigen");
      return home ? Path.of(userHome, "AppData", "Local", "unigen") : Path.of(tmpdir);
    }
    String xdg = env.apply("XDG_CACHE_HOME");
    // The XDG spec says a relative path is to be ignored.
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "unigen");
    if (!home) return Path.of(tmpdir);
    if (os.startsWith("mac") || os.startsWith("darwin")) return Path.of(userHome, "Library", "Caches", "unigen");
    return Path.of(userHome, ".cache", "unigen");
  }

  /** {@code root}, created if missing; the temporary directory when it cannot be (a read-only home). */
  private static Path usable(Path root) {
    try {
      Files.createDirectories(root);
      if (Files.isWritable(root)) return root;
    } catch (IOException e) {
      // Fall through: a command that cannot cache its jars in the home directory still runs.
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Records that a run started from the copy {@code dir} at {@code now}. */
  static void markUsed(Path dir, Instant now) {
    Path marker = dir.resolve(LAST_USED);
    try {
      if (!Files.exists(marker)) Files.createFile(marker);
      Files.setLastModifiedTime(marker, FileTime.from(now));
    } catch (IOException e) {
      // Without the mark the copy looks older than it is; at worst a later run copies the jars again.
    }
  }

  /**
   * Removes from {@code root} the copies other than {@code keep} that no run started from in the
   * last {@link #STALE_AFTER} (by their {@value #LAST_USED} file, else the directory's own time):
   * those of earlier builds. Only directories named like a copy are touched, never through a
   * symbolic link; a copy that cannot be removed (in use on Windows) is left for a later run.
   *
   * @return the copies removed
   */
  static List<Path> removeStale(Path root, String keep, Instant now) {
    List<Path> removed = new ArrayList<>();
    List<Path> copies = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, COPY_PREFIX + "*")) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (!name.equals(keep) && COPY.matcher(name).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          copies.add(p);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return removed;
    }
    for (Path copy : copies) {
      try {
        Path marker = copy.resolve(LAST_USED);
        Instant used = Files.getLastModifiedTime(Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) ? marker : copy,
            LinkOption.NOFOLLOW_LINKS).toInstant();
        if (Duration.between(used, now).compareTo(STALE_AFTER) <= 0) continue;
        deleteTree(copy);
        removed.add(copy);
      } catch (IOException | UncheckedIOException e) {
        // In use, or not ours to delete: left as it is.
      }
    }
    return removed;
  }

  /** Deletes {@code dir} and what it holds, deepest first; symbolic links are deleted, never followed. */
  private static void deleteTree(Path dir) throws IOException {
    List<Path> all;
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(java.util.Comparator.reverseOrder()).collect(java.util.stream.Collectors.toList());
    }
    for (Path p : all) Files.deleteIfExists(p);
  }

  /** A short hash of the bundled jars' names, sizes and CRCs: a new build gets a new directory. */
  private static String fingerprint(JarFile file, List<String> names) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String name : names) {
        JarEntry e = file.getJarEntry("lib/" + name);
        if (e == null) throw new IOException("lib/" + name + " is listed in " + LIB_INDEX + " but missing");
        sha.update((name + ":" + e.getSize() + ":" + e.getCrc() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  /** Copies {@code lib/name} to {@code dir/name} unless a copy of the same size is there; atomic, so runs can race. */
  private static Path unpack(JarFile file, String name, Path dir) throws IOException {
    if (name.contains("/") || name.contains("\\") || name.startsWith(".")) throw new IOException("bad jar name in index: " + name);
    JarEntry entry = file.getJarEntry("lib/" + name);
    Path target = dir.resolve(name);
    if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) return target;
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, name, ".part");
    try {
      try (InputStream in = file.getInputStream(entry)) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
    return target;
  }
}
