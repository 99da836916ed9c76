package dev.unigen.pricing;

import java.util.Objects;

/**
 * Whether a provider bills a failed attempt (R18): a failure on its side (5xx, a crashed runner),
 * an input it rejected after spending compute (fal may bill a 422), or a job canceled after it
 * started (Replicate bills the run time). Failover uses it to decide whether retrying elsewhere
 * risks paying twice. Immutable.
 */
public final class FailureBilling {
  /** Nothing failed is billed. */
  public static final FailureBilling NEVER = new FailureBilling(false, false, false);

  private final boolean providerError;
  private final boolean rejectedInput;
  private final boolean canceledAfterStart;

  private FailureBilling(boolean providerError, boolean rejectedInput, boolean canceledAfterStart) {
    this.providerError = providerError;
    this.rejectedInput = rejectedInput;
    this.canceledAfterStart = canceledAfterStart;
  }

  /** Returns the flags in the order of the accessors. */
  public static FailureBilling of(boolean providerError, boolean rejectedInput, boolean canceledAfterStart) {
    return new FailureBilling(providerError, rejectedInput, canceledAfterStart);
  }

  /** True if a failure on the provider's side is billed. */
  public boolean providerError() {
    return providerError;
  }

  /** True if an input rejected after compute was spent may be billed. */
  public boolean rejectedInput() {
    return rejectedInput;
  }

  /** True if a job canceled after it started is billed. */
  public boolean canceledAfterStart() {
    return canceledAfterStart;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FailureBilling)) return false;
    FailureBilling f = (FailureBilling) o;
    return providerError == f.providerError && rejectedInput == f.rejectedInput
        && canceledAfterStart == f.canceledAfterStart;
  }

  @Override
  public int hashCode() {
    return Objects.hash(providerError, rejectedInput, canceledAfterStart);
  }

  @Override
  public String toString() {
    return "FailureBilling(providerError=" + providerError + ", rejectedInput=" + rejectedInput
        + ", canceledAfterStart=" + canceledAfterStart + ")";
  }
}
