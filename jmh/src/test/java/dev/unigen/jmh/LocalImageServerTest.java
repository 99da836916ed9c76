package dev.unigen.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
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
  void h2HoldsTheBodyUntilTheClientsWindowOpensAndAnswersPings() throws Exception {
    byte[] body = LocalImageServer.BODY.getBytes(StandardCharsets.UTF_8);
    try (LocalImageServer server = new LocalImageServer(0, true)) {
      URI url = URI.create(server.url());
      try (Socket socket = new Socket(url.getHost(), url.getPort())) {
        socket.setSoTimeout(5000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        // a stream window of 10 bytes: the server may send only 10 bytes of the body at first
        writeFrame(out, 4, 0, 0, new byte[] {0, 4, 0, 0, 0, 10});
        // a request with no body; its header block is never decoded, so any bytes do
        writeFrame(out, 1, 0x1 | 0x4, 1, new byte[] {(byte) 0x83, (byte) 0x86});
        out.flush();

        Frame settings = readFrame(in);
        assertEquals(4, settings.type());
        assertEquals(0, settings.flags());
        Frame window = readFrame(in);
        assertEquals(8, window.type());
        assertEquals(0, window.stream());
        Frame ack = readFrame(in);
        assertEquals(4, ack.type());
        assertEquals(1, ack.flags());
        assertEquals(0, ack.payload().length);
        Frame headers = readFrame(in);
        assertEquals(1, headers.type());
        assertEquals(1, headers.stream());
        assertEquals(0x4, headers.flags());
        // :status 200 (static 8), then content-type (0x0f 0x10: static 31) and content-length (0x0f 0x0d: static 28)
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(new byte[] {(byte) 0x88, 0x0f, 0x10, 16});
        block.write("application/json".getBytes(StandardCharsets.US_ASCII));
        block.write(new byte[] {0x0f, 0x0d, (byte) BODY_LENGTH.length()});
        block.write(BODY_LENGTH.getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(block.toByteArray(), headers.payload());
        Frame first = readFrame(in);
        assertEquals(0, first.type());
        assertEquals(0, first.flags());
        assertArrayEquals(Arrays.copyOf(body, 10), first.payload());

        // the rest waits for the window; a ping is answered meanwhile, and is the next frame
        writeFrame(out, 6, 0, 0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        out.flush();
        Frame pong = readFrame(in);
        assertEquals(6, pong.type());
        assertEquals(1, pong.flags());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, pong.payload());

        writeFrame(out, 8, 0, 1, new byte[] {0, 0, (byte) 0x10, 0});
        out.flush();
        Frame rest = readFrame(in);
        assertEquals(0, rest.type());
        assertEquals(1, rest.flags());
        assertArrayEquals(Arrays.copyOfRange(body, 10, body.length), rest.payload());
        assertEquals(1, server.requests.get());
      }
    }
  }

  /** An HTTP/2 frame as read off the wire. */
  record Frame(int type, int flags, int stream, byte[] payload) {}

  private static void writeFrame(DataOutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
    out.write(new byte[] {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
        (byte) type, (byte) flags});
    out.writeInt(stream);
    out.write(payload);
  }

  private static Frame readFrame(DataInputStream in) throws IOException {
    int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int stream = in.readInt() & 0x7fff_ffff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(type, flags, stream, payload);
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
