package dev.unigen.spi;

import dev.unigen.catalog.Catalog;
import java.util.concurrent.CompletableFuture;

/**
 * What a provider module implements: the offers it serves and how to run one call. A provider
 * either answers at once ({@link Submission#completed}) or accepts a job
 * ({@link Submission#accepted}) that Unigen then polls with {@link #poll}.
 *
 * <p>Methods return futures so that no thread waits on a provider: implementations use OkHttp's
 * asynchronous calls. Failures complete the future exceptionally with a
 * {@link dev.unigen.GenerationException} subtype that says what failover may do. Implementations
 * must be threadsafe.
 */
public interface Provider extends AutoCloseable {
  /** The provider's name as used in catalogs, such as {@code fal}. */
  String name();

  /** The offers this provider serves. */
  Catalog catalog();

  /**
   * Reads the provider's live prices where it has a pricing API, and completes with the offers to
   * serve from now on (which {@link #catalog()} then returns too); by default, the current ones.
   * A failure completes exceptionally and leaves the current offers in place.
   */
  default CompletableFuture<Catalog> refreshCatalog() {
    return CompletableFuture.completedFuture(catalog());
  }

  /** True if {@link #refreshCatalog()} reads live prices from the provider; false by default, when it reads nothing. */
  default boolean readsLivePrices() {
    return false;
  }

  /** Sends {@code call}; completes with the output or an accepted job. */
  CompletableFuture<Submission> submit(ProviderCall call);

  /**
   * Asks how an accepted job is doing. Providers that answer every submit at once never accept a
   * job, so the default completes with a non-retryable provider failure.
   */
  default CompletableFuture<PollResult> poll(JobRef job) {
    return CompletableFuture.failedFuture(new dev.unigen.ProviderFailureException(name(),
        "answers every submit at once, so has no job " + job.id() + " to poll"));
  }

  /** Asks the provider to cancel a job; completes with what it said, or false if it cannot. */
  default CompletableFuture<Boolean> cancel(JobRef job) {
    return CompletableFuture.completedFuture(false);
  }

  /**
   * True if {@link #find} can look up a call by the client-side id it was sent with
   * ({@link ProviderCall#id()}, sent as the provider's idempotency key or task id), as after a
   * restart that lost the submit's answer. False by default: such a call is then recorded as an
   * unknown outcome, with its estimate counted.
   */
  default boolean findsCalls() {
    return false;
  }

  /**
   * Looks up what {@code call} became, by its client-side id: the accepted job or the output, or
   * empty if the provider never received it. Only called when {@link #findsCalls()}; nothing is
   * submitted. Completes exceptionally when the provider cannot say. A provider whose
   * {@link #findsCalls()} is false is never asked, so it need not override this.
   */
  default CompletableFuture<java.util.Optional<Submission>> find(ProviderCall call) {
    return CompletableFuture.failedFuture(new IllegalStateException("find called on " + name() + ", whose findsCalls() is false"));
  }

  /**
   * Verifies and reads a webhook delivery (headers as the server received them, the raw body);
   * empty if the provider sends no webhooks or the delivery is not about a job.
   *
   * @throws dev.unigen.spi.WebhookRejectedException if verification fails
   */
  default java.util.Optional<WebhookEvent> webhook(java.util.Map<String, java.util.List<String>> headers, byte[] body) {
    return java.util.Optional.empty();
  }

  /** Releases what the provider holds; the shared HTTP client is not closed. */
  @Override
  default void close() {}
}
