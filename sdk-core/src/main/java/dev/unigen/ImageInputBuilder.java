package dev.unigen;

import dev.unigen.request.Media;
import dev.unigen.request.Task;

/**
 * Builds a request that transforms one input image: an upscale, a background removal, or a
 * pose, depth, edge or segmentation map.
 */
public final class ImageInputBuilder extends RequestBuilder<ImageInputBuilder> {
  private final Task task;

  ImageInputBuilder(Generator generator, Task task, String model) {
    super(generator, task, model);
    this.task = task;
  }

  /** Sets the input image. */
  public ImageInputBuilder image(Media image) { request.image(image); return this; }
  /** Sets the upscale factor, for upscales. */
  public ImageInputBuilder factor(int factor) { request.upscaleFactor(factor); return this; }
  /** Sets the output size, where the task allows one. */
  public ImageInputBuilder size(int width, int height) { request.size(width, height); return this; }

  @Override
  Task task() {
    return task;
  }
}
