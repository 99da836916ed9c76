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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 * {@code lib/} into a cache directory named after the jars' checksums (under
 * {@code $UNIGEN_CLI_CACHE}, else {@code java.io.tmpdir}) and runs the command in a class loader
 * over those jars; later runs reuse the copy. Run from a plain class path (tests, an IDE), it runs
 * the command directly.
 *
 * <p>This class uses the JDK only, since it runs before the jars are on any class path.
 */
public final class Unigen {
  /** The list of bundled jars inside the runnable jar, one file name per line, in class-path order. */
  static final String LIB_INDEX = "lib/index.txt";
  private static final String COMMAND = "dev.unigen.cli.Cli";
  // A class that is only loadable when Unigen's jars are on the class path.
  private static final String PROBE = "dev/unigen/catalog/Catalog.class";

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
      Path dir = cacheRoot().resolve("unigen-cli-" + fingerprint(file, names));
      List<URL> urls = new ArrayList<>();
      urls.add(jar.toUri().toURL());
      for (String name : names) urls.add(unpack(file, name, dir).toUri().toURL());
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

  private static Path cacheRoot() {
    String configured = System.getenv("UNIGEN_CLI_CACHE");
    return Path.of(configured != null && !configured.isBlank() ? configured : System.getProperty("java.io.tmpdir"));
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
