package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the runnable jar copies its jars, and the removal of earlier builds' copies. */
class UnigenTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String HOME = "/home/ana";
  private static final String TMP = "/tmp";

  @TempDir
  Path root;

  private static Function<String, String> env(String... pairs) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
    return m::get;
  }

  @Test
  void theCacheIsTheUsersNotTheTemporaryDirectory() {
    assertEquals(Path.of(HOME, ".cache", "unigen"), Unigen.cacheRoot(env(), "Linux", HOME, TMP));
    assertEquals(Path.of("/var/cache/ana", "unigen"),
        Unigen.cacheRoot(env("XDG_CACHE_HOME", "/var/cache/ana"), "Linux", HOME, TMP));
    // A relative XDG_CACHE_HOME is ignored, as the XDG base directory spec says.
    assertEquals(Path.of(HOME, ".cache", "unigen"), Unigen.cacheRoot(env("XDG_CACHE_HOME", "cache"), "Linux", HOME, TMP));
    assertEquals(Path.of(HOME, "Library", "Caches", "unigen"), Unigen.cacheRoot(env(), "Mac OS X", HOME, TMP));
    assertEquals(Path.of("C:\\Users\\ana\\AppData\\Local", "unigen"),
        Unigen.cacheRoot(env("LOCALAPPDATA", "C:\\Users\\ana\\AppData\\Local"), "Windows 11", "C:\\Users\\ana", TMP));
    assertEquals(Path.of("C:\\Users\\ana", "AppData", "Local", "unigen"),
        Unigen.cacheRoot(env(), "Windows 11", "C:\\Users\\ana", TMP));
  }

  @Test
  void unigenCliCacheWinsAndNoHomeFallsBackToTheTemporaryDirectory() {
    assertEquals(Path.of("/opt/unigen-cache"), Unigen.cacheRoot(env("UNIGEN_CLI_CACHE", "/opt/unigen-cache",
        "XDG_CACHE_HOME", "/var/cache/ana"), "Linux", HOME, TMP));
    assertEquals(Path.of("D:\\cache"), Unigen.cacheRoot(env("UNIGEN_CLI_CACHE", "D:\\cache", "LOCALAPPDATA", "C:\\x"),
        "Windows 10", "C:\\Users\\ana", TMP));
    assertEquals(Path.of(TMP), Unigen.cacheRoot(env(), "Linux", "?", TMP));
    assertEquals(Path.of(TMP), Unigen.cacheRoot(env(), "Linux", "", TMP));
  }

  private Path copy(String name, Instant lastUsed) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.write(dir.resolve("unigen-core-0.1.0.jar"), new byte[1024]);
    if (lastUsed != null) Unigen.markUsed(dir, lastUsed);
    return dir;
  }

  @Test
  void copiesOfOtherBuildsUnusedForADayAreRemoved() throws Exception {
    Path current = copy("unigen-cli-00000000000000aa", NOW.minus(Duration.ofDays(30)));
    Path old = copy("unigen-cli-00000000000000bb", NOW.minus(Duration.ofDays(2)));
    Path recent = copy("unigen-cli-00000000000000cc", NOW.minus(Duration.ofHours(23)));
    // A copy made before runs marked their use: its directory's own time counts.
    Path unmarked = copy("unigen-cli-00000000000000dd", null);
    Files.setLastModifiedTime(unmarked, FileTime.from(NOW.minus(Duration.ofDays(3))));
    Path notACopy = copy("unigen-cli-notes", NOW.minus(Duration.ofDays(9)));
    Path other = copy("someone-elses", NOW.minus(Duration.ofDays(9)));

    List<Path> removed = Unigen.removeStale(root, current.getFileName().toString(), NOW);

    assertEquals(List.of(old, unmarked), removed.stream().sorted().collect(java.util.stream.Collectors.toList()));
    assertFalse(Files.exists(old));
    assertFalse(Files.exists(unmarked));
    assertTrue(Files.exists(current.resolve("unigen-core-0.1.0.jar")), "the copy in use is kept, however old its mark");
    assertTrue(Files.exists(recent.resolve("unigen-core-0.1.0.jar")), "a copy used within the day is kept");
    assertTrue(Files.exists(notACopy.resolve("unigen-core-0.1.0.jar")), "only names of copies are touched");
    assertTrue(Files.exists(other.resolve("unigen-core-0.1.0.jar")));
  }

  @Test
  void aLinkNamedLikeACopyIsNeitherFollowedNorRemoved() throws Exception {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("keep.txt"), "mine");
    Files.setLastModifiedTime(outside, FileTime.from(NOW.minus(Duration.ofDays(5))));
    Path link;
    try {
      link = Files.createSymbolicLink(root.resolve("unigen-cli-00000000000000ee"), outside);
    } catch (UnsupportedOperationException | java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
      return;
    }
    assertEquals(List.of(), Unigen.removeStale(root, "unigen-cli-00000000000000aa", NOW));
    assertTrue(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertEquals("mine", Files.readString(precious));
  }

  @Test
  void aRunMarksItsCopyAsUsed() throws Exception {
    Path dir = copy("unigen-cli-00000000000000aa", NOW.minus(Duration.ofDays(3)));
    Unigen.markUsed(dir, NOW);
    assertEquals(NOW, Files.getLastModifiedTime(dir.resolve(Unigen.LAST_USED)).toInstant());
    assertEquals(List.of(), Unigen.removeStale(root, "unigen-cli-00000000000000ff", NOW.plus(Duration.ofHours(1))));
  }

  @Test
  void aMissingCacheDirectoryIsNotAnError() {
    assertEquals(List.of(), Unigen.removeStale(root.resolve("nowhere"), "unigen-cli-00000000000000aa", NOW));
  }

  @Test
  void theLaunchersReadTheSameVariablesAndTheWindowsOneHasCrlfLineEnds() throws Exception {
    // Surefire runs in the module's directory, where both launchers are.
    String sh = Files.readString(Path.of("unigen"));
    String cmd = Files.readString(Path.of("unigen.cmd"));
    for (String variable : List.of("UNIGEN_CLI_JAR", "JAVA_HOME", "JAVA_OPTS")) {
      assertTrue(sh.contains("$" + variable) || sh.contains("${" + variable), variable);
      assertTrue(cmd.contains("%" + variable + "%"), variable);
    }
    assertTrue(sh.startsWith("#!/usr/bin/env bash\n"));
    assertFalse(sh.contains("\r"), "the shell launcher has LF line ends");
    // cmd.exe can misread labels and goto targets in a batch file with LF-only line ends.
    assertEquals(cmd.split("\n", -1).length, cmd.split("\r\n", -1).length, "every line of unigen.cmd ends with CRLF");
    assertTrue(cmd.contains("-jar \"%JAR%\" %*"), "the arguments are passed on as given");
  }
}
