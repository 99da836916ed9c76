package dev.unigen.testkit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.Submission;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;

/** Running a provider by hand in a test, as the generator would: calls, waits and canned answers. */
public final class TestCalls {
  /** How long a test waits for a provider's future before it fails. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private TestCalls() {}

  /**
   * A call of {@code request} on {@code provider}'s offer of the request's model, with a fresh id,
   * no estimate and a two-minute timeout.
   *
   * @throws IllegalArgumentException if the request names no model the provider offers
   */
  public static ProviderCall call(Provider provider, Request request) {
    String model = request.model().orElseThrow(() -> new IllegalArgumentException("the request names no model"));
    Offer offer = provider.catalog().offer(provider.name(), model)
        .orElseThrow(() -> new IllegalArgumentException(provider.name() + " offers no " + model));
    return call(offer, request);
  }

  /** A call of {@code request} on {@code offer}, with a fresh id, no estimate and a two-minute timeout. */
  public static ProviderCall call(Offer offer, Request request) {
    return new ProviderCall("call-" + UUID.randomUUID(), request, offer, null, Duration.ofMinutes(2));
  }

  /** Submits {@link #call(Provider, Request) a call} of {@code request} and waits for its submission. */
  public static Submission submit(Provider provider, Request request) {
    return await(provider.submit(call(provider, request)));
  }

  /** Submits {@link #call(Provider, Request) a call} of {@code request} and returns the {@code type} it failed with. */
  public static <E extends Throwable> E failure(Class<E> type, Provider provider, Request request) {
    return failure(type, () -> provider.submit(call(provider, request)));
  }

  /** Waits for {@code future}'s value; a failure or no answer within {@link #WAIT} fails the test. */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within " + WAIT, e);
    }
  }

  /**
   * Waits for {@code future} to fail and returns why, unwrapped from any {@link CompletionException};
   * a value or no answer within {@link #WAIT} fails the test.
   */
  public static Throwable failure(CompletableFuture<?> future) {
    Object value;
    try {
      value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
      return cause;
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within " + WAIT, e);
    }
    throw new AssertionError("expected a failure, got " + value);
  }

  /** Waits for {@code future} to fail with a {@code type} and returns it; any other outcome fails the test. */
  public static <E extends Throwable> E failure(Class<E> type, CompletableFuture<?> future) {
    return assertInstanceOf(type, failure(future));
  }

  /**
   * Runs {@code call} and returns the {@code type} it failed with, whether it threw at once or
   * completed its future exceptionally; any other outcome fails the test.
   */
  public static <E extends Throwable> E failure(Class<E> type, Supplier<? extends CompletableFuture<?>> call) {
    CompletableFuture<?> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      return assertInstanceOf(type, e);
    }
    return failure(type, future);
  }

  /** An answer with status {@code code} and the JSON {@code body}. */
  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }
}
