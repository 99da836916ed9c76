package dev.unigen;

import dev.unigen.jobs.Job;
import dev.unigen.money.Money;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Selector;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A multi-step generation — a prompt written by a language model, an image, a mask, an inpaint,
 * an upscale, a video — priced as a whole before anything is paid and run step by step, each step
 * failing over like a single request. Steps name their inputs with {@link #from(String)}: the text
 * of a text step as a prompt, an image as input, mask, reference or control image, a video as
 * input.
 *
 * <pre>{@code
 * Chain chain = gen.chain("premium-photo")
 *     .text("prompt", s -> s.system("You write image prompts.").prompt("a woman in a red coat"))
 *     .image("base", s -> s.model("flux-dev").prompt(from("prompt")).size(1024, 1024))
 *     .preprocess("mask", Task.SEGMENTATION, from("base"))
 *     .edit("dressed", s -> s.inpaint(from("base"), from("mask")).prompt("a blue dress"))
 *     .upscale("final", 4, from("dressed"))
 *     .build();
 * Chain.Quote quote = chain.quote();   // every step priced, nothing paid
 * Chain.Result result = chain.run();   // steps in order, independent ones at once
 * }</pre>
 *
 * <p>With a budget, the whole chain's estimate is reserved before the first step, so a chain the
 * cap cannot finish never starts. A step that fails stops the chain: what earlier steps produced
 * is kept, recorded and returned. Each step is journaled, so {@link #resume(String)} after a
 * restart goes on from the first unfinished step without buying a finished one again. Ledger
 * entries carry the tags {@code chain}, {@code chain.run} and {@code chain.step}. Immutable and
 * threadsafe; one chain can run many times.
 */
public final class Chain {
  /** The tag key under which ledger entries and budgets see the chain's name. */
  public static final String TAG = "chain";
  /** The tag key of the run id. */
  public static final String RUN_TAG = "chain.run";
  /** The tag key of the step name. */
  public static final String STEP_TAG = "chain.step";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
  private static final Set<Task> PREPROCESSORS =
      EnumSet.of(Task.POSE_MAP, Task.DEPTH_MAP, Task.EDGE_MAP, Task.SEGMENTATION, Task.REMOVE_BACKGROUND);

  final Generator generator;
  final String name;
  final List<StepSpec> steps;
  final Map<String, String> tags;

  private Chain(Builder b) {
    this.generator = b.generator;
    this.name = b.name;
    this.steps = List.copyOf(b.steps);
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
  }

  /**
   * Starts declaring a chain that is not yet bound to a generator: it can be priced with
   * {@link #quote(Selector)} (the planner does) and bound with {@link #on(Generator)} to run.
   *
   * @throws InvalidRequestException if {@code name} is not 1-40 letters, digits, '-' or '_'
   */
  public static Builder builder(String name) {
    return builder(null, name);
  }

  /**
   * Reads a chain declared in JSON (see {@code docs/chains.md}); {@code source} names it in errors.
   *
   * @throws InvalidRequestException if the JSON is malformed or the chain's wiring is wrong, naming where
   */
  public static Chain fromJson(String json, String source) {
    return ChainJson.read(json, source);
  }

  /** This chain, run by {@code generator}: same steps, same tags. */
  public Chain on(Generator generator) {
    Builder b = new Builder(Objects.requireNonNull(generator, "generator"), name);
    b.steps.addAll(steps);
    b.tags.putAll(tags);
    return new Chain(b);
  }

  static Builder builder(Generator generator, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidRequestException("chain name must be 1-40 letters, digits, '-' or '_', starting with a letter or digit: " + name);
    }
    return new Builder(generator, name);
  }

  /** A reference to the output of the earlier step {@code step}: its text, or its first image or video. */
  public static Ref from(String step) {
    return new Ref(Objects.requireNonNull(step, "step"));
  }

  /** The chain's name, also its {@value #TAG} tag in the ledger. */
  public String name() {
    return name;
  }

  /** The step names in the order they were declared. */
  public List<String> stepNames() {
    List<String> names = new ArrayList<>(steps.size());
    for (StepSpec s : steps) names.add(s.name);
    return names;
  }

  /** The task of step {@code step}. @throws IllegalArgumentException if there is no such step */
  public Task task(String step) {
    return spec(step).task();
  }

  /**
   * The model step {@code step} names; empty when it takes the cheapest offer of any model able to serve it.
   *
   * @throws IllegalArgumentException if there is no such step
   */
  public Optional<String> model(String step) {
    return spec(step).request.build().model();
  }

  StepSpec spec(String step) {
    for (StepSpec s : steps) if (s.name.equals(step)) return s;
    throw new IllegalArgumentException("chain " + name + " has no step " + step);
  }

  /**
   * Prices every step with the generator's strategy, each on the sizes the steps before it produce,
   * without calling any provider.
   *
   * @throws NoOfferException if a step has no offer able to serve it
   */
  public Quote quote() {
    return ChainQuotes.quote(this, bound().selector(), Map.of());
  }

  /**
   * Prices every step as {@link #quote()} does, on {@code selector}'s catalog and strategy.
   *
   * @throws NoOfferException if a step has no offer able to serve it
   */
  public Quote quote(Selector selector) {
    return ChainQuotes.quote(this, Objects.requireNonNull(selector, "selector"), Map.of());
  }

  Generator bound() {
    if (generator == null) {
      throw new IllegalStateException("chain " + name + " was declared without a generator: run it with chain.on(generator)");
    }
    return generator;
  }

  /**
   * Runs the chain under a new run id and waits for it. A step that fails stops the chain; the
   * result then holds what the earlier steps produced and the failure.
   *
   * @throws NoOfferException if a step has no offer able to serve it (before any call)
   * @throws dev.unigen.budget.BudgetExceededException if the budget cannot hold the whole chain's
   *     estimate (before any call)
   * @throws IllegalStateException if the chain is not bound to a generator
   */
  public Result run() {
    return ChainRun.await(runAsync());
  }

  /**
   * Runs the chain in the background; the future completes with the result, which says whether a
   * step failed.
   *
   * @throws NoOfferException if a step has no offer able to serve it (before any call)
   * @throws dev.unigen.budget.BudgetExceededException if the budget cannot hold the whole chain's
   *     estimate (before any call)
   */
  public CompletableFuture<Result> runAsync() {
    return new ChainRun(this, dev.unigen.internal.Ids.random(), false).start();
  }

  /**
   * Starts the chain as a {@link Job}: its id is the run id, its progress tells each finished step,
   * and canceling it stops the chain before its next step and cancels the running ones.
   *
   * @throws NoOfferException if a step has no offer able to serve it (before any call)
   * @throws dev.unigen.budget.BudgetExceededException if the budget cannot hold the whole chain's estimate
   */
  public Job<Result> submit() {
    return new ChainRun(this, dev.unigen.internal.Ids.random(), false).job();
  }

  /**
   * Goes on with run {@code runId} after a restart: steps the journal shows finished are restored,
   * not bought again; a step that was sent is followed to its end or looked up, never sent again;
   * the rest run as in {@link #run()}.
   *
   * @throws IllegalArgumentException if the journal knows no step of that run
   */
  public Result resume(String runId) {
    return ChainRun.await(new ChainRun(this, Objects.requireNonNull(runId, "runId"), true).start());
  }

  /** The ids of this chain's runs that the journal shows unfinished, oldest first. */
  public List<String> unfinishedRuns() {
    return ChainRun.unfinished(this);
  }

  @Override
  public String toString() {
    return "Chain(" + name + " " + stepNames() + ")";
  }

  /** A reference to an earlier step's output; see {@link Chain#from(String)}. */
  public static final class Ref {
    final String step;

    private Ref(String step) {
      this.step = step;
    }

    /** The step referred to. */
    public String step() {
      return step;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ref && ((Ref) o).step.equals(step);
    }

    @Override
    public int hashCode() {
      return step.hashCode();
    }

    @Override
    public String toString() {
      return "from(" + step + ")";
    }
  }

  /** Where in a step's request an earlier output goes. */
  enum Slot {
    PROMPT, NEGATIVE_PROMPT, SYSTEM, IMAGE, MASK, REFERENCE, CONTROL_NET, VIDEO;

    boolean takesText() {
      return this == PROMPT || this == NEGATIVE_PROMPT || this == SYSTEM;
    }
  }

  /** One input of a step taken from an earlier step. */
  static final class Input {
    final Slot slot;
    final Ref ref;
    final ControlNet.Kind kind;

    Input(Slot slot, Ref ref, ControlNet.Kind kind) {
      this.slot = slot;
      this.ref = Objects.requireNonNull(ref, "ref");
      this.kind = kind;
    }
  }

  /** What a step's builder makes of its inputs. */
  enum Kind {
    TEXT, IMAGE, EDIT, VIDEO, TRANSFORM
  }

  /**
   * Declares one step: its model (or none, for the cheapest capable one), its parameters, and
   * which inputs come from earlier steps. Setters mirror the single-request builders. Not threadsafe.
   */
  public static final class StepSpec {
    final String name;
    final Kind kind;
    final Request.Builder request;
    final List<Input> inputs = new ArrayList<>();
    private final Task fixedTask;
    private boolean hasImage;
    private boolean hasMask;
    private boolean hasReferences;
    private boolean hasVideo;

    StepSpec(String name, Kind kind, Task fixedTask) {
      this.name = name;
      this.kind = kind;
      this.fixedTask = fixedTask;
      this.request = Request.builder(fixedTask != null ? fixedTask : Task.TEXT_TO_IMAGE);
    }

    /** Sets the model; leave it out for the cheapest offer able to serve the step. */
    public StepSpec model(String model) {
      if (model == null || model.isBlank()) throw new InvalidRequestException("step " + name + ": model is blank");
      request.model(model);
      return this;
    }

    /** Sets the prompt. */
    public StepSpec prompt(String prompt) { request.prompt(prompt); return this; }
    /** Takes the prompt from the text of step {@code ref}. */
    public StepSpec prompt(Ref ref) { return input(Slot.PROMPT, ref, null); }
    /** Sets what the output should not show. */
    public StepSpec negativePrompt(String negativePrompt) { request.negativePrompt(negativePrompt); return this; }
    /** Takes the negative prompt from the text of step {@code ref}. */
    public StepSpec negativePrompt(Ref ref) { return input(Slot.NEGATIVE_PROMPT, ref, null); }
    /** Sets a text step's system message. */
    public StepSpec system(String system) { request.system(system); return this; }
    /** Takes a text step's system message from the text of step {@code ref}. */
    public StepSpec system(Ref ref) { return input(Slot.SYSTEM, ref, null); }
    /** Sets a text step's most output tokens. */
    public StepSpec maxTokens(int maxTokens) { request.maxTokens(maxTokens); return this; }
    /** Sets a text step's sampling temperature, 0..2. */
    public StepSpec temperature(BigDecimal temperature) { request.temperature(temperature); return this; }
    /** Sets the seed; leave it out for a random one. */
    public StepSpec seed(long seed) { request.seed(seed); return this; }
    /** Sets the output size in pixels. */
    public StepSpec size(int width, int height) { request.size(width, height); return this; }
    /** Sets the aspect ratio, such as {@code 16:9}. */
    public StepSpec aspectRatio(String ratio) { request.aspectRatio(ratio); return this; }
    /** Sets the inference steps. */
    public StepSpec steps(int steps) { request.steps(steps); return this; }
    /** Sets the guidance scale. */
    public StepSpec guidance(BigDecimal guidance) { request.guidance(guidance); return this; }
    /** Sets the quality, such as {@code hd}. */
    public StepSpec quality(String quality) { request.quality(quality); return this; }
    /** Sets a resolution, such as {@code 2K} for images or {@code 720p} for video. */
    public StepSpec resolution(String resolution) { request.resolution(resolution); return this; }
    /** Sets the output format, such as {@code png}. */
    public StepSpec outputFormat(String format) { request.outputFormat(format); return this; }
    /** Sets how far an edit may depart from its input, 0..1. */
    public StepSpec strength(BigDecimal strength) { request.strength(strength); return this; }
    /** Sets a video's length. */
    public StepSpec duration(Duration duration) { request.duration(duration); return this; }
    /** Sets a video's frame rate. */
    public StepSpec fps(int fps) { request.fps(fps); return this; }
    /** Asks a video for generated audio. */
    public StepSpec audio(boolean audio) { request.audio(audio); return this; }
    /** Sets an upscale's factor. */
    public StepSpec factor(int factor) { request.upscaleFactor(factor); return this; }
    /** Leaves out offers estimated above {@code maxCost} for this step. */
    public StepSpec maxCost(Money maxCost) { request.maxCost(maxCost); return this; }
    /** Allows {@code provider} for this step; once any is allowed, only allowed providers are used. */
    public StepSpec provider(String provider) { request.allowProvider(provider); return this; }
    /** Passes raw parameters to {@code provider} as they are. */
    public StepSpec providerOptions(String provider, Map<String, Object> options) { request.providerOptions(provider, options); return this; }

    /** Sets the input image (the start image of a video). */
    public StepSpec image(Media image) { request.image(image); hasImage = true; return this; }
    /** Takes the input image from step {@code ref}. */
    public StepSpec image(Ref ref) { hasImage = true; return input(Slot.IMAGE, ref, null); }
    /** Sets the inpainting mask (white is repainted). */
    public StepSpec mask(Media mask) { request.mask(mask); hasMask = true; return this; }
    /** Takes the inpainting mask from step {@code ref}. */
    public StepSpec mask(Ref ref) { hasMask = true; return input(Slot.MASK, ref, null); }
    /** Repaints the part of {@code image}'s output that {@code mask}'s output marks. */
    public StepSpec inpaint(Ref image, Ref mask) { return image(image).mask(mask); }
    /** Adds a reference image. */
    public StepSpec reference(Media media) { request.reference(media); hasReferences = true; return this; }
    /** Adds step {@code ref}'s image as a reference image. */
    public StepSpec reference(Ref ref) { hasReferences = true; return input(Slot.REFERENCE, ref, null); }
    /** Adds a ControlNet guide image of {@code kind}. */
    public StepSpec controlNet(ControlNet.Kind kind, Media guide) { request.controlNet(ControlNet.of(kind, guide)); return this; }
    /** Adds step {@code ref}'s image as a ControlNet guide of {@code kind}. */
    public StepSpec controlNet(ControlNet.Kind kind, Ref ref) { return input(Slot.CONTROL_NET, ref, Objects.requireNonNull(kind, "kind")); }
    /** Sets an input video, making a video step video-to-video. */
    public StepSpec video(Media video) { request.video(video); hasVideo = true; return this; }
    /** Takes the input video from step {@code ref}. */
    public StepSpec video(Ref ref) { hasVideo = true; return input(Slot.VIDEO, ref, null); }

    private StepSpec input(Slot slot, Ref ref, ControlNet.Kind kind) {
      inputs.add(new Input(slot, Objects.requireNonNull(ref, "ref"), kind));
      return this;
    }

    /** The task, from the step's kind and the inputs it was given. */
    Task task() {
      if (fixedTask != null) return fixedTask;
      switch (kind) {
        case EDIT:
          if (hasMask) return Task.INPAINT;
          if (hasReferences && !hasImage) return Task.MULTI_REFERENCE;
          return Task.IMAGE_TO_IMAGE;
        case VIDEO:
          if (hasVideo) return Task.VIDEO_TO_VIDEO;
          return hasImage ? Task.IMAGE_TO_VIDEO : Task.TEXT_TO_VIDEO;
        default:
          return hasReferences ? Task.MULTI_REFERENCE : Task.TEXT_TO_IMAGE;
      }
    }
  }

  /** Declares a chain's steps in order; {@link #build()} checks the wiring as a whole. Not threadsafe. */
  public static final class Builder {
    final Generator generator;
    final String name;
    final List<StepSpec> steps = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();

    private Builder(Generator generator, String name) {
      this.generator = generator;
      this.name = name;
    }

    /** Adds a text step, such as a prompt written by a language model. */
    public Builder text(String step, Consumer<StepSpec> spec) { return add(step, Kind.TEXT, Task.TEXT, spec); }
    /** Adds a text-to-image step (multi-reference when given reference images). */
    public Builder image(String step, Consumer<StepSpec> spec) { return add(step, Kind.IMAGE, null, spec); }
    /** Adds an edit: an inpaint when given a mask, image-to-image from one image, or multi-reference. */
    public Builder edit(String step, Consumer<StepSpec> spec) { return add(step, Kind.EDIT, null, spec); }
    /** Adds a video step: text-, image- or video-to-video by the inputs given. */
    public Builder video(String step, Consumer<StepSpec> spec) { return add(step, Kind.VIDEO, null, spec); }

    /** Adds an upscale of step {@code input}'s image by {@code factor}. */
    public Builder upscale(String step, int factor, Ref input) {
      return upscale(step, factor, input, s -> { });
    }

    /** Adds an upscale of step {@code input}'s image by {@code factor}, with more settings in {@code spec}. */
    public Builder upscale(String step, int factor, Ref input, Consumer<StepSpec> spec) {
      return add(step, Kind.TRANSFORM, Task.UPSCALE, s -> {
        s.factor(factor).image(input);
        spec.accept(s);
      });
    }

    /**
     * Adds a step that maps step {@code input}'s image: a segmentation, pose, depth or edge map, or a
     * background removal.
     *
     * @throws InvalidRequestException if {@code kind} is not one of those
     */
    public Builder preprocess(String step, Task kind, Ref input) {
      return preprocess(step, kind, input, s -> { });
    }

    /** As {@link #preprocess(String, Task, Ref)}, with more settings (a model, say) in {@code spec}. */
    public Builder preprocess(String step, Task kind, Ref input, Consumer<StepSpec> spec) {
      if (!PREPROCESSORS.contains(Objects.requireNonNull(kind, "kind"))) {
        throw new InvalidRequestException("step " + step + ": " + kind.wireName() + " is not a preprocessing task; use one of "
            + PREPROCESSORS.stream().map(Task::wireName).collect(java.util.stream.Collectors.joining(", ")));
      }
      return add(step, Kind.TRANSFORM, kind, s -> {
        s.image(input);
        spec.accept(s);
      });
    }

    /** Tags every step's cost in the ledger and the budget, such as {@code tag("user", "u-42")}. */
    public Builder tag(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (key.equals(TAG) || key.equals(RUN_TAG) || key.equals(STEP_TAG)) {
        throw new InvalidRequestException("tag " + key + " is set by the chain itself");
      }
      tags.put(key, Objects.requireNonNull(value, "value"));
      return this;
    }

    private Builder add(String step, Kind kind, Task task, Consumer<StepSpec> spec) {
      if (step == null || !NAME.matcher(step).matches()) {
        throw new InvalidRequestException("step name must be 1-40 letters, digits, '-' or '_', starting with a letter or digit: " + step);
      }
      for (StepSpec s : steps) {
        if (s.name.equals(step)) throw new InvalidRequestException("chain " + name + " has two steps named " + step);
      }
      StepSpec s = new StepSpec(step, kind, task);
      Objects.requireNonNull(spec, "spec").accept(s);
      steps.add(s);
      return this;
    }

    /**
     * Checks the wiring as a whole and returns the chain: every reference names an earlier step
     * whose output fits where it goes, and every step's request is valid.
     *
     * @throws InvalidRequestException naming the step and what is wrong
     */
    public Chain build() {
      if (steps.isEmpty()) throw new InvalidRequestException("chain " + name + " has no steps");
      Map<String, Task> earlier = new LinkedHashMap<>();
      for (StepSpec s : steps) {
        for (Input in : s.inputs) {
          Task from = earlier.get(in.ref.step);
          if (from == null) {
            boolean later = steps.stream().anyMatch(o -> o.name.equals(in.ref.step));
            throw new InvalidRequestException("step " + s.name + ": " + in.ref + (later
                ? " is not an earlier step; a step takes inputs only from steps declared before it"
                : " names no step of chain " + name + dev.unigen.internal.Suggest.didYouMean(in.ref.step, earlier.keySet())));
          }
          String produces = produces(from);
          String wants = in.slot.takesText() ? "text" : in.slot == Slot.VIDEO ? "video" : "image";
          if (!produces.equals(wants)) {
            throw new InvalidRequestException("step " + s.name + ": its " + in.slot.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + " needs " + wants + ", but step " + in.ref.step + " (" + from.wireName() + ") produces " + produces);
          }
        }
        earlier.put(s.name, s.task());
      }
      Chain chain = new Chain(this);
      // Each step's request as it will be sent, with placeholders for earlier outputs.
      ChainQuotes.checkRequests(chain);
      return chain;
    }

    private static String produces(Task task) {
      if (task == Task.TEXT) return "text";
      if (task.producesVideo()) return "video";
      if (task == Task.LORA_TRAINING) return "weights";
      return "image";
    }
  }

  /** What a step would cost: the offers able to serve it, best first, and why others cannot. */
  public static final class StepQuote {
    private final String step;
    private final Plan plan;
    private final Size outputSize;

    StepQuote(String step, Plan plan, Size outputSize) {
      this.step = step;
      this.plan = plan;
      this.outputSize = outputSize;
    }

    /** The step's name. */
    public String step() { return step; }
    /** The step's task. */
    public Task task() { return plan.request().task(); }
    /** The whole plan: the quotes in the strategy's order and the exclusions with their reasons. */
    public Plan plan() { return plan; }
    /** The offer the step would run on first. */
    public dev.unigen.routing.Quote chosen() { return plan.best().orElseThrow(); }
    /** The chosen offer's estimate; empty when that offer is unpriced. */
    public Optional<Money> estimate() { return chosen().estimate(); }
    /** The size of the image or video frame the step is expected to produce, which later steps are priced on. */
    public Optional<Size> outputSize() { return Optional.ofNullable(outputSize); }

    @Override
    public String toString() {
      return step + " " + task().wireName() + " " + chosen().provider() + "/" + chosen().offer().model() + " "
          + estimate().map(Money::toString).orElse("unpriced");
    }
  }

  /** A chain's price before it runs: each step's quote and the total. */
  public static final class Quote {
    private final String chain;
    private final List<StepQuote> steps;
    private final Money total;
    private final boolean complete;

    Quote(String chain, List<StepQuote> steps, Money total, boolean complete) {
      this.chain = chain;
      this.steps = List.copyOf(steps);
      this.total = total;
      this.complete = complete;
    }

    /** The chain's name. */
    public String chain() { return chain; }
    /** Each step's quote, in the order the steps were declared. */
    public List<StepQuote> steps() { return steps; }
    /** The quote of step {@code step}. @throws IllegalArgumentException if there is no such step */
    public StepQuote step(String step) {
      for (StepQuote s : steps) if (s.step().equals(step)) return s;
      throw new IllegalArgumentException("no step " + step);
    }
    /** The sum of the chosen offers' estimates; a lower bound when {@link #complete()} is false. */
    public Money total() { return total; }
    /** False when a step's chosen offer is unpriced, so the total leaves it out. */
    public boolean complete() { return complete; }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("chain ").append(chain).append(": ").append(total).append(complete ? "" : " + unpriced");
      for (StepQuote s : steps) b.append("\n  ").append(s);
      return b.toString();
    }
  }

  /**
   * What a run produced: each finished step's generation, the quote it started from, and, if a step
   * failed, which one and why. Earlier steps' outputs are kept when a later one fails.
   */
  public static final class Result {
    private final String chain;
    private final String runId;
    private final Map<String, Generation> generations;
    private final Quote quote;
    private final String failedStep;
    private final GenerationException failure;
    private final List<String> restored;
    private final Money actual;

    Result(String chain, String runId, Map<String, Generation> generations, Quote quote, String failedStep,
        GenerationException failure, List<String> restored, Money actual) {
      this.actual = actual;
      this.chain = chain;
      this.runId = runId;
      this.generations = Collections.unmodifiableMap(new LinkedHashMap<>(generations));
      this.quote = quote;
      this.failedStep = failedStep;
      this.failure = failure;
      this.restored = List.copyOf(restored);
    }

    /** The chain's name. */
    public String chain() { return chain; }
    /** The run id, the {@value Chain#RUN_TAG} tag of its ledger entries, and what {@link Chain#resume} takes. */
    public String runId() { return runId; }
    /** True when every step finished. */
    public boolean succeeded() { return failure == null; }
    /** The generations of the steps that finished, in the order the steps were declared. */
    public Map<String, Generation> steps() { return generations; }
    /** Step {@code step}'s generation, if it finished. */
    public Optional<Generation> step(String step) { return Optional.ofNullable(generations.get(step)); }
    /** The steps taken from the journal of an earlier process rather than run again. */
    public List<String> restored() { return restored; }
    /** The step that stopped the chain, if one did. */
    public Optional<String> failedStep() { return Optional.ofNullable(failedStep); }
    /** Why the chain stopped, if it did. */
    public Optional<GenerationException> failure() { return Optional.ofNullable(failure); }
    /** The quote the run started from. */
    public Quote quote() { return quote; }

    /** The sum of the finished steps' actual costs in the generator's currency; unpriced steps count zero. */
    public Money actual() { return actual; }

    /**
     * The last step's generation.
     *
     * @throws GenerationException the failure, if a step failed
     */
    public Generation last() {
      if (failure != null) throw failure;
      Generation last = null;
      for (Generation g : generations.values()) last = g;
      return last;
    }

    @Override
    public String toString() {
      return "chain " + chain + " run " + runId + (failure == null ? " succeeded" : " stopped at " + failedStep + ": "
          + failure.getMessage()) + ", actual " + actual() + " vs quoted " + quote.total();
    }
  }
}
