package dev.unigen.request;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A LoRA adapter to apply: its location as the provider knows it (a URL to weights, a Hugging
 * Face path, or a provider model id such as a Runware AIR) and its scale. Immutable.
 */
public final class Lora {
  private final String path;
  private final BigDecimal scale;

  private Lora(String path, BigDecimal scale) {
    this.path = path;
    this.scale = scale;
  }

  /**
   * Returns a LoRA at {@code path} with scale {@code scale}.
   *
   * @throws IllegalArgumentException if the path is blank
   */
  public static Lora of(String path, BigDecimal scale) {
    if (path == null || path.isBlank()) throw new IllegalArgumentException("LoRA path is blank");
    return new Lora(path, Objects.requireNonNull(scale, "scale"));
  }

  /** Returns a LoRA at {@code path} with scale 1. */
  public static Lora of(String path) {
    return of(path, BigDecimal.ONE);
  }

  /** Where the weights are. */
  public String path() {
    return path;
  }

  /** How strongly the adapter applies. */
  public BigDecimal scale() {
    return scale;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lora && ((Lora) o).path.equals(path) && ((Lora) o).scale.compareTo(scale) == 0;
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return "Lora(" + path + " @" + scale.toPlainString() + ")";
  }
}
