package dev.unigen;

import java.util.List;

/** Every offer in the plan was tried and none succeeded; {@link #attempts()} says why for each. */
public final class AllProvidersFailedException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final transient List<Attempt> attempts;

  /** Creates the exception from the attempts, in the order they were made. */
  public AllProvidersFailedException(List<Attempt> attempts) {
    super(describe(attempts), attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).error().orElse(null));
    this.attempts = List.copyOf(attempts);
  }

  /** Every attempt, in order. */
  public List<Attempt> attempts() {
    return attempts;
  }

  private static String describe(List<Attempt> attempts) {
    StringBuilder s = new StringBuilder("all ").append(attempts.size()).append(" offers failed");
    for (Attempt a : attempts) s.append("\n  ").append(a);
    return s.toString();
  }
}
