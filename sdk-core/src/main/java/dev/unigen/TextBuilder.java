package dev.unigen;

import dev.unigen.request.Task;

/** Builds a text request, such as writing an image prompt with a language model. */
public final class TextBuilder extends RequestBuilder<TextBuilder> {
  TextBuilder(Generator generator, String model) {
    super(generator, Task.TEXT, model);
  }

  @Override
  Task task() {
    return Task.TEXT;
  }
}
