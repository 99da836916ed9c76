package dev.unigen;

import dev.unigen.request.Task;

/** Builds a text-to-image request: {@code gen.image("flux-schnell").prompt(…).size(1024, 1024)}. */
public final class ImageBuilder extends RequestBuilder.Images<ImageBuilder> {
  ImageBuilder(Generator generator, String model) {
    super(generator, Task.TEXT_TO_IMAGE, model);
  }

  @Override
  Task task() {
    return Task.TEXT_TO_IMAGE;
  }
}
