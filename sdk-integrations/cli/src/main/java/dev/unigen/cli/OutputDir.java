package dev.unigen.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The directory a paid command saves its results in, checked before anything is sent: a run that
 * paid for a video it then cannot save has wasted the money.
 */
final class OutputDir {
  private OutputDir() {}

  /**
   * Checks that results can be saved in {@code dir}: an existing directory by writing and deleting
   * a file in it; a missing one by its nearest existing parent, which must be a directory it may
   * create entries in. Nothing is created, so a run that fails leaves no empty directory behind.
   *
   * @throws CliException naming the directory and why, if it cannot hold the results
   */
  static void check(Path dir, String option) {
    Path existing = dir.toAbsolutePath().normalize();
    while (!Files.exists(existing)) {
      existing = existing.getParent();
      if (existing == null) throw cannot(dir, option, "no such file system");
    }
    if (!Files.isDirectory(existing)) throw cannot(dir, option, shown(dir, existing) + " is a file, not a directory");
    if (!existing.equals(dir.toAbsolutePath().normalize())) {
      if (!Files.isWritable(existing)) throw cannot(dir, option, "permission denied: " + shown(dir, existing));
      return;
    }
    Path probe = null;
    try {
      probe = Files.createTempFile(existing, ".unigen-", ".check");
    } catch (AccessDeniedException e) {
      throw cannot(dir, option, "permission denied: " + dir);
    } catch (FileSystemException e) {
      throw cannot(dir, option, (e.getReason() != null ? e.getReason().toLowerCase(Locale.ROOT) : "cannot write") + ": " + dir);
    } catch (IOException e) {
      throw cannot(dir, option, e.toString());
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          // A probe that cannot be deleted is harmless; the directory was writable, which is what was asked.
        }
      }
    }
  }

  /** {@code found} as the user wrote it when it is {@code dir} or one of its parents as given. */
  private static String shown(Path dir, Path found) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (p.toAbsolutePath().normalize().equals(found)) return p.toString();
    }
    return found.toString();
  }

  private static CliException cannot(Path dir, String option, String why) {
    return new CliException(option + " " + dir + " cannot hold the results (" + why + "); nothing was sent to any provider");
  }
}
