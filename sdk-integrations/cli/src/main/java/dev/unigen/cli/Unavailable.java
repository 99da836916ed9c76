package dev.unigen.cli;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.pricing.PriceRule;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Systems users ask for that Unigen cannot serve (no public API, or an API that was shut down),
 * as docs/providers/unavailable.md lists them: what happened and when, and the served models to
 * pick instead. Stateless.
 */
final class Unavailable {
  /** Where the systems are described, with their sources and the alternatives' prices. */
  static final String PAGE = "docs/providers/unavailable.md";

  private static final List<Entry> ENTRIES = List.of(
      new Entry("Midjourney", List.of("midjourney"), List.of("midjourney", "mj-"),
          "Midjourney has no official public API, and its guidelines prohibit automating it",
          List.of("flux-2-pro", "uni-1", "stable-image-ultra")),
      new Entry("Amazon Nova Reel", List.of(), List.of("nova-reel", "amazon.nova-reel"),
          "Amazon Nova Reel reached end of life on 2026-09-30 (legacy since 2026-03-30); AWS names no successor",
          List.of("ray-3.2", "gen-4-turbo", "kling-2.6-pro", "wan-2.6")),
      new Entry("Amazon Nova Canvas", List.of(), List.of("nova-canvas", "amazon.nova-canvas"),
          "Amazon Nova Canvas reached end of life on 2026-09-30, with Nova Reel",
          List.of("flux-2-pro", "uni-1")),
      new Entry("OpenAI Sora", List.of(), List.of("sora"),
          "OpenAI shut the Sora 2 models and the Videos API down on 2026-09-24, with no direct replacement",
          List.of("kling-2.6-pro", "veo-3.1-fast", "veo-3.1")),
      new Entry("OpenAI DALL-E", List.of(), List.of("dall-e", "dalle"),
          "OpenAI shut DALL-E 2 and DALL-E 3 down on 2026-05-12",
          List.of("gpt-image-2", "flux-2-pro")),
      new Entry("OpenAI GPT Image 1", List.of(), List.of("gpt-image-1", "chatgpt-image"),
          "OpenAI shut gpt-image-1 down on 2026-10-23, and gpt-image-1.5, gpt-image-1-mini and chatgpt-image-latest on"
              + " 2026-12-01, naming gpt-image-2 the replacement",
          List.of("gpt-image-2", "flux-2-pro")),
      new Entry("Google Imagen on the Gemini API", List.of(), List.of("imagen"),
          "Google shut Imagen down on the Gemini API on 2026-06-24 (it stays on Vertex AI, which Unigen does not serve)",
          List.of("gemini-3.1-flash-image", "gemini-3-pro-image", "flux-2-pro")));

  private Unavailable() {}

  /** The system {@code provider/model} (or a bare name, with {@code provider} empty) names, if it is one of these. */
  static Optional<Entry> find(String provider, String model) {
    String p = provider.toLowerCase(Locale.ROOT);
    String m = model.toLowerCase(Locale.ROOT);
    for (Entry e : ENTRIES) {
      if (e.providers.contains(p) || e.providers.contains(m)) return Optional.of(e);
      for (String prefix : e.modelPrefixes) if (m.startsWith(prefix)) return Optional.of(e);
    }
    return Optional.empty();
  }

  /** Prints why {@code name} is not served, and the offers of the models to pick instead, from {@code catalog}. */
  static void print(String name, Entry e, Catalog catalog, PrintWriter out) {
    out.println(name + " is not served: " + e.why + ".");
    out.println("See " + PAGE + " for the date and source, and what to use instead.");
    Quotes.Table t = new Quotes.Table("offer", "rule", "unit price", "as of");
    for (String model : e.instead) {
      for (Offer o : catalog.offers(model)) {
        t.row(o.key(), o.price().map(PriceRule::kind).orElse("unpriced"),
            o.price().flatMap(PriceRule::unitPrice).map(Quotes::plain).orElse("-"), o.asOf().toString());
      }
    }
    out.println();
    if (t.size() == 0) {
      out.println("Served instead: " + String.join(", ", e.instead) + " (no offer of them in this catalog).");
      return;
    }
    out.println("Served instead (" + String.join(", ", e.instead) + "):");
    t.print(out, "  ");
    out.println();
    out.println("unigen catalog show PROVIDER/MODEL shows one with its price rule and source.");
  }

  /** One system that is not served. */
  static final class Entry {
    final String system;
    final List<String> providers;
    final List<String> modelPrefixes;
    final String why;
    final List<String> instead;

    Entry(String system, List<String> providers, List<String> modelPrefixes, String why, List<String> instead) {
      this.system = system;
      this.providers = providers;
      this.modelPrefixes = modelPrefixes;
      this.why = why;
      this.instead = instead;
    }
  }
}
