package dev.unigen;

import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;

/**
 * No offer can serve the request: the plan is empty. The message and {@link #plan()} say why for
 * every candidate offer. Thrown before any network call.
 */
public final class NoOfferException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final transient Plan plan;

  /** Creates the exception for an empty {@code plan}. */
  public NoOfferException(Plan plan) {
    super(describe(plan));
    this.plan = plan;
  }

  /** For an empty plan of one part of something larger, such as a chain's step; {@code context} leads the message. */
  NoOfferException(String context, Plan plan) {
    super(context + ": " + describe(plan));
    this.plan = plan;
  }

  /** The empty plan, with every exclusion and its reason. */
  public Plan plan() {
    return plan;
  }

  private static String describe(Plan plan) {
    StringBuilder s = new StringBuilder("no offer can serve ").append(plan.request());
    if (plan.excluded().isEmpty()) {
      s.append(": no configured provider offers ").append(plan.request().model().orElse(plan.request().task().wireName()));
    }
    for (Exclusion e : plan.excluded()) {
      s.append("\n  ").append(e.offer().key()).append(": ").append(e.detail());
    }
    return s.toString();
  }
}
