package dev.unigen.postgres;

import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.StandardWebhooks;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The queue provider of the fleet tests, talking to {@link FleetQueue}: {@code POST /v1/jobs}
 * (the call id as {@code Idempotency-Key}) answers {@code {"id"}}; {@code GET /v1/jobs/{id}}
 * answers {@code {"id","status":"running|succeeded","videos"?}}; {@code GET /v1/jobs?idempotency_key=}
 * finds a call whose answer was lost (404 if the server never received it); webhooks carry the
 * job object, signed the Standard Webhooks way. Every request names the instance that sent it
 * ({@code X-Fleet-Instance}), so the server can tell which instance followed which job.
 */
final class FleetQueueProvider implements Provider {
  static final String KEY = "test-key-fleet-queue-0123456789";
  static final String WEBHOOK_SECRET = "whsec_dGVzdC1zZWNyZXQtZm9yLXdlYmhvb2tz";

  private final ProviderContext context;
  private final String baseUrl;
  private final String key;
  private final String instance;
  private final StandardWebhooks webhooks;

  FleetQueueProvider(ProviderContext context, String instance) {
    this.context = context;
    this.baseUrl = context.baseUrl("queue", "https://queue.invalid");
    this.key = context.secret(List.of("QUEUE_KEY")).orElseThrow();
    this.instance = instance;
    this.webhooks = StandardWebhooks.replicate(WEBHOOK_SECRET, context.clock());
  }

  /** The generator environment that points this provider at {@code queue}. */
  static Map<String, String> environment(String baseUrl) {
    return Map.of("QUEUE_KEY", KEY, "UNIGEN_QUEUE_BASE_URL", baseUrl);
  }

  @Override
  public String name() {
    return "queue";
  }

  @Override
  public Catalog catalog() {
    return Catalog.parse(("{'format':1,'provider':'queue','offers':[{'model':'kling-2.1-pro','endpoint':'kling',"
        + "'tasks':['text-to-video'],'price':{'kind':'per-second','price':'0.09'},'asOf':'2026-11-01','source':'test'}]}")
        .replace('\'', '"'), "queue");
  }

  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    Request r = request(baseUrl + "/v1/jobs").header("Idempotency-Key", call.id())
        .post(RequestBody.create("{\"prompt\":\"" + call.request().prompt().orElse("") + "\"}",
            MediaType.get("application/json")))
        .build();
    return HttpCalls.send(context.httpClient(), r, "queue", false).thenApply(resp -> accepted(body(resp)));
  }

  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    Request r = request(job.pollUrl().get()).build();
    return HttpCalls.send(context.httpClient(), r, "queue", true).thenApply(resp -> result(Json.object(Json.parse(body(resp)))));
  }

  @Override
  public boolean findsCalls() {
    return true;
  }

  @Override
  public CompletableFuture<Optional<Submission>> find(ProviderCall call) {
    Request r = request(baseUrl + "/v1/jobs?idempotency_key=" + call.id()).build();
    return HttpCalls.send(context.httpClient(), r, "queue", true).thenApply(resp -> {
      if (resp.code() == 404) {
        resp.close();
        return Optional.empty();
      }
      return Optional.of(accepted(body(resp)));
    });
  }

  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    String delivery = webhooks.verify(headers, body);
    Map<String, Object> job = Json.object(Json.parse(new String(body, StandardCharsets.UTF_8)));
    return Optional.of(new WebhookEvent(delivery, Json.string(job, "id").orElseThrow(), result(job)));
  }

  private Request.Builder request(String url) {
    return new Request.Builder().url(url).header("Authorization", "Bearer " + key).header("X-Fleet-Instance", instance);
  }

  private Submission accepted(String body) {
    String id = Json.string(Json.object(Json.parse(body)), "id").orElseThrow();
    return Submission.accepted(JobRef.of("queue", id, baseUrl + "/v1/jobs/" + id, null, Map.of("endpoint", "kling")));
  }

  private String body(Response resp) {
    try (Response r = resp) {
      String text = r.body().string();
      if (!r.isSuccessful()) throw HttpErrors.map("queue", r.code(), text, r.headers(), context.redactor(), context.clock());
      return text;
    } catch (IOException e) {
      throw new ProviderFailureException("queue", e.toString(), 0, true, e);
    }
  }

  private static PollResult result(Map<String, Object> job) {
    String status = Json.string(job, "status").orElse("");
    if (status.equals("running")) {
      return PollResult.pending(PollResult.State.RUNNING, new Progress(status, null, null, List.of()), null);
    }
    if (!status.equals("succeeded")) {
      return PollResult.failed(new ProviderFailureException("queue", "unknown status " + status));
    }
    ProviderOutput.Builder out = ProviderOutput.builder();
    for (Object o : Json.array(job, "videos")) {
      out.asset(Asset.builder("video/mp4").url(Json.string(Json.object(o), "url").orElseThrow()).build());
    }
    return PollResult.succeeded(out.usage(Usage.builder().outputSeconds(new BigDecimal("5")).count(1).build())
        .providerRequestId(Json.string(job, "id").orElse(null)).build());
  }
}
