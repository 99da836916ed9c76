package dev.unigen.request;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** A ControlNet guide: its kind, the guide image, and its weight (0..1). Immutable. */
public final class ControlNet {
  private final Kind kind;
  private final Media guide;
  private final BigDecimal weight;

  private ControlNet(Kind kind, Media guide, BigDecimal weight) {
    this.kind = kind;
    this.guide = guide;
    this.weight = weight;
  }

  /**
   * Returns a guide of {@code kind} from {@code guide} with {@code weight}.
   *
   * @throws IllegalArgumentException if the weight is outside 0..1
   */
  public static ControlNet of(Kind kind, Media guide, BigDecimal weight) {
    if (weight.signum() < 0 || weight.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("ControlNet weight must be within 0..1: " + weight);
    }
    return new ControlNet(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(guide, "guide"), weight);
  }

  /** Returns a guide of {@code kind} from {@code guide} with weight 1. */
  public static ControlNet of(Kind kind, Media guide) {
    return of(kind, guide, BigDecimal.ONE);
  }

  /** The kind of guide. */
  public Kind kind() {
    return kind;
  }

  /** The guide image (a pose map, an edge map, …). */
  public Media guide() {
    return guide;
  }

  /** How strongly the guide applies. */
  public BigDecimal weight() {
    return weight;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ControlNet)) return false;
    ControlNet c = (ControlNet) o;
    return kind == c.kind && guide.equals(c.guide) && weight.compareTo(c.weight) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, guide);
  }

  @Override
  public String toString() {
    return "ControlNet(" + kind.wireName() + " " + guide + " @" + weight.toPlainString() + ")";
  }

  /** The kind of guide image a ControlNet input carries. */
  public enum Kind {
    /** A pose skeleton (OpenPose). */
    OPENPOSE,
    /** Canny edges. */
    CANNY,
    /** A depth map. */
    DEPTH,
    /** A normal map. */
    NORMAL,
    /** Line art. */
    LINEART,
    /** A scribble or sketch. */
    SCRIBBLE,
    /** Soft edges (HED, PiDiNet). */
    SOFTEDGE,
    /** A segmentation map. */
    SEGMENTATION,
    /** A tile (detail) guide. */
    TILE,
    /** Straight lines (MLSD). */
    MLSD;

    /** The catalog name, such as {@code openpose}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the kind with catalog name {@code name}, if there is one. */
    public static Optional<Kind> fromWireName(String name) {
      for (Kind k : values()) {
        if (k.wireName().equals(name)) return Optional.of(k);
      }
      return Optional.empty();
    }
  }
}
