package dev.unigen.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON file per job. A write goes to a temporary file that is forced to disk and then renamed
 * over the job's file in one atomic step, and the directory is forced too, so after a crash the
 * file holds the previous entry or the new one. Entries are also kept in memory.
 */
final class FileJobJournal implements JobJournal {
  private static final Logger log = LoggerFactory.getLogger(FileJobJournal.class);
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  private final Path directory;
  private final Map<String, JournalEntry> entries = new ConcurrentHashMap<>();

  FileJobJournal(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
        for (Path file : files) load(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the job journal in " + directory, e);
    }
  }

  private void load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      JournalEntry e = JournalJson.read(text);
      entries.put(e.jobId(), e);
    } catch (RuntimeException e) {
      // Renames are atomic, so this is damage from outside; the job cannot be resumed from it.
      log.warn("skipping unreadable journal file {}: {}", file.getFileName(), e.getMessage());
    }
  }

  @Override
  public void put(JournalEntry entry) {
    if (!SAFE_ID.matcher(entry.jobId()).matches()) throw new IllegalArgumentException("unsafe job id " + entry.jobId());
    Path target = directory.resolve(entry.jobId() + ".json");
    Path tmp = directory.resolve("." + entry.jobId() + "." + UUID.randomUUID() + ".tmp");
    byte[] bytes = JournalJson.write(entry).getBytes(StandardCharsets.UTF_8);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory();
      entries.put(entry.jobId(), entry);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the write already failed; report that
      }
      throw new UncheckedIOException("cannot write journal entry " + entry.jobId(), e);
    }
  }

  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename is still atomic there.
    }
  }

  @Override
  public Optional<JournalEntry> get(String jobId) {
    return Optional.ofNullable(entries.get(jobId));
  }

  @Override
  public List<JournalEntry> list() {
    List<JournalEntry> all = new ArrayList<>(entries.values());
    all.sort(Comparator.comparing(JournalEntry::created).thenComparing(JournalEntry::jobId));
    return all;
  }

  @Override
  public void remove(String jobId) {
    if (entries.remove(jobId) != null) {
      try {
        Files.deleteIfExists(directory.resolve(jobId + ".json"));
        forceDirectory();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove journal entry " + jobId, e);
      }
    }
  }

  @Override
  public String toString() {
    return "JobJournal(" + directory + ", " + entries.size() + " jobs)";
  }
}
