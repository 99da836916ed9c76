package dev.unigen.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A build step, not part of the command: copies every jar of its own class path into the directory
 * given as the first argument and lists them in {@code index.txt}, in class-path order; the second
 * argument is the module's own classes directory, the one class-path entry that is not a jar. The build
 * runs it at {@code prepare-package} with the module's runtime class path, so the runnable jar
 * carries the jars {@link Unigen} runs on in {@code lib/}.
 */
final class LibBundler {
  private LibBundler() {}

  /** Copies the class path's jars into {@code args[0]}; {@code args[1]} is the classes directory to skip. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) throw new IllegalArgumentException("usage: LibBundler <target directory> <classes directory>");
    Path target = Path.of(args[0]);
    Path classes = Path.of(args[1]).toAbsolutePath().normalize();
    Files.createDirectories(target);
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isBlank()) continue;
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        if (p.toAbsolutePath().normalize().equals(classes)) continue; // the module's own classes: they are the jar itself
        throw new IllegalStateException("class-path entry " + entry + " is a directory, not a jar: build the modules it"
            + " comes from to the package phase first");
      }
      if (!entry.endsWith(".jar")) throw new IllegalStateException("unexpected class-path entry " + entry);
      String name = p.getFileName().toString();
      if (!seen.add(name)) throw new IllegalStateException("two jars named " + name + " on the class path");
      Files.copy(p, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      names.add(name);
    }
    for (String artifact : List.of("unigen-core", "unigen-planner")) {
      if (names.stream().noneMatch(n -> n.startsWith(artifact + "-"))) {
        throw new IllegalStateException(artifact + " is not on the class path: " + System.getProperty("java.class.path"));
      }
    }
    Files.writeString(target.resolve("index.txt"), String.join("\n", names) + "\n", StandardCharsets.UTF_8);
    // Nothing printed on success: a quiet build shows only errors.
  }
}
