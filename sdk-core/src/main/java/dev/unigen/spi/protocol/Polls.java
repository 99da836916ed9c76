package dev.unigen.spi.protocol;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.PollResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What a failed status or result read means for a job, the same for every queue protocol; a
 * provider module whose API has its own status read settles it here too.
 */
public final class Polls {
  private Polls() {}

  /**
   * {@code poll} with its failures settled: a rate limit or a retryable failure fails the future
   * again, so the generator polls later; any other typed error (a 404 for a job the provider no
   * longer knows, a refused read) ends the job as failed.
   */
  public static CompletableFuture<PollResult> settle(CompletableFuture<PollResult> poll) {
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

  /**
   * {@code read}, the read of a result the provider said is complete, with its failures settled:
   * the work ran, so whatever fails is billed. A refused input or a moderation refusal ends the job
   * as failed (billed as the offer's failure billing says); a result that holds nothing usable ends
   * it as failed after running; anything else (a lost connection, a server error, a body that
   * breaks) is {@link PollResult#unreadable}, so the generator reads it again, a bounded number of
   * times.
   */
  static CompletableFuture<PollResult> completed(String provider, CompletableFuture<PollResult> read) {
    return read.handle((result, error) -> {
      if (error == null) return result;
      Throwable cause = error;
      while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
      if (cause instanceof InvalidRequestException || cause instanceof ContentModeratedException) {
        return PollResult.failed((GenerationException) cause);
      }
      if (cause instanceof NoOutputException) return PollResult.failedAfterRunning((GenerationException) cause);
      GenerationException why = cause instanceof GenerationException ? (GenerationException) cause
          : new ProviderFailureException(provider, "reading the completed result failed: " + cause, 0, true, cause);
      return PollResult.unreadable(why);
    });
  }

  private static boolean worthPollingAgain(GenerationException e) {
    return e instanceof RateLimitedException
        || (e instanceof ProviderFailureException && ((ProviderFailureException) e).retryable());
  }
}
