package dev.unigen.cli;

import dev.unigen.catalog.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * {@code --catalog} and {@code --sandbox}: the catalog a command prices with. It is every provider
 * module's catalog on the class path, without the sandbox's zero-cost offers unless asked for,
 * with each override file laid over it in turn.
 */
final class CatalogOptions {
  /** The offline test provider: every offer at zero cost, so it would win every comparison. */
  static final String SANDBOX = "sandbox";

  @Option(names = "--catalog", paramLabel = "FILE",
      description = "A catalog file (docs/catalog.md) whose offers and subscriptions replace the shipped ones of the"
          + " same provider and model, or add to them. Repeatable; later files win.")
  List<Path> overrides = new ArrayList<>();

  @Option(names = "--sandbox",
      description = "Keep the offline sandbox provider's zero-cost offers, which are left out by default.")
  boolean sandbox;

  private String described = "";

  /**
   * Loads the catalog.
   *
   * @throws CliException if an override file is missing
   * @throws dev.unigen.catalog.CatalogException if a catalog does not fit the format
   */
  Catalog load() {
    Catalog shipped = Catalog.fromClasspath();
    Catalog catalog = shipped;
    boolean dropped = false;
    if (!sandbox && shipped.providers().contains(SANDBOX)) {
      Set<String> keep = new TreeSet<>(shipped.providers());
      keep.remove(SANDBOX);
      catalog = shipped.forProviders(keep);
      dropped = true;
    }
    int shippedOffers = catalog.size();
    String shippedProviders = String.join(", ", catalog.providers());
    List<String> files = new ArrayList<>();
    for (Path f : overrides) {
      if (!Files.isRegularFile(f)) throw new CliException("no such catalog file: " + f);
      catalog = catalog.withOverrides(Catalog.load(f));
      files.add(f.getFileName().toString());
    }
    described = shippedOffers + " offers from " + (shippedProviders.isEmpty() ? "no provider" : shippedProviders)
        + (dropped ? " (the zero-cost sandbox left out; --sandbox keeps it)" : "")
        + (files.isEmpty() ? "" : ", with " + String.join(", ", files) + " laid over them");
    return catalog;
  }

  /** What {@link #load()} loaded, in words, for a note on standard error. */
  String describe() {
    return described;
  }
}
