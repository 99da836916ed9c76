package dev.unigen;

import dev.unigen.jobs.Job;
import dev.unigen.money.Money;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The part every fluent request shares: prompt, seed, count, tags, a cost cap, allowed
 * providers, provider-specific options, and the four ways to end — {@link #quote()},
 * {@link #generate()}, {@link #generateAsync()} and {@link #submit()}. Each ending validates the
 * request first and throws {@link InvalidRequestException} before any network call. Not
 * threadsafe; a builder can end more than once.
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
  /** Sets the seed; all 64 bits are kept. */
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
    Request r = request.task(task()).build();
    Validation.check(r);
    return r;
  }

  /**
   * Prices every offer able to serve the request, without calling any provider.
   *
   * @throws InvalidRequestException if the request is invalid
   */
  public Plan quote() {
    return generator.quote(build());
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
    return generator.generate(build());
  }

  /**
   * Runs the request in the background.
   *
   * @throws InvalidRequestException if the request is invalid (before any call)
   */
  public CompletableFuture<Generation> generateAsync() {
    return generator.generateAsync(build());
  }

  /**
   * Submits the request as a {@link Job} and returns at once.
   *
   * @throws InvalidRequestException if the request is invalid (before any call)
   */
  public Job<Generation> submit() {
    return generator.submit(build());
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
    public B controlNet(dev.unigen.request.ControlNetKind kind, Media guide) {
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
}
