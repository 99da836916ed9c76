package dev.unigen;

import dev.unigen.catalog.Offer;
import dev.unigen.internal.Validation;
import dev.unigen.money.Money;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a chain's step declarations into the requests that are priced and sent: earlier outputs
 * filled in (placeholders of the expected size when quoting), the chain's tags added, and the
 * size each step is expected to produce carried to the steps after it.
 */
final class ChainQuotes {
  /** A step whose output size nothing states is priced as one image of this size. */
  static final Size FALLBACK_SIZE = Size.of(1024, 1024);

  private ChainQuotes() {}

  /** Checks every step's request, with placeholders for earlier outputs, before anything is priced. */
  static void checkRequests(Chain chain) {
    for (Chain.StepSpec s : chain.steps) {
      try {
        Validation.check(request(chain, s, "check", in -> placeholder(in, null, null)));
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("step " + s.name + ": " + e.getMessage());
      }
    }
  }

  /**
   * Prices every step on the generator's selector; {@code known} holds the real output sizes of
   * steps already done (a resumed run), which later steps are priced on.
   */
  static Chain.Quote quote(Chain chain, Selector selector, Map<String, Size> known) {
    Map<String, Size> sizes = new HashMap<>(known);
    Map<String, java.time.Duration> durations = new HashMap<>();
    List<Chain.StepQuote> quotes = new ArrayList<>(chain.steps.size());
    Money total = Money.zero(selector.currency());
    boolean complete = true;
    for (Chain.StepSpec s : chain.steps) {
      Request r = request(chain, s, "quote", in -> placeholder(in, sizes.get(in.ref.step), durations.get(in.ref.step)));
      Plan plan = selector.plan(r);
      if (plan.isEmpty()) throw new NoOfferException("chain " + chain.name + ", step " + s.name, plan);
      Offer best = plan.best().get().offer();
      Size out = known.containsKey(s.name) ? known.get(s.name) : outputSize(r, best);
      if (out != null) sizes.put(s.name, out);
      r.duration().or(() -> best.capabilities().defaultDuration()).ifPresent(d -> durations.put(s.name, d));
      Chain.StepQuote q = new Chain.StepQuote(s.name, plan, out);
      if (q.estimate().isPresent()) total = total.plus(q.estimate().get());
      else complete = false;
      quotes.add(q);
    }
    return new Chain.Quote(chain.name, quotes, total, complete);
  }

  /**
   * Step {@code s}'s request for run {@code runId}, each input taken from {@code source}: a
   * {@code String} for text slots, a {@link Media} for the others.
   */
  static Request request(Chain chain, Chain.StepSpec s, String runId, Function<Chain.Input, Object> source) {
    Request.Builder b = s.request.build().toBuilder().task(s.task());
    for (Chain.Input in : s.inputs) {
      Object value = source.apply(in);
      switch (in.slot) {
        case PROMPT: b.prompt((String) value); break;
        case NEGATIVE_PROMPT: b.negativePrompt((String) value); break;
        case SYSTEM: b.system((String) value); break;
        case IMAGE: b.image((Media) value); break;
        case MASK: b.mask((Media) value); break;
        case REFERENCE: b.reference((Media) value); break;
        case CONTROL_NET: b.controlNet(ControlNet.of(in.kind, (Media) value)); break;
        case VIDEO: b.video((Media) value); break;
        default: throw new AssertionError(in.slot);
      }
    }
    tags(chain, runId, s.name).forEach(b::tag);
    return b.build();
  }

  /** The tags of step {@code step}'s calls in run {@code runId}: the chain's own, and its name, run and step. */
  static Map<String, String> tags(Chain chain, String runId, String step) {
    Map<String, String> tags = new java.util.LinkedHashMap<>(chain.tags);
    tags.put(Chain.TAG, chain.name);
    tags.put(Chain.RUN_TAG, runId);
    tags.put(Chain.STEP_TAG, step);
    return tags;
  }

  /** What stands in for an earlier output before it exists: a prompt-like text, or media of the expected size. */
  private static Object placeholder(Chain.Input in, Size size, java.time.Duration duration) {
    if (in.slot.takesText()) return "(the text of step " + in.ref.step + ")";
    Media m = Media.url("https://chain.invalid/" + in.ref.step);
    if (size != null) m = m.withSize(size.width(), size.height());
    if (duration != null) m = m.withDuration(duration);
    return m;
  }

  /**
   * The size of the image (or video frame) a step is expected to produce: the size it asks for, its
   * input enlarged by an upscale, its input's size for an edit or a map, a video resolution's frame,
   * or the chosen offer's default size.
   */
  static Size outputSize(Request r, Offer offer) {
    Task t = r.task();
    if (t == Task.TEXT || t == Task.LORA_TRAINING) return null;
    if (r.size().isPresent()) return r.size().get();
    Size in = r.image().flatMap(Media::size).orElse(null);
    if (t == Task.UPSCALE) {
      return in == null ? null : Size.of(in.width() * r.upscaleFactor().orElse(2), in.height() * r.upscaleFactor().orElse(2));
    }
    if (t.producesVideo()) {
      return r.resolution().flatMap(Size::videoFrame).orElse(in);
    }
    if (in != null && t != Task.TEXT_TO_IMAGE && t != Task.MULTI_REFERENCE) return in;
    return offer.capabilities().defaultSize().orElse(FALLBACK_SIZE);
  }
}
