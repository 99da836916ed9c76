package dev.unigen;

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
 * A queue provider for tests: {@code POST /v1/jobs} (with the call id as {@code Idempotency-Key})
 * answers {@code {"id"}}, {@code GET /v1/jobs/{id}}
 * answers {@code {"id","status":"queued|running|succeeded|failed", "position"?, "images"?, "error"?}},
 * and webhooks carry the same job object signed the Standard Webhooks way.
 */
final class QueueTestProvider implements Provider {
  static final String WEBHOOK_SECRET = "whsec_dGVzdC1zZWNyZXQtZm9yLXdlYmhvb2tz";

  private final ProviderContext context;
  private final String baseUrl;
  private final String key;
  private final StandardWebhooks webhooks;

  QueueTestProvider(ProviderContext context) {
    this.context = context;
    this.baseUrl = context.baseUrl("queue", "https://queue.invalid");
    this.key = context.secret(List.of("QUEUE_KEY")).orElseThrow();
    this.webhooks = StandardWebhooks.replicate(WEBHOOK_SECRET, context.clock());
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
    Request r = new Request.Builder().url(baseUrl + "/v1/jobs").header("Authorization", "Bearer " + key)
        .header("Idempotency-Key", call.id())
        .post(RequestBody.create("{\"prompt\":\"" + call.request().prompt().orElse("") + "\"}", MediaType.get("application/json")))
        .build();
    return HttpCalls.send(context.httpClient(), r, "queue", false).thenApply(resp -> {
      String id = Json.string(Json.object(Json.parse(body(resp))), "id").orElseThrow();
      return Submission.accepted(JobRef.of("queue", id, baseUrl + "/v1/jobs/" + id, null, Map.of("endpoint", "kling")));
    });
  }

  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    Request r = new Request.Builder().url(job.pollUrl().get()).header("Authorization", "Bearer " + key).build();
    return HttpCalls.send(context.httpClient(), r, "queue", true).thenApply(resp -> result(Json.object(Json.parse(body(resp)))));
  }

  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    String delivery = webhooks.verify(headers, body);
    Map<String, Object> job = Json.object(Json.parse(new String(body, StandardCharsets.UTF_8)));
    return Optional.of(new WebhookEvent(delivery, Json.string(job, "id").orElseThrow(), result(job)));
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

  static PollResult result(Map<String, Object> job) {
    String status = Json.string(job, "status").orElse("");
    switch (status) {
      case "queued":
        return PollResult.pending(PollResult.State.QUEUED,
            new Progress(status, Json.decimal(job, "position").map(d -> d.intValue()).orElse(null), null, List.of()), null);
      case "running":
        return PollResult.pending(PollResult.State.RUNNING, new Progress(status, null, null, List.of()), null);
      case "succeeded": {
        ProviderOutput.Builder out = ProviderOutput.builder();
        for (Object o : Json.array(job, "videos")) {
          out.asset(Asset.builder("video/mp4").url(Json.string(Json.object(o), "url").orElseThrow()).build());
        }
        return PollResult.succeeded(out.usage(Usage.builder().outputSeconds(new java.math.BigDecimal("5")).count(1).build())
            .providerRequestId(Json.string(job, "id").orElse(null)).build());
      }
      case "failed":
        return PollResult.failed(new ProviderFailureException("queue", Json.string(job, "error").orElse("failed")));
      default:
        return PollResult.failed(new ProviderFailureException("queue", "unknown status " + status));
    }
  }
}
