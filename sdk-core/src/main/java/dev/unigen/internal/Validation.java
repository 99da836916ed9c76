package dev.unigen.internal;

import dev.unigen.InvalidRequestException;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** Checks that hold for every provider, so a bad request fails before any network call. */
public final class Validation {
  public static final int MAX_SIDE = 16384;
  private static final Set<Task> NEEDS_PROMPT = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE,
      Task.INPAINT, Task.MULTI_REFERENCE, Task.TEXT_TO_VIDEO, Task.TEXT, Task.VIDEO_TO_VIDEO);
  private static final Set<Task> NEEDS_IMAGE = EnumSet.of(Task.IMAGE_TO_IMAGE, Task.INPAINT, Task.UPSCALE,
      Task.REMOVE_BACKGROUND, Task.POSE_MAP, Task.DEPTH_MAP, Task.EDGE_MAP, Task.SEGMENTATION,
      Task.IMAGE_TO_VIDEO, Task.LORA_TRAINING);
  /** Tasks whose output size is generated, where every provider wants a multiple of 8. */
  private static final Set<Task> GENERATED_SIZE = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE,
      Task.INPAINT, Task.MULTI_REFERENCE, Task.TEXT_TO_VIDEO, Task.IMAGE_TO_VIDEO);

  private Validation() {}

  /** Returns {@code r} once it is checked. */
  public static Request checked(Request r) {
    check(java.util.Objects.requireNonNull(r, "request"));
    return r;
  }

  public static void check(Request r) {
    Task t = r.task();
    if (NEEDS_PROMPT.contains(t) && r.prompt().isEmpty()) {
      throw new InvalidRequestException(t.wireName() + " needs a prompt");
    }
    if (NEEDS_IMAGE.contains(t) && r.image().isEmpty()) {
      throw new InvalidRequestException(t.wireName() + (t == Task.LORA_TRAINING ? " needs an archive of images" : " needs an input image"));
    }
    if (t == Task.INPAINT && r.image().isEmpty()) throw new InvalidRequestException("a mask needs an image to apply to");
    if (t == Task.MULTI_REFERENCE && r.references().isEmpty()) {
      throw new InvalidRequestException("multi-reference needs at least one reference image");
    }
    if (t == Task.VIDEO_TO_VIDEO && r.video().isEmpty()) throw new InvalidRequestException("video-to-video needs an input video");
    if (r.seed().isPresent() && r.seed().getAsLong() < 0) {
      throw new InvalidRequestException("seed " + r.seed().getAsLong() + " is negative; leave the seed out for a random one");
    }
    if (t != Task.TEXT) {
      String textOnly = r.system().isPresent() ? "a system message" : r.maxTokens().isPresent() ? "maxTokens"
          : r.temperature().isPresent() ? "a temperature" : r.jsonSchema().isPresent() ? "a JSON schema" : null;
      if (textOnly != null) throw new InvalidRequestException(textOnly + " is only for text, not " + t.wireName());
    }
    if (r.duration().isPresent() && !t.producesVideo()) {
      throw new InvalidRequestException("duration is only for video, not " + t.wireName());
    }
    if (r.size().isPresent()) {
      Size s = r.size().get();
      if (s.width() > MAX_SIDE || s.height() > MAX_SIDE) {
        throw new InvalidRequestException("size " + s + " exceeds " + MAX_SIDE + " pixels a side");
      }
      if (GENERATED_SIZE.contains(t) && (s.width() % 8 != 0 || s.height() % 8 != 0)) {
        throw new InvalidRequestException("size " + s + " must be a multiple of 8 for " + t.wireName());
      }
    }
    r.image().ifPresent(m -> exists("image", m));
    r.mask().ifPresent(m -> exists("mask", m));
    r.video().ifPresent(m -> exists("video", m));
    r.references().forEach(m -> exists("reference", m));
    for (ControlNet c : r.controlNets()) exists("controlNet guide", c.guide());
  }

  private static void exists(String field, Media m) {
    if (m.kind() == Media.Kind.FILE) {
      Path p = m.file().get();
      if (!Files.isRegularFile(p)) throw new InvalidRequestException(field + ": media file does not exist: " + p);
      if (!Files.isReadable(p)) throw new InvalidRequestException(field + ": media file is not readable: " + p);
    }
  }
}
