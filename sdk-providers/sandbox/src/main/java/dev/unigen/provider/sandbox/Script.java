package dev.unigen.provider.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The scripted outcomes of a {@link SandboxProvider}: a queue consumed one per submit, then a
 * standing outcome (success, or one failure for every call). Threadsafe.
 */
final class Script {
  /** One scripted submit; {@code failure} is null for a success. */
  static final class Step {
    final SandboxFailure failure;

    Step(SandboxFailure failure) {
      this.failure = failure;
    }
  }

  private final Deque<Step> queue;
  private final SandboxFailure always;

  Script(List<Step> steps, SandboxFailure always) {
    this.queue = new ArrayDeque<>(steps);
    this.always = always;
  }

  /** Takes the next outcome: empty for a success. */
  synchronized Optional<SandboxFailure> next() {
    Step step = queue.poll();
    return Optional.ofNullable(step != null ? step.failure : always);
  }
}
