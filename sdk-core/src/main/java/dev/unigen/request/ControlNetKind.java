package dev.unigen.request;

import java.util.Locale;
import java.util.Optional;

/** The kind of guide image a ControlNet input carries. */
public enum ControlNetKind {
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
  public static Optional<ControlNetKind> fromWireName(String name) {
    for (ControlNetKind k : values()) {
      if (k.wireName().equals(name)) return Optional.of(k);
    }
    return Optional.empty();
  }
}
