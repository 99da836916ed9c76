package dev.unigen.spi;

import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider produced: the assets (or text), the {@link Usage} that prices it, the
 * provider's own request id, and warnings. Immutable.
 */
public final class ProviderOutput {
  private final List<Asset> assets;
  private final String text;
  private final Usage usage;
  private final String providerRequestId;
  private final List<String> warnings;

  private ProviderOutput(Builder b) {
    assets = List.copyOf(b.assets);
    text = b.text;
    usage = b.usage;
    providerRequestId = b.providerRequestId;
    warnings = List.copyOf(b.warnings);
  }

  /** Returns an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The outputs. */
  public List<Asset> assets() { return assets; }
  /** Text output, for text tasks. */
  public Optional<String> text() { return Optional.ofNullable(text); }
  /** What was produced, for pricing. */
  public Usage usage() { return usage; }
  /** The provider's id for the request, for support tickets. */
  public Optional<String> providerRequestId() { return Optional.ofNullable(providerRequestId); }
  /** Anything worth telling the user that did not stop the call. */
  public List<String> warnings() { return warnings; }

  /** Builds a {@link ProviderOutput}. Not threadsafe. */
  public static final class Builder {
    private final List<Asset> assets = new ArrayList<>();
    private String text;
    private Usage usage;
    private String providerRequestId;
    private final List<String> warnings = new ArrayList<>();

    private Builder() {}

    /** Adds an output. */
    public Builder asset(Asset asset) { assets.add(Objects.requireNonNull(asset, "asset")); return this; }
    /** Sets the text output. */
    public Builder text(String text) { this.text = text; return this; }
    /** Sets what was produced. */
    public Builder usage(Usage usage) { this.usage = Objects.requireNonNull(usage, "usage"); return this; }
    /** Sets the provider's request id. */
    public Builder providerRequestId(String id) { this.providerRequestId = id; return this; }
    /** Adds a warning. */
    public Builder warning(String warning) { warnings.add(Objects.requireNonNull(warning, "warning")); return this; }

    /**
     * Returns the output.
     *
     * @throws IllegalStateException if no usage was given
     */
    public ProviderOutput build() {
      if (usage == null) throw new IllegalStateException("usage is required to price the output");
      return new ProviderOutput(this);
    }
  }
}
