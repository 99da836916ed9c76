package dev.unigen;

import dev.unigen.internal.Validation;
import dev.unigen.jobs.Job;
import dev.unigen.money.Money;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The part every fluent request shares: prompt, seed, count, tags, a cost cap, allowed
 * providers, provider-specific options, and the four ways to end — {@link #quote()},
 * {@link #generate()}, {@link #generateAsync()} and {@link #submit()}. Each ending validates the
 * request first and throws {@link InvalidRequestException} before any network call. Not
 * threadsafe; a builder can end more than once. The nested builders are what
 * {@link Generator#image}, {@link Generator#edit}, {@link Generator#video},
 * {@link Generator#upscale}, {@link Generator#text} and {@link Generator#train} return.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RequestBuilder<B extends RequestBuilder<B>> {
  final Generator generator;
  final Request.Builder request;

  RequestBuilder(Generator generator, Task task, String model) {
    this.generator = generator;
    this.request = Request.builder(task).model(model);
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** The task, which some builders derive from the inputs given (an edit with a mask inpaints). */
  Task task() {
    return request.build().task();
  }

  /** Sets the prompt. */
  public B prompt(String prompt) { request.prompt(prompt); return self(); }
  /** Sets what the output should not show. */
  public B negativePrompt(String negativePrompt) { request.negativePrompt(negativePrompt); return self(); }
  /** Sets the seed, a signed 64-bit value within the chosen offer's range; leave it out for a random one. */
  public B seed(long seed) { request.seed(seed); return self(); }
  /** Sets how many outputs to make. */
  public B count(int count) { request.count(count); return self(); }
  /** Sets the output format, such as {@code png} or {@code jpeg}. */
  public B outputFormat(String format) { request.outputFormat(format); return self(); }
  /** Tags the cost in the ledger and the budget, such as {@code tag("user", "u-42")}. */
  public B tag(String key, String value) { request.tag(key, value); return self(); }
  /** Leaves out offers estimated above {@code maxCost}. */
  public B maxCost(Money maxCost) { request.maxCost(maxCost); return self(); }
  /** Allows {@code provider}; once any is allowed, only allowed providers are used. */
  public B provider(String provider) { request.allowProvider(provider); return self(); }
  /** Passes raw parameters to {@code provider} as they are. */
  public B providerOptions(String provider, Map<String, Object> options) { request.providerOptions(provider, options); return self(); }

  /**
   * Returns the validated request value.
   *
   * @throws InvalidRequestException if a value is invalid for every provider
   */
  public Request build() {
    return Validation.checked(value());
  }

  /** The request, unchecked: every generator entry point checks it. */
  private Request value() {
    return request.task(task()).build();
  }

  /**
   * Prices every offer able to serve the request, without calling any provider.
   *
   * @throws InvalidRequestException if the request is invalid
   */
  public Plan quote() {
    return generator.quote(value());
  }

  /**
   * Runs the request, failing over along the plan, and waits for the result.
   *
   * @throws InvalidRequestException if the request is invalid (before any call)
   * @throws NoOfferException if no offer can serve it
   * @throws AllProvidersFailedException if every offer failed
   * @throws GenerationException another failure that stops failover, such as moderation
   */
  public Generation generate() {
    return generator.generate(value());
  }

  /**
   * Runs the request in the background.
   *
   * @throws InvalidRequestException if the request is invalid (before any call)
   */
  public CompletableFuture<Generation> generateAsync() {
    return generator.generateAsync(value());
  }

  /**
   * Submits the request as a {@link Job} and returns at once.
   *
   * @throws InvalidRequestException if the request is invalid (before any call)
   */
  public Job<Generation> submit() {
    return generator.submit(value());
  }

  /** Options shared by image builders. */
  public abstract static class Images<B extends Images<B>> extends RequestBuilder<B> {
    Images(Generator generator, Task task, String model) {
      super(generator, task, model);
    }

    /** Sets the output size in pixels. */
    public B size(int width, int height) { request.size(width, height); return self(); }
    /** Sets the aspect ratio, such as {@code 16:9}. */
    public B aspectRatio(String ratio) { request.aspectRatio(ratio); return self(); }
    /** Sets the inference steps. */
    public B steps(int steps) { request.steps(steps); return self(); }
    /** Sets the guidance scale. */
    public B guidance(java.math.BigDecimal guidance) { request.guidance(guidance); return self(); }
    /** Adds a reference image (multi-reference models such as FLUX.2 take several). */
    public B reference(Media media) { request.reference(media); return self(); }
    /** Adds a ControlNet guide image of {@code kind}. */
    public B controlNet(dev.unigen.request.ControlNet.Kind kind, Media guide) {
      request.controlNet(dev.unigen.request.ControlNet.of(kind, guide));
      return self();
    }
    /** Applies a LoRA at scale 1. */
    public B lora(String path) { request.lora(dev.unigen.request.Lora.of(path)); return self(); }
    /** Applies a LoRA at {@code scale}. */
    public B lora(String path, java.math.BigDecimal scale) { request.lora(dev.unigen.request.Lora.of(path, scale)); return self(); }
    /** Sets the quality, such as {@code hd}, {@code low} or {@code high}. */
    public B quality(String quality) { request.quality(quality); return self(); }
    /** Sets a resolution tier, such as {@code 1K}, {@code 2K} or {@code 4K}. */
    public B resolution(String resolution) { request.resolution(resolution); return self(); }
  }

  /** Builds a text-to-image request: {@code gen.image("flux-schnell").prompt(…).size(1024, 1024)}. */
  public static final class Image extends Images<Image> {
    Image(Generator generator, String model) {
      super(generator, Task.TEXT_TO_IMAGE, model);
    }

    @Override
    Task task() {
      return Task.TEXT_TO_IMAGE;
    }
  }

  /**
   * Builds an edit: inpainting when a mask is given, image-to-image from one input image, or a
   * multi-reference edit from reference images.
   */
  public static final class Edit extends Images<Edit> {
    private boolean hasImage;
    private boolean hasMask;
    private boolean hasReferences;

    Edit(Generator generator, String model) {
      super(generator, Task.IMAGE_TO_IMAGE, model);
    }

    /** Sets the image to edit. */
    public Edit image(Media image) {
      request.image(image);
      hasImage = image != null;
      return this;
    }

    /** Sets the inpainting mask (white is repainted). */
    public Edit mask(Media mask) {
      request.mask(mask);
      hasMask = mask != null;
      return this;
    }

    /** Sets how far the result may depart from the input, 0..1. */
    public Edit strength(BigDecimal strength) {
      request.strength(strength);
      return this;
    }

    @Override
    public Edit reference(Media media) {
      hasReferences = true;
      return super.reference(media);
    }

    @Override
    Task task() {
      if (hasMask) return Task.INPAINT;
      if (hasReferences) return Task.MULTI_REFERENCE;
      return Task.IMAGE_TO_IMAGE;
    }

    boolean hasImage() {
      return hasImage;
    }
  }

  /**
   * Builds a video request: text-to-video, image-to-video when a start image is given, or
   * video-to-video when an input video is given.
   */
  public static final class Video extends RequestBuilder<Video> {
    private boolean hasImage;
    private boolean hasVideo;

    Video(Generator generator, String model) {
      super(generator, Task.TEXT_TO_VIDEO, model);
    }

    /** Sets the length. */
    public Video duration(Duration duration) { request.duration(duration); return this; }
    /** Sets the resolution, such as {@code 720p} or {@code 1080p}. */
    public Video resolution(String resolution) { request.resolution(resolution); return this; }
    /** Sets the frame size in pixels. */
    public Video size(int width, int height) { request.size(width, height); return this; }
    /** Sets the aspect ratio, such as {@code 16:9}. */
    public Video aspectRatio(String ratio) { request.aspectRatio(ratio); return this; }
    /** Sets the frame rate. */
    public Video fps(int fps) { request.fps(fps); return this; }
    /** Asks for generated audio. */
    public Video audio(boolean audio) { request.audio(audio); return this; }
    /** Asks for voice control. */
    public Video voiceControl(boolean voiceControl) { request.voiceControl(voiceControl); return this; }
    /** Adds a reference image. */
    public Video reference(Media media) { request.reference(media); return this; }

    /** Sets the start image, making this image-to-video. */
    public Video image(Media image) {
      request.image(image);
      hasImage = image != null;
      return this;
    }

    /** Sets an input video, making this video-to-video. */
    public Video video(Media video) {
      request.video(video);
      hasVideo = video != null;
      return this;
    }

    @Override
    Task task() {
      if (hasVideo) return Task.VIDEO_TO_VIDEO;
      return hasImage ? Task.IMAGE_TO_VIDEO : Task.TEXT_TO_VIDEO;
    }
  }

  /**
   * Builds a request that transforms one input image: an upscale, a background removal, or a
   * pose, depth, edge or segmentation map.
   */
  public static final class ImageInput extends RequestBuilder<ImageInput> {
    private final Task task;

    ImageInput(Generator generator, Task task, String model) {
      super(generator, task, model);
      this.task = task;
    }

    /** Sets the input image. */
    public ImageInput image(Media image) { request.image(image); return this; }
    /** Sets the upscale factor, for upscales. */
    public ImageInput factor(int factor) { request.upscaleFactor(factor); return this; }
    /** Sets the output size, where the task allows one. */
    public ImageInput size(int width, int height) { request.size(width, height); return this; }

    @Override
    Task task() {
      return task;
    }
  }

  /**
   * Builds a text request, such as writing an image prompt with a language model:
   * {@code gen.text("grok-4.3").system("You write image prompts.").prompt("a red bicycle").generate().text()}.
   * The prompt is the user message; the result's {@link Generation#text()} is the model's answer and
   * {@link Generation#usage()} its token counts.
   */
  public static final class Text extends RequestBuilder<Text> {
    Text(Generator generator, String model) {
      super(generator, Task.TEXT, model);
    }

    /** Sets the system message: the instructions the model follows for the prompt. */
    public Text system(String system) { request.system(system); return this; }
    /** Sets the most output tokens the answer may have, at least 1. */
    public Text maxTokens(int maxTokens) { request.maxTokens(maxTokens); return this; }
    /** Sets the sampling temperature, 0..2: lower is more focused, higher more varied. */
    public Text temperature(double temperature) {
      if (!Double.isFinite(temperature)) throw new InvalidRequestException("temperature is not a number: " + temperature);
      // The decimal as written (0.7 stays 0.7), never the double's binary expansion.
      request.temperature(BigDecimal.valueOf(temperature));
      return this;
    }
    /**
     * Asks for JSON that follows {@code schema}, the JSON text of a JSON Schema object; only offers
     * that take a schema are chosen.
     *
     * @throws InvalidRequestException if {@code schema} is not the JSON text of an object
     */
    public Text jsonSchema(String schema) { request.jsonSchema(schema); return this; }

    @Override
    Task task() {
      return Task.TEXT;
    }
  }

  /** Builds a LoRA training run from an archive of images; the result's asset is the weights file. */
  public static final class Train extends RequestBuilder<Train> {
    Train(Generator generator, String model) {
      super(generator, Task.LORA_TRAINING, model);
    }

    /** Sets the archive (a zip) of training images. */
    public Train images(Media archive) { request.image(archive); return this; }
    /** Sets the training steps. */
    public Train steps(int steps) { request.steps(steps); return this; }
    /** Sets the word that will trigger the trained LoRA. */
    public Train triggerWord(String word) { request.triggerWord(word); return this; }

    @Override
    Task task() {
      return Task.LORA_TRAINING;
    }
  }
}
