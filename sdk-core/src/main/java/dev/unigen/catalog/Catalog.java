package dev.unigen.catalog;

import dev.unigen.pricing.Subscription;
import dev.unigen.request.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The offers Unigen can choose from, and providers' subscriptions. Each provider module ships its
 * offers as {@code META-INF/unigen/catalog.json}; users add or replace offers from their own files
 * or in code, since prices change monthly. An offer is identified by provider and model: an
 * override with the same pair replaces it, any other is added.
 *
 * <p>Lookups by model and by task are indexed. Immutable and threadsafe.
 */
public final class Catalog {
  /** Where each provider module keeps its catalog on the classpath. */
  public static final String RESOURCE = "META-INF/unigen/catalog.json";

  private static final Catalog EMPTY = new Catalog(List.of(), List.of());

  private final List<Offer> offers;
  private final Map<String, Offer> byKey;
  private final Map<String, List<Offer>> byModel;
  private final Map<Task, List<Offer>> byTask;
  private final List<Subscription> subscriptions;

  private Catalog(List<Offer> offers, List<Subscription> subscriptions) {
    this.offers = List.copyOf(offers);
    this.subscriptions = List.copyOf(subscriptions);
    Map<String, Offer> keys = new LinkedHashMap<>();
    Map<String, List<Offer>> models = new HashMap<>();
    Map<Task, List<Offer>> tasks = new EnumMap<>(Task.class);
    for (Offer o : this.offers) {
      keys.put(o.key(), o);
      models.computeIfAbsent(o.model(), k -> new ArrayList<>()).add(o);
      for (Task t : o.tasks()) tasks.computeIfAbsent(t, k -> new ArrayList<>()).add(o);
    }
    this.byKey = Collections.unmodifiableMap(keys);
    models.replaceAll((k, v) -> List.copyOf(v));
    this.byModel = Map.copyOf(models);
    tasks.replaceAll((k, v) -> List.copyOf(v));
    this.byTask = Collections.unmodifiableMap(tasks);
  }

  /** A catalog with nothing in it. */
  public static Catalog empty() {
    return EMPTY;
  }

  /**
   * Returns a catalog of {@code offers}.
   *
   * @throws CatalogException if two offers share provider and model
   */
  public static Catalog of(Collection<Offer> offers) {
    return of(offers, List.of());
  }

  /**
   * Returns a catalog of {@code offers} and {@code subscriptions}.
   *
   * @throws CatalogException if two offers share provider and model
   */
  public static Catalog of(Collection<Offer> offers, Collection<Subscription> subscriptions) {
    Map<String, Offer> seen = new HashMap<>();
    for (Offer o : offers) {
      if (seen.put(o.key(), o) != null) throw new CatalogException("duplicate offer " + o.key());
    }
    return new Catalog(new ArrayList<>(offers), new ArrayList<>(subscriptions));
  }

  /**
   * Parses a catalog document; {@code sourceName} names it in error messages.
   *
   * @throws CatalogException naming the file, offer and field of the first problem
   */
  public static Catalog parse(String json, String sourceName) {
    return CatalogReader.read(json, sourceName);
  }

  /**
   * Reads a catalog file.
   *
   * @throws CatalogException if the file does not fit the format
   * @throws UncheckedIOException if it cannot be read
   */
  public static Catalog load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog " + file, e);
    }
  }

  /**
   * Merges every {@link #RESOURCE} visible to {@code loader}: the catalogs of all provider modules
   * on the classpath.
   *
   * @throws CatalogException if one is invalid, or two modules ship the same offer
   */
  public static Catalog fromClasspath(ClassLoader loader) {
    List<Offer> offers = new ArrayList<>();
    List<Subscription> subscriptions = new ArrayList<>();
    Map<String, String> origin = new HashMap<>();
    try {
      Enumeration<URL> urls = loader.getResources(RESOURCE);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        String json;
        try (InputStream in = url.openStream()) {
          json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Catalog c = parse(json, url.toString());
        for (Offer o : c.offers) {
          String previous = origin.put(o.key(), url.toString());
          if (previous != null) {
            throw new CatalogException(url + ": offer " + o.key() + " is also in " + previous);
          }
          offers.add(o);
        }
        subscriptions.addAll(c.subscriptions);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new Catalog(offers, subscriptions);
  }

  /**
   * Reads the {@link #RESOURCE} that ships in the same jar (or class directory) as {@code owner}:
   * a provider module's own catalog. Every module uses the same path, so a plain
   * {@code getResource} would return whichever module comes first on the classpath.
   *
   * @throws CatalogException if it is invalid
   * @throws IllegalStateException if the module has none
   */
  public static Catalog ofModule(Class<?> owner) {
    String self = owner.getName().replace('.', '/') + ".class";
    URL classUrl = owner.getResource("/" + self);
    if (classUrl == null) throw new IllegalStateException("cannot locate " + owner.getName());
    String base = classUrl.toString().substring(0, classUrl.toString().length() - self.length());
    try (InputStream in = new URL(base + RESOURCE).openStream()) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), owner.getSimpleName() + " " + RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("no " + RESOURCE + " beside " + owner.getName(), e);
    }
  }

  /**
   * Returns this catalog with every offer and subscription moved to {@code provider}, for a
   * second instance of a provider under another name.
   *
   * @throws IllegalArgumentException if the name is malformed or two offers share a model
   */
  public Catalog withProvider(String provider) {
    List<Offer> moved = new ArrayList<>(offers.size());
    for (Offer o : offers) moved.add(o.toBuilder(provider).build());
    List<Subscription> subs = new ArrayList<>(subscriptions.size());
    for (Subscription s : subscriptions) {
      Subscription.Builder b = Subscription.builder(provider, s.name()).monthlyFee(s.monthlyFee())
          .includedCredit(s.includedCredit()).provenance(s.asOf(), s.source());
      if (s.freeUnits().isPresent()) b.freeQuota(s.freeUnits().get(), s.freeUnit().get());
      subs.add(b.build());
    }
    return of(moved, subs);
  }

  /** Merges every provider module's catalog visible to this class's loader. */
  public static Catalog fromClasspath() {
    return fromClasspath(Catalog.class.getClassLoader());
  }

  /**
   * Returns this catalog with {@code overrides} applied: an offer with the same provider and model
   * replaces the existing one in place, others are added; subscriptions likewise by provider and
   * name.
   */
  public Catalog withOverrides(Catalog overrides) {
    Map<String, Offer> merged = new LinkedHashMap<>(byKey);
    for (Offer o : overrides.offers) merged.put(o.key(), o);
    Map<String, Subscription> subs = new LinkedHashMap<>();
    for (Subscription s : subscriptions) subs.put(s.provider() + "/" + s.name(), s);
    for (Subscription s : overrides.subscriptions) subs.put(s.provider() + "/" + s.name(), s);
    return new Catalog(new ArrayList<>(merged.values()), new ArrayList<>(subs.values()));
  }

  /** Returns this catalog with {@code offer} added, or replacing the one with its provider and model. */
  public Catalog with(Offer offer) {
    return withOverrides(new Catalog(List.of(offer), List.of()));
  }

  /** Returns this catalog with only the offers of {@code providers}. */
  public Catalog forProviders(Set<String> providers) {
    List<Offer> kept = new ArrayList<>();
    for (Offer o : offers) if (providers.contains(o.provider())) kept.add(o);
    List<Subscription> subs = new ArrayList<>();
    for (Subscription s : subscriptions) if (providers.contains(s.provider())) subs.add(s);
    return new Catalog(kept, subs);
  }

  /** Every offer, in the order loaded. */
  public List<Offer> offers() {
    return offers;
  }

  /** The offers of logical model {@code model}. */
  public List<Offer> offers(String model) {
    return byModel.getOrDefault(model, List.of());
  }

  /** The offers serving {@code task}, of any model. */
  public List<Offer> offers(Task task) {
    return byTask.getOrDefault(task, List.of());
  }

  /** The offer of {@code model} by {@code provider}. */
  public Optional<Offer> offer(String provider, String model) {
    return Optional.ofNullable(byKey.get(provider + "/" + model));
  }

  /** The provider names, sorted. */
  public Set<String> providers() {
    Set<String> names = new TreeSet<>();
    for (Offer o : offers) names.add(o.provider());
    return Collections.unmodifiableSet(names);
  }

  /** The logical model ids, sorted. */
  public Set<String> models() {
    return Collections.unmodifiableSet(new TreeSet<>(byModel.keySet()));
  }

  /** Providers' subscriptions with included credits and free quotas. */
  public List<Subscription> subscriptions() {
    return subscriptions;
  }

  /** The number of offers. */
  public int size() {
    return offers.size();
  }

  @Override
  public String toString() {
    return "Catalog(" + offers.size() + " offers, " + providers().size() + " providers)";
  }
}
