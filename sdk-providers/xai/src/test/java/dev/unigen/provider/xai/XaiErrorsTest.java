package dev.unigen.provider.xai;

import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Both of xAI's error shapes, and the answers that mean something other than their status says. */
class XaiErrorsTest {
  private static final Request TEXT = Request.builder(Task.TEXT).model("grok-4.3").prompt("a red bicycle").build();
  @StartStop private final MockWebServer server = TestServers.started();
  private final XaiProvider xai = Fixtures.provider(server);

  private Throwable submit(MockResponse answer) {
    server.enqueue(answer);
    return TestCalls.failure(GenerationException.class, xai, TEXT);
  }

  @Test
  void aRejectedKeyIsAnAuthenticationErrorInEitherShapeAndWithoutTheKey() {
    // The gRPC-gateway shape, as xAI answers a bad key: a 400, not a 401.
    Throwable grpc = submit(json(400, "{\"code\":\"Client specified an invalid argument\",\"error\":\"Incorrect API key provided: "
        + Fixtures.KEY + ". You can obtain an API key from https://console.x.ai.\"}"));
    Throwable openAi = submit(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + Fixtures.KEY
        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\",\"param\":null}}"));

    for (Throwable e : new Throwable[] {grpc, openAi}) {
      assertInstanceOf(AuthenticationException.class, e);
      assertFalse(e.getMessage().contains(Fixtures.KEY), e.getMessage());
    }
    assertTrue(grpc.getMessage().contains("Client specified an invalid argument: Incorrect API key provided"), grpc.getMessage());
  }

  @Test
  void anAccountOutOfCreditIsNotARateLimit() {
    Throwable spent = submit(json(429, Fixtures.OUT_OF_CREDIT));
    Throwable blocked = submit(json(403, "{\"code\":\"personal-team-blocked:spending-limit\",\"error\":\"You have run out of "
        + "credits or need a Grok subscription.\"}"));
    Throwable fresh = submit(json(403, "{\"code\":\"permission-denied\",\"error\":\"Your newly created team doesn't have any "
        + "credits or licenses yet. You can purchase those on https://console.x.ai/team/481c7584.\"}"));

    assertInstanceOf(InsufficientCreditException.class, spent);
    assertInstanceOf(InsufficientCreditException.class, blocked);
    assertInstanceOf(InsufficientCreditException.class, fresh);
  }

  @Test
  void contentAgainstTheGuidelinesIsModeration() {
    Throwable e = submit(json(403, "{\"code\":\"permission-denied\",\"error\":\"Content violates usage guidelines. \"}"));

    assertInstanceOf(ContentModeratedException.class, e);
    assertEquals("xai", ((GenerationException) e).provider().get());
  }

  @Test
  void theStatusDecidesTheRest() {
    assertInstanceOf(InvalidRequestException.class, submit(json(400, "{\"code\":\"invalid-argument\",\"error\":"
        + "\"Zero Data Retention teams must provide output.upload_url for video generation.\"}")));
    assertInstanceOf(InvalidRequestException.class, submit(json(422,
        "{\"error\":{\"message\":\"Failed to deserialize the JSON body into the target type: missing field `messages`\"}}")));
    RateLimitedException limited = assertInstanceOf(RateLimitedException.class, submit(new MockResponse.Builder()
        .code(429).addHeader("Retry-After", "3").body("{\"code\":\"Too many requests\",\"error\":\"rate limit exceeded\"}").build()));
    assertEquals(Duration.ofSeconds(3), limited.retryAfter().get());
    assertInstanceOf(AuthenticationException.class, submit(json(403,
        "{\"code\":\"permission-denied\",\"error\":\"The moderation feature is not available\"}")));
    ProviderFailureException internal = assertInstanceOf(ProviderFailureException.class,
        submit(json(500, "{\"error\":{\"message\":\"internal error\"}}")));
    assertFalse(internal.retryable());
  }

  @Test
  void anOverloadIsRetriedForAPollButNotForASubmit() {
    ProviderFailureException submit = assertInstanceOf(ProviderFailureException.class,
        submit(json(529, "{\"error\":{\"message\":\"The service is overloaded\"}}")));
    assertFalse(submit.retryable(), "a submit that may have been received is never sent twice");

    server.enqueue(json(529, "{\"error\":{\"message\":\"The service is overloaded\"}}"));
    JobRef job = JobRef.of("xai", "v-1", null, null, Map.of("kind", "video", "endpoint", "grok-imagine-video"));
    ProviderFailureException poll = assertInstanceOf(ProviderFailureException.class, TestCalls.failure(xai.poll(job)));
    assertTrue(poll.retryable());
  }
}
