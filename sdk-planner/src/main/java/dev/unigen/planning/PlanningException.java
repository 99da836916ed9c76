package dev.unigen.planning;

/**
 * A workload file that does not fit the format of {@code docs/planning.md}. The message names the
 * file, the workload line or scenario (its index and name) and the field, such as
 * {@code tiers.json: lines[2] (STARTER: FLUX schnell images): size: not a WxH size: 1024*1024}.
 */
public final class PlanningException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming file, line or scenario, and field. */
  public PlanningException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the cause. */
  public PlanningException(String message, Throwable cause) {
    super(message, cause);
  }
}
