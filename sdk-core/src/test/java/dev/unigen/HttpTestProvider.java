package dev.unigen;

import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.pricing.Usage;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A minimal HTTP provider for tests: {@code POST /v1/images} with a bearer key answers
 * {@code {"id": …, "images": [{"url", "width", "height"}]}}. It goes through the same plumbing real
 * providers use — async calls, the send marker, error mapping, key redaction.
 */
final class HttpTestProvider implements Provider {
  private final String name;
  private final String baseUrl;
  private final String key;
  private final ProviderContext context;
  private final OkHttpClient client;

  HttpTestProvider(String name, String defaultBaseUrl, ProviderContext context) {
    this.name = name;
    this.context = context;
    this.client = context.httpClient(name);
    this.baseUrl = context.baseUrl(name, defaultBaseUrl);
    this.key = context.secret(List.of(name.toUpperCase(java.util.Locale.ROOT) + "_KEY"))
        .orElseThrow(() -> new IllegalStateException(name + " key missing"));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Catalog catalog() {
    return Catalog.parse(("{'format':1,'provider':'" + name + "','offers':[{'model':'flux-schnell','endpoint':'flux-schnell',"
        + "'tasks':['text-to-image'],'capabilities':{'maxCount':4},'price':{'kind':'per-image','price':'"
        + (name.equals("alpha") ? "0.001" : "0.002") + "'},'asOf':'2026-11-01','source':'test'}]}").replace('\'', '"'), name);
  }

  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    String body = "{\"prompt\":\"" + call.request().prompt().orElse("") + "\",\"n\":" + call.request().count() + "}";
    Request request = new Request.Builder().url(baseUrl + "/v1/images")
        .header("Authorization", "Bearer " + key).header("Idempotency-Key", call.id())
        .post(RequestBody.create(body, MediaType.get("application/json"))).build();
    return HttpCalls.send(client, request, name, false).thenApply(this::parse);
  }

  private Submission parse(Response response) {
    try (Response r = response) {
      String text = r.body().string();
      if (!r.isSuccessful()) {
        throw HttpErrors.map(name, r.code(), text, r.headers(), context.redactor(), context.clock());
      }
      Map<String, Object> o = Json.object(Json.parse(text));
      List<Object> images = Json.array(o, "images");
      if (images.isEmpty()) throw new NoOutputException(name, "200 without images");
      ProviderOutput.Builder out = ProviderOutput.builder();
      Usage.Builder usage = Usage.builder();
      for (Object i : images) {
        Map<String, Object> img = Json.object(i);
        int w = Json.decimal(img, "width").get().intValueExact();
        int h = Json.decimal(img, "height").get().intValueExact();
        out.asset(Asset.builder("image/png").url(Json.string(img, "url").get()).size(w, h).build());
        usage.image(w, h);
      }
      Json.string(o, "id").ifPresent(out::providerRequestId);
      return Submission.completed(out.usage(usage.build()).build());
    } catch (IOException e) {
      throw new ProviderFailureException(name, "reading the response failed: " + e, 0, false, e);
    }
  }
}
