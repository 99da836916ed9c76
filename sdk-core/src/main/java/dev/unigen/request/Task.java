package dev.unigen.request;

import java.util.Locale;
import java.util.Optional;

/** What a request asks a provider to do. Each has a stable kebab-case name used in catalogs. */
public enum Task {
  /** Generate images from a prompt. */
  TEXT_TO_IMAGE,
  /** Transform one input image guided by a prompt and a strength. */
  IMAGE_TO_IMAGE,
  /** Repaint the masked part of an input image. */
  INPAINT,
  /** Generate or edit an image guided by several reference images (FLUX.2, Kontext, Gemini). */
  MULTI_REFERENCE,
  /** Enlarge an image. */
  UPSCALE,
  /** Cut the subject out of an image, leaving a transparent background. */
  REMOVE_BACKGROUND,
  /** Extract a pose (skeleton) map from an image. */
  POSE_MAP,
  /** Extract a depth map from an image. */
  DEPTH_MAP,
  /** Extract an edge (canny) map from an image. */
  EDGE_MAP,
  /** Segment an image into masks. */
  SEGMENTATION,
  /** Generate a video from a prompt. */
  TEXT_TO_VIDEO,
  /** Generate a video from a prompt and a start image. */
  IMAGE_TO_VIDEO,
  /** Edit or extend an input video. */
  VIDEO_TO_VIDEO,
  /** Train a LoRA from a set of images. */
  LORA_TRAINING,
  /** Write text with a language model, for example a prompt. */
  TEXT;

  /** The catalog name, such as {@code text-to-image}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True for tasks that produce video. */
  public boolean producesVideo() {
    return this == TEXT_TO_VIDEO || this == IMAGE_TO_VIDEO || this == VIDEO_TO_VIDEO;
  }

  /** True for tasks that produce images. */
  public boolean producesImage() {
    return !producesVideo() && this != LORA_TRAINING && this != TEXT;
  }

  /** Returns the task with catalog name {@code name}, if there is one. */
  public static Optional<Task> fromWireName(String name) {
    for (Task t : values()) {
      if (t.wireName().equals(name)) return Optional.of(t);
    }
    return Optional.empty();
  }
}
