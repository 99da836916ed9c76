package dev.unigen;

import dev.unigen.request.Media;
import dev.unigen.request.Task;

/** Builds a LoRA training run from an archive of images; the result's asset is the weights file. */
public final class TrainBuilder extends RequestBuilder<TrainBuilder> {
  TrainBuilder(Generator generator, String model) {
    super(generator, Task.LORA_TRAINING, model);
  }

  /** Sets the archive (a zip) of training images. */
  public TrainBuilder images(Media archive) { request.image(archive); return this; }
  /** Sets the training steps. */
  public TrainBuilder steps(int steps) { request.steps(steps); return this; }
  /** Sets the word that will trigger the trained LoRA. */
  public TrainBuilder triggerWord(String word) { request.triggerWord(word); return this; }

  @Override
  Task task() {
    return Task.LORA_TRAINING;
  }
}
