package dev.unigen;

import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a request: the assets (or text), which provider and model made them, what it
 * cost, every attempt that led here, timings and warnings. Immutable.
 */
public final class Generation {
  private final String id;
  private final Request request;
  private final String provider;
  private final String model;
  private final String endpoint;
  private final List<Asset> assets;
  private final String text;
  private final Usage usage;
  private final Cost cost;
  private final List<Attempt> attempts;
  private final Instant started;
  private final Instant finished;
  private final List<String> warnings;
  private final String providerRequestId;

  Generation(String id, Request request, String provider, String model, String endpoint, List<Asset> assets,
      String text, Usage usage, Cost cost, List<Attempt> attempts, Instant started, Instant finished, List<String> warnings,
      String providerRequestId) {
    this.id = Objects.requireNonNull(id, "id");
    this.request = request;
    this.provider = provider;
    this.model = model;
    this.endpoint = endpoint;
    this.assets = List.copyOf(assets);
    this.text = text;
    this.usage = Objects.requireNonNull(usage, "usage");
    this.cost = cost;
    this.attempts = List.copyOf(attempts);
    this.started = started;
    this.finished = finished;
    this.warnings = List.copyOf(warnings);
    this.providerRequestId = providerRequestId;
  }

  /** Unigen's id for this generation, also in the ledger. */
  public String id() { return id; }
  /** The request. */
  public Request request() { return request; }
  /** The provider that produced it. */
  public String provider() { return provider; }
  /** The logical model. */
  public String model() { return model; }
  /** The provider's endpoint or model name. */
  public String endpoint() { return endpoint; }
  /** The outputs. */
  public List<Asset> assets() { return assets; }
  /** The text, for text tasks. */
  public Optional<String> text() { return Optional.ofNullable(text); }
  /**
   * What the provider produced, as priced: for text, the input and output token counts (output
   * includes any reasoning tokens); for images and video, sizes and seconds.
   */
  public Usage usage() { return usage; }
  /** What it cost. */
  public Cost cost() { return cost; }
  /** Every attempt, the successful one last. */
  public List<Attempt> attempts() { return attempts; }
  /** When the request started. */
  public Instant started() { return started; }
  /** When it finished. */
  public Instant finished() { return finished; }
  /** How long it took, failovers included. */
  public Duration elapsed() { return Duration.between(started, finished); }
  /** Anything worth knowing that did not stop it. */
  public List<String> warnings() { return warnings; }
  /** The provider's id for the request. */
  public Optional<String> providerRequestId() { return Optional.ofNullable(providerRequestId); }

  @Override
  public String toString() {
    return "Generation(" + id + " " + provider + "/" + model + ", " + assets.size() + " assets, " + cost + ")";
  }
}
