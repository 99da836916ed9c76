package dev.unigen.spi.http;

import dev.unigen.NotSentException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.internal.SendWatch;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends requests with OkHttp's asynchronous calls and turns transport failures into the error
 * that failover can act on: a failure before the request reached the network is a
 * {@link NotSentException} (retryable, never billed); a failure after it may have been sent is, for a submit, an
 * {@link OutcomeUnknownException} — the provider may have accepted and may bill it, so it is never
 * re-sent.
 */
public final class HttpCalls {
  private HttpCalls() {}

  /** The mark of each call in flight, by identity (a {@link Call} does not override equals). */
  private static final java.util.concurrent.ConcurrentHashMap<Call, SendMark> MARKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Marks, per call, whether the request got as far as a connection, and tells the submit's watch. */
  static final class SendMark {
    final SendWatch watch;
    volatile boolean reachedNetwork;

    SendMark(SendWatch watch) {
      this.watch = watch;
    }
  }

  /**
   * A network interceptor the generator installs on its shared client: reaching it means a
   * connection exists and the request is about to be written.
   */
  public static final Interceptor NETWORK_MARKER = chain -> {
    SendMark mark = MARKS.get(chain.call());
    if (mark != null) {
      mark.reachedNetwork = true;
      if (mark.watch != null) mark.watch.written();
    }
    return chain.proceed(chain.request());
  };

  /**
   * Returns {@code client} with the network marker and {@link HttpLogging} installed, and with OkHttp's own silent retry
   * on connection failure turned off: OkHttp may otherwise re-send a POST whose connection broke
   * after it was written, and a provider could bill it twice. Safe retries are Unigen's to make.
   */
  public static OkHttpClient withMarker(OkHttpClient client) {
    if (client.networkInterceptors().contains(NETWORK_MARKER) && !client.retryOnConnectionFailure()) return client;
    OkHttpClient.Builder b = client.newBuilder().retryOnConnectionFailure(false);
    if (!client.networkInterceptors().contains(NETWORK_MARKER)) b.addNetworkInterceptor(NETWORK_MARKER);
    if (!client.interceptors().contains(HttpLogging.INSTANCE)) b.addInterceptor(HttpLogging.INSTANCE);
    return b.build();
  }

  /**
   * Sends {@code request}. {@code idempotent} says whether sending it twice is harmless (status
   * polls, downloads) or not (submits). The future completes with the response, which the caller
   * must close, or exceptionally with a provider error.
   */
  public static CompletableFuture<Response> send(OkHttpClient client, Request request, String provider,
      boolean idempotent) {
    SendWatch watch = SendWatch.current();
    SendMark mark = new SendMark(watch);
    Call call = client.newCall(request);
    // Kept beside the call rather than as a tag on a copy of the request: copying every request
    // (its headers and tags) cost more than the map entry.
    MARKS.put(call, mark);
    if (watch != null) watch.exchangeStarted(call::cancel);
    CompletableFuture<Response> future = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call c, Response response) {
        MARKS.remove(c);
        // Nobody waits for an answer to a call already given up: free its connection.
        if (!future.complete(response)) response.close();
      }

      @Override
      public void onFailure(Call c, IOException e) {
        MARKS.remove(c);
        future.completeExceptionally(transportFailure(provider, request, e, mark.reachedNetwork, idempotent));
      }
    });
    future.whenComplete((r, e) -> {
      if (future.isCancelled()) call.cancel();
    });
    return future;
  }

  /** The request as an error message names it, its URL redacted; worked out only for an error. */
  static String what(Request request) {
    return request.method() + " " + request.url().redact();
  }

  static RuntimeException transportFailure(String provider, Request request, IOException e, boolean sent,
      boolean idempotent) {
    String what = what(request);
    if (!sent) {
      return new NotSentException(provider, what + " was not sent: " + e, e);
    }
    if (idempotent) {
      return new ProviderFailureException(provider, what + " failed: " + e, 0, true, e);
    }
    return new OutcomeUnknownException(provider, what + " failed after it may have been sent (" + e
        + "); it may have been accepted and is not re-sent", e);
  }
}
