package dev.unigen.provider.together;

import static dev.unigen.provider.together.Fixtures.KEY;
import static dev.unigen.provider.together.Fixtures.b64Response;
import static dev.unigen.provider.together.Fixtures.error;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestGenerators.attempts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover through a real {@link Generator}: the default Together provider (key and base URL from
 * the environment) in front of a second Together account on a second server.
 */
class TogetherFailoverTest {
  private static final String SECOND_KEY = "test-key-together-second-9876543210";

  @StartStop private final MockWebServer primary = TestServers.started();
  @StartStop private final MockWebServer secondary = TestServers.started();
  private final Generator gen = TestGenerators.twoAccounts(TogetherProvider::builder, Fixtures.env(primary), SECOND_KEY,
      secondary.url("/v1"))
      .allowLoopbackDownloads(true).build();

  @AfterEach
  void stop() {
    gen.close();
  }

  private static MockResponse image() {
    return json(200, b64Response("black-forest-labs/FLUX.1-schnell", TestMedia.png(1024, 1024)));
  }

  @Test
  void anOverloadedTogetherIsRetriedThenFailsOver() throws Exception {
    for (int i = 0; i < 3; i++) {
      primary.enqueue(json(503, error("The server is overloaded or not ready yet.", "server_error", null)));
    }
    secondary.enqueue(image());

    Generation g = gen.image("flux-schnell").prompt("a red bicycle in the rain").size(1024, 1024).generate();

    assertEquals(List.of("together:FAILED:3", "together-b:SUCCEEDED:1"), attempts(g));
    assertEquals(3, primary.getRequestCount());
    RecordedRequest sent = secondary.takeRequest();
    assertEquals("Bearer " + SECOND_KEY, sent.getHeaders().get("Authorization"));
    assertEquals("/v1/images/generations", sent.getUrl().encodedPath());
    // 1.048576 MP x $0.0027 = $0.0028311552, estimated and then computed from the decoded 1024 x 1024 PNG
    assertEquals(Money.usd("0.0028311552"), g.cost().estimate().get());
    assertEquals(Money.usd("0.0028311552"), g.cost().actual().get());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals("together-b", g.provider());
    assertEquals(1024, g.assets().get(0).width().getAsInt());
  }

  @Test
  void aRejectedKeyFailsOverAtOnceAndNeverShows() throws Exception {
    primary.enqueue(json(401, error("Invalid API key provided: " + KEY, "invalid_request_error", "invalid_api_key")));
    secondary.enqueue(image());

    Generation g = gen.image("flux-schnell").prompt("x").size(1024, 1024).generate();

    assertEquals(List.of("together:FAILED:1", "together-b:SUCCEEDED:1"), attempts(g));
    String reason = g.attempts().get(0).reason();
    assertEquals("AuthenticationException: together: 401 Invalid API key provided: ***", reason);
    assertFalse(reason.contains("0123456789"));
  }

  @Test
  void aWithdrawnModelFailsOver() throws Exception {
    primary.enqueue(json(404, error("Unable to access model black-forest-labs/FLUX.1-schnell.", "invalid_request_error",
        "model_not_available")));
    secondary.enqueue(image());

    Generation g = gen.image("flux-schnell").prompt("x").size(1024, 1024).generate();

    assertEquals(List.of("together:FAILED:1", "together-b:SUCCEEDED:1"), attempts(g));
  }

  @Test
  void theSafetyCheckerStopsTheGeneration() {
    primary.enqueue(json(422, error("NSFW content detected by the safety checker.", "invalid_request_error", null)));

    assertThrows(ContentModeratedException.class,
        () -> gen.image("flux-schnell").prompt("x").size(1024, 1024).generate());
    assertEquals(0, secondary.getRequestCount(), "moderation is not failed over by default");
  }

  @Test
  void aSubmitThatMayHaveBeenAcceptedIsNotResent() throws Exception {
    primary.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    secondary.enqueue(image());

    Generation g = gen.image("flux-schnell").prompt("x").size(1024, 1024).generate();

    assertEquals(List.of("together:OUTCOME_UNKNOWN:1", "together-b:SUCCEEDED:1"), attempts(g));
    assertEquals(1, primary.getRequestCount(), "the POST must not be sent twice");
  }

  @Test
  void aUrlAnswerIsDownloadedWithAUserAgent(@TempDir Path dir) throws Exception {
    byte[] jpeg = TestMedia.jpeg(512, 512);
    String url = primary.url("/imgproxy/abc.jpg").toString();
    primary.enqueue(json(200, Fixtures.urlResponse("black-forest-labs/FLUX.1-schnell", url)));
    primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/jpeg")
        .body(new okio.Buffer().write(jpeg)).build());

    Generation g = gen.image("flux-schnell").prompt("x").size(512, 512)
        .providerOptions("together", java.util.Map.of("response_format", "url")).generate();
    Path saved = g.assets().get(0).saveTo(dir.resolve("out.jpg"));

    primary.takeRequest();
    RecordedRequest download = primary.takeRequest();
    assertEquals("/imgproxy/abc.jpg", download.getUrl().encodedPath());
    String agent = download.getHeaders().get("User-Agent");
    assertTrue(agent != null && !agent.isBlank(), "Together's CDN refuses a blank User-Agent");
    assertArrayEquals(jpeg, Files.readAllBytes(saved));
  }
}
