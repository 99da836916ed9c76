package dev.unigen.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class LocalImageServerTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String BODY_LENGTH = Integer.toString(LocalImageServer.BODY.getBytes(StandardCharsets.UTF_8).length);

  /** What the test checks of each answer. */
  record Answer(int code, Protocol protocol, String contentType, String contentLength, String body) {}

  @Test
  void h2AnswersManyConcurrentStreamsOnOneConnection() throws Exception {
    try (LocalImageServer server = new LocalImageServer(200, true)) {
      OkHttpClient client = client(List.of(Protocol.H2_PRIOR_KNOWLEDGE), 300);
      // the first call opens the connection, so the rest all find it
      assertAnswer(send(client, server, HttpOverheadHarness.BODY).get(10, TimeUnit.SECONDS), Protocol.H2_PRIOR_KNOWLEDGE);
      List<CompletableFuture<Answer>> all = new ArrayList<>();
      for (int i = 0; i < 300; i++) all.add(send(client, server, HttpOverheadHarness.BODY));
      for (CompletableFuture<Answer> f : all) assertAnswer(f.get(20, TimeUnit.SECONDS), Protocol.H2_PRIOR_KNOWLEDGE);
      assertEquals(1, client.connectionPool().connectionCount());
      assertEquals(301, server.requests.get());
      shutDown(client);
    }
  }

  @Test
  void h2TakesRequestBodiesLargerThanTheDefaultWindow() throws Exception {
    char[] big = new char[200_000];
    Arrays.fill(big, 'x');
    String body = "{\"prompt\":\"" + new String(big) + "\"}";
    try (LocalImageServer server = new LocalImageServer(0, true)) {
      OkHttpClient client = client(List.of(Protocol.H2_PRIOR_KNOWLEDGE), 8);
      List<CompletableFuture<Answer>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) all.add(send(client, server, body));
      for (CompletableFuture<Answer> f : all) assertAnswer(f.get(20, TimeUnit.SECONDS), Protocol.H2_PRIOR_KNOWLEDGE);
      assertEquals(4, server.requests.get());
      shutDown(client);
    }
  }

  @Test
  void http11AnswersEachConnectionInTurn() throws Exception {
    try (LocalImageServer server = new LocalImageServer(50)) {
      OkHttpClient client = client(List.of(Protocol.HTTP_1_1), 20);
      List<CompletableFuture<Answer>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) all.add(send(client, server, HttpOverheadHarness.BODY));
      for (CompletableFuture<Answer> f : all) assertAnswer(f.get(20, TimeUnit.SECONDS), Protocol.HTTP_1_1);
      assertEquals(20, server.requests.get());
      shutDown(client);
    }
  }

  private static OkHttpClient client(List<Protocol> protocols, int maxRequests) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(maxRequests);
    dispatcher.setMaxRequestsPerHost(maxRequests);
    return new OkHttpClient.Builder().protocols(protocols).dispatcher(dispatcher).build();
  }

  private static CompletableFuture<Answer> send(OkHttpClient client, LocalImageServer server, String json) {
    Request request = new Request.Builder().url(server.url() + "/v1/images/generations")
        .post(RequestBody.create(json, JSON)).build();
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    client.newCall(request).enqueue(new Callback() {
      @Override public void onResponse(Call call, Response response) {
        try (Response r = response) {
          answer.complete(new Answer(r.code(), r.protocol(), r.header("Content-Type"), r.header("Content-Length"),
              r.body().string()));
        } catch (IOException e) {
          answer.completeExceptionally(e);
        }
      }

      @Override public void onFailure(Call call, IOException e) {
        answer.completeExceptionally(e);
      }
    });
    return answer;
  }

  private static void assertAnswer(Answer a, Protocol protocol) {
    assertEquals(200, a.code());
    assertEquals(protocol, a.protocol());
    assertEquals("application/json", a.contentType());
    assertEquals(BODY_LENGTH, a.contentLength());
    assertEquals(LocalImageServer.BODY, a.body());
  }

  private static void shutDown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
