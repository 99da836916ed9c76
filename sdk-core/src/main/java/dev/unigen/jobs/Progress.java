package dev.unigen.jobs;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How far a job has got, as far as the provider says: its queue position, a percentage, and new
 * log lines. Immutable.
 */
public final class Progress {
  private final String state;
  private final Integer queuePosition;
  private final Integer percent;
  private final List<String> logs;

  /** Creates a progress report; {@code queuePosition} and {@code percent} may be null. */
  public Progress(String state, Integer queuePosition, Integer percent, List<String> logs) {
    this.state = state;
    this.queuePosition = queuePosition;
    this.percent = percent;
    this.logs = List.copyOf(logs);
  }

  /** The provider's own status word, such as {@code IN_QUEUE}. */
  public Optional<String> state() { return Optional.ofNullable(state); }
  /** The position in the provider's queue, 0 being next. */
  public OptionalInt queuePosition() { return queuePosition == null ? OptionalInt.empty() : OptionalInt.of(queuePosition); }
  /** Percent done, 0..100. */
  public OptionalInt percent() { return percent == null ? OptionalInt.empty() : OptionalInt.of(percent); }
  /** Log lines reported with this update. */
  public List<String> logs() { return logs; }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Progress(");
    if (state != null) s.append(state);
    if (queuePosition != null) s.append(" queue=").append(queuePosition);
    if (percent != null) s.append(' ').append(percent).append('%');
    if (!logs.isEmpty()) s.append(" logs=").append(logs.size());
    return s.append(')').toString();
  }
}
