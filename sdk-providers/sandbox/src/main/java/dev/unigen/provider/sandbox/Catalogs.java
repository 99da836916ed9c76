package dev.unigen.provider.sandbox;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.CatalogException;
import dev.unigen.catalog.Offer;
import dev.unigen.pricing.Subscription;
import dev.unigen.request.Task;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/** The sandbox's bundled catalog, and relabelling a catalog with a sandbox's own name. */
final class Catalogs {
  private static final String SELF = SandboxProvider.class.getName().replace('.', '/') + ".class";

  private Catalogs() {}

  /** The module's own {@code catalog.json}, parsed once. */
  static Catalog bundled() {
    return Bundled.CATALOG;
  }

  private static final class Bundled {
    static final Catalog CATALOG = load();
  }

  /**
   * Every provider module ships the same resource path, so {@code getResource} would return
   * whichever comes first on the classpath. The sandbox reads the copy beside its own classes,
   * falling back to the first copy that holds only sandbox offers (for repackaged jars).
   */
  private static Catalog load() {
    Catalog c = null;
    try {
      String self = SandboxProvider.class.getResource("/" + SELF).toString();
      c = tryParse(URI.create(self.substring(0, self.length() - SELF.length()) + Catalog.RESOURCE).toURL());
    } catch (IOException | RuntimeException e) {
      // An unusual class loader URL: look through every copy instead.
    }
    if (isOurs(c)) return c;
    try {
      Enumeration<URL> all = SandboxProvider.class.getClassLoader().getResources(Catalog.RESOURCE);
      while (all.hasMoreElements()) {
        c = tryParse(all.nextElement());
        if (isOurs(c)) return c;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + Catalog.RESOURCE, e);
    }
    throw new IllegalStateException("the sandbox catalog " + Catalog.RESOURCE + " is not on the classpath");
  }

  private static boolean isOurs(Catalog c) {
    return c != null && c.providers().equals(Set.of(SandboxProvider.DEFAULT_NAME));
  }

  private static Catalog tryParse(URL url) {
    String json;
    try (InputStream in = url.openStream()) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
    try {
      return Catalog.parse(json, url.toString());
    } catch (CatalogException e) {
      // Another module's invalid catalog is reported by Catalog.fromClasspath, not here; ours is tested.
      return null;
    }
  }

  /**
   * {@code catalog} with every offer and subscription moved to {@code provider}.
   *
   * @throws IllegalArgumentException if the name is malformed or two offers share a model
   */
  static Catalog relabel(Catalog catalog, String provider) {
    if (catalog.providers().equals(Set.of(provider))) return catalog;
    List<Offer> offers = new ArrayList<>();
    for (Offer o : catalog.offers()) {
      Offer.Builder b = Offer.builder(provider, o.model()).endpoint(o.endpoint())
          .tasks(o.tasks().toArray(new Task[0])).capabilities(o.capabilities())
          .price(o.price().orElse(null)).provenance(o.asOf(), o.source());
      o.endpoints().forEach(b::endpoint);
      o.notes().ifPresent(b::notes);
      offers.add(b.build());
    }
    List<Subscription> subscriptions = new ArrayList<>();
    for (Subscription s : catalog.subscriptions()) {
      Subscription.Builder b = Subscription.builder(provider, s.name()).monthlyFee(s.monthlyFee())
          .includedCredit(s.includedCredit()).provenance(s.asOf(), s.source());
      if (s.freeUnits().isPresent()) b.freeQuota(s.freeUnits().get(), s.freeUnit().orElseThrow());
      subscriptions.add(b.build());
    }
    return Catalog.of(offers, subscriptions);
  }
}
