package dev.unigen.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory a paid command saves its results in, checked before anything is sent: a run that
 * paid for a video it then cannot save has wasted the money.
 */
final class OutputDir {
  private OutputDir() {}

  /**
   * Creates {@code dir} if it is missing and writes and deletes a file in it.
   *
   * @throws CliException naming the directory and why, if either fails
   */
  static void check(Path dir, String option) {
    Path probe = null;
    try {
      if (Files.exists(dir) && !Files.isDirectory(dir)) throw cannot(dir, option, dir + " is a file, not a directory");
      Files.createDirectories(dir);
      probe = Files.createTempFile(dir, ".unigen-", ".check");
    } catch (FileAlreadyExistsException e) {
      throw cannot(dir, option, e.getFile() + " is a file, not a directory");
    } catch (AccessDeniedException e) {
      throw cannot(dir, option, "permission denied: " + e.getFile());
    } catch (FileSystemException e) {
      throw cannot(dir, option, (e.getReason() != null ? e.getReason().toLowerCase(java.util.Locale.ROOT) : "cannot write")
          + ": " + e.getFile());
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

  private static CliException cannot(Path dir, String option, String why) {
    return new CliException(option + " " + dir + " cannot hold the results (" + why + "); nothing was sent to any provider");
  }
}
