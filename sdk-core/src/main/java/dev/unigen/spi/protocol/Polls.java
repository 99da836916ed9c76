package dev.unigen.spi.protocol;

import dev.unigen.GenerationException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.PollResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What a failed status or result read means for a job, the same for every queue protocol. */
final class Polls {
  private Polls() {}

  /**
   * {@code poll} with its failures settled: a rate limit or a retryable failure fails the future
   * again, so the generator polls later; any other typed error ends the job as failed.
   */
  static CompletableFuture<PollResult> settle(CompletableFuture<PollResult> poll) {
    return poll.handle((result, error) -> {
      if (error == null) return result;
      Throwable cause = error;
      while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
      if (cause instanceof GenerationException && !worthPollingAgain((GenerationException) cause)) {
        return PollResult.failed((GenerationException) cause);
      }
      throw cause instanceof CompletionException ? (CompletionException) cause : new CompletionException(cause);
    });
  }

  private static boolean worthPollingAgain(GenerationException e) {
    return e instanceof RateLimitedException
        || (e instanceof ProviderFailureException && ((ProviderFailureException) e).retryable());
  }
}
