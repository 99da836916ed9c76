package dev.unigen.provider.huggingface;

import dev.unigen.GenerationException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.huggingface.wire.HfInferenceWire;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.http.Redactor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;

/**
 * The {@code hf-inference} route, Hugging Face's own serverless inference:
 * {@code POST /hf-inference/models/{model}} answered with the image bytes. A model that is not
 * loaded answers 503 with an {@code estimated_time}; the call waits that long on the context's
 * scheduler and sends again (no thread sleeps) within its {@link LoadingWait} budget, then gives up
 * with a {@link ProviderFailureException} so the generator can fail over. The loading answer is
 * not billed, so sending again never pays twice. Threadsafe.
 */
final class HfInference {
  private static final MediaType JSON = MediaType.get("application/json");

  private final String name;
  private final ProviderHttp http;
  private final ProviderSettings settings;
  private final Duration maxLoadingWait;
  private final Logger log;

  HfInference(ProviderHttp http, Duration maxLoadingWait) {
    this.name = http.provider();
    this.http = http;
    this.settings = http.settings();
    this.maxLoadingWait = maxLoadingWait;
    this.log = settings.context().logger(HfInference.class);
  }

  /** A "model is loading" 503, as the error that makes {@link #submit} wait; empty for any other answer. */
  static Optional<GenerationException> loading(String provider, Answer answer, Redactor redactor) {
    if (answer.status() != 503) return Optional.empty();
    return HfInferenceWire.loading(answer.text())
        .map(l -> new ModelLoading(provider, redactor.redact("503 " + l.message()), l));
  }

  /**
   * Sends {@code body} to the model of {@code ep}, waiting for a model that is loading within the
   * call's budget. Never re-sends after anything but a definite loading answer.
   */
  CompletableFuture<Submission> submit(ProviderCall call, Endpoint ep, UnaryOperator<Request.Builder> decorate, byte[] body) {
    HttpUrl url = settings.url("/" + Route.HF_INFERENCE.id() + "/models").newBuilder().addPathSegments(ep.model()).build();
    // The Python client asks for PNG on image tasks; the router answers with the image bytes.
    Request req = decorate.apply(http.request(url).header("Accept", "image/png")
        .post(RequestBody.create(body, JSON))).build();
    CompletableFuture<Submission> result = new CompletableFuture<>();
    sendHfInference(call, ep, req, new LoadingWait(maxLoadingWait, call.timeout()), result);
    return result;
  }

  private void sendHfInference(ProviderCall call, Endpoint ep, Request req, LoadingWait wait,
      CompletableFuture<Submission> result) {
    if (result.isDone()) return; // abandoned (a timeout canceled it) while waiting for the model
    long started = System.nanoTime();
    http.submit(req, answer -> Submission.completed(hfInferenceOutput(ep, answer, System.nanoTime() - started, wait)))
        .whenComplete((submission, error) -> {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          if (cause instanceof ModelLoading) waitForModel(call, ep, req, wait, result, ((ModelLoading) cause).loading);
          else if (cause != null) result.completeExceptionally(cause);
          else result.complete(submission);
        });
  }

  private void waitForModel(ProviderCall call, Endpoint ep, Request req, LoadingWait wait,
      CompletableFuture<Submission> result, HfInferenceWire.Loading loading) {
    String estimate = loading.estimatedSeconds().map(s -> s.stripTrailingZeros().toPlainString() + " s").orElse("no estimate");
    Optional<Duration> delay = wait.next(loading.estimatedSeconds());
    if (delay.isEmpty()) {
      result.completeExceptionally(new ProviderFailureException(name, redact("503 " + loading.message()
          + " (" + estimate + "); waited " + seconds(wait.waited()) + " s over " + wait.waits()
          + " retries and will not wait past " + seconds(wait.budget()) + " s"), 503, false, null));
      return;
    }
    log.debug("{}: {} ({}); sending again in {} ms", name, redact(loading.message()), estimate, delay.get().toMillis());
    try {
      settings.context().scheduler().schedule(() -> sendHfInference(call, ep, req, wait, result), delay.get().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new ProviderFailureException(name, "the scheduler is shut down; not waiting for "
          + ep.model() + " to load", 0, false, e));
    }
  }

  private ProviderOutput hfInferenceOutput(Endpoint ep, Answer a, long elapsedNanos, LoadingWait wait) {
    String type = a.contentType().map(MediaType::toString).orElse(null);
    byte[] body = a.bytes();
    Optional<String> error = HfInferenceWire.errorIn(type, body);
    if (error.isPresent()) throw new NoOutputException(name, redact(a.status() + " without an image: " + error.get()));
    // An answer that is not what hf-inference promises throws, and the exchange makes that an unknown outcome.
    List<Asset> images = HfInferenceWire.images(type, body);
    if (images.isEmpty()) {
      throw new NoOutputException(name, a.status() + " without an image from " + ep + " (" + (type == null ? "no type" : type)
          + ", " + body.length + " bytes)");
    }
    BigDecimal measured = BigDecimal.valueOf(elapsedNanos).movePointLeft(9).setScale(3, RoundingMode.HALF_UP);
    ProviderOutput.Builder out = HuggingFaceProvider.output(images, Usage.builder().computeSeconds(measured), a.header("x-request-id"));
    out.warning("hf-inference reports no compute time: the actual cost uses the measured wall time of the call, "
        + measured.toPlainString() + " s, network and queueing included, as the billed compute seconds");
    if (wait.waits() > 0) {
      out.warning(ep.model() + " was loading: waited " + seconds(wait.waited()) + " s over " + wait.waits()
          + " retries before it answered");
    }
    return out.build();
  }

  private String redact(String text) {
    return settings.context().redactor().redact(text);
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
  }

  /** A 503 saying the model is loading: retryable on any route, waited for on this one. */
  private static final class ModelLoading extends ProviderFailureException {
    private static final long serialVersionUID = 1L;
    private final transient HfInferenceWire.Loading loading;

    ModelLoading(String provider, String message, HfInferenceWire.Loading loading) {
      super(provider, message, 503, true, null);
      this.loading = loading;
    }
  }
}
