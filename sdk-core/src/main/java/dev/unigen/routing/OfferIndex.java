package dev.unigen.routing;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The offers of each task, sub-indexed by the capabilities that most often rule an offer out of a
 * request naming no model: audio, and the video resolution. A request naming no model then weighs
 * only offers that could serve it, instead of every offer of its task. Every list keeps the
 * catalog's order, and has a copy in {@linkplain #BY_NAME name order} for the cheapest strategy.
 * Immutable once built.
 */
final class OfferIndex {
  /**
   * Provider, then model: how the cheapest strategy breaks a tie in price. Quotes made in this
   * order need no comparator for the many ties among hundreds of quotes, only their position. The
   * sort is stable, so offers of one provider and model keep the catalog's order, as the strategy's
   * stable sort of quotes in catalog order would.
   */
  static final Comparator<Offer> BY_NAME = Comparator.comparing(Offer::provider).thenComparing(Offer::model);

  private final Map<Task, ByTask> tasks = new EnumMap<>(Task.class);
  private final Map<String, List<Offer>> modelsByName = new HashMap<>();

  OfferIndex(Catalog catalog) {
    for (Task t : Task.values()) {
      List<Offer> offers = catalog.offers(t);
      if (!offers.isEmpty()) tasks.put(t, new ByTask(offers));
    }
    for (String m : catalog.models()) modelsByName.put(m, byName(catalog.offers(m)));
  }

  /** {@code catalog.offers(model)} in {@link #BY_NAME} order. */
  List<Offer> byName(String model) {
    return modelsByName.getOrDefault(model, List.of());
  }

  /** {@link #candidates} in {@link #BY_NAME} order. */
  List<Offer> candidatesByName(Request request) {
    return pick(request, true);
  }

  /**
   * The offers of {@code request}'s task that may serve it: a subset of
   * {@code catalog.offers(task)} in the same order, leaving out only offers whose capabilities
   * certainly refuse the request (the selector still checks each one kept in full).
   */
  List<Offer> candidates(Request request) {
    return pick(request, false);
  }

  private List<Offer> pick(Request request, boolean byName) {
    ByTask t = tasks.get(request.task());
    if (t == null) return List.of();
    boolean audio = request.audio();
    // Only plain ASCII names are looked up lowercased: elsewhere case folding could differ from the
    // capability check's, and the index must never leave out an offer that check would keep.
    if (request.resolution().isPresent() && isAscii(request.resolution().get())) {
      Split r = t.byResolution.getOrDefault(request.resolution().get().toLowerCase(Locale.ROOT), t.anyResolution);
      return r.list(audio, byName);
    }
    return t.all.list(audio, byName);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 127) return false;
    return true;
  }

  private static List<Offer> byName(List<Offer> offers) {
    List<Offer> sorted = new ArrayList<>(offers);
    sorted.sort(BY_NAME);
    return List.copyOf(sorted);
  }

  /** Some offers in catalog order, and those of them with audio; each also in name order once built. */
  private static final class Split {
    final List<Offer> all = new ArrayList<>();
    final List<Offer> withAudio = new ArrayList<>();
    private List<Offer> allByName;
    private List<Offer> withAudioByName;

    void add(Offer o) {
      all.add(o);
      if (o.capabilities().audio()) withAudio.add(o);
    }

    void finish() {
      allByName = byName(all);
      withAudioByName = byName(withAudio);
    }

    List<Offer> list(boolean audio, boolean byName) {
      if (byName) return audio ? withAudioByName : allByName;
      return audio ? withAudio : all;
    }
  }

  /** One task's offers and their sub-indexes. */
  private static final class ByTask {
    final Split all = new Split();
    /** Offers that list no resolution, so accept any. */
    final Split anyResolution = new Split();
    /** By lowercased resolution: the offers listing it, and those listing none. */
    final Map<String, Split> byResolution = new HashMap<>();

    ByTask(List<Offer> offers) {
      for (Offer o : offers) {
        all.add(o);
        List<String> listed = o.capabilities().resolutions();
        if (listed.isEmpty()) anyResolution.add(o);
        for (String r : listed) byResolution.computeIfAbsent(r.toLowerCase(Locale.ROOT), k -> new Split());
      }
      for (Map.Entry<String, Split> e : byResolution.entrySet()) {
        for (Offer o : offers) {
          List<String> listed = o.capabilities().resolutions();
          if (listed.isEmpty() || containsIgnoreCase(listed, e.getKey())) e.getValue().add(o);
        }
      }
      all.finish();
      anyResolution.finish();
      for (Split r : byResolution.values()) r.finish();
    }

    private static boolean containsIgnoreCase(List<String> list, String value) {
      for (String s : list) if (s.equalsIgnoreCase(value)) return true;
      return false;
    }
  }
}
