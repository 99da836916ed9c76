package dev.unigen.provider.leonardo;

import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Each documented error body and what it becomes. */
class LeonardoErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final LeonardoProvider provider = Fixtures.provider(server);

  private Throwable v1(MockResponse answer) {
    server.enqueue(answer);
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0").prompt("a lighthouse").build();
    return TestCalls.failure(provider.submit(TestCalls.call(provider, r)));
  }

  private Throwable v2(MockResponse answer) {
    server.enqueue(answer);
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("gemini-nano-banana-2.1").prompt("a lighthouse").build();
    return TestCalls.failure(provider.submit(TestCalls.call(provider, r)));
  }

  @Test
  void aKeyThatIsNotAUuidIsAnAuthenticationErrorThoughLeonardoAnswers500() {
    Throwable e = v1(json(500, Fixtures.error("Invalid response from authorization hook", "unexpected")));

    assertInstanceOf(AuthenticationException.class, e);
    assertTrue(e.getMessage().contains("Invalid response from authorization hook"), e.getMessage());
  }

  @Test
  void aRejectedKeyIsAnAuthenticationError() {
    Throwable e = v1(json(401, Fixtures.error("Authentication hook unauthorized this request", "access-denied")));

    assertInstanceOf(AuthenticationException.class, e);
  }

  @Test
  void aPromptStoppedByTheContentFilterIsModeration() {
    Throwable filtered = v1(json(400, Fixtures.error("content moderation filter: nude", "unexpected")));
    Throwable inappropriate = v1(json(403, Fixtures.error(
        "Your prompt appears to contain inappropriate content. Please adjust your prompt and try again.", "unexpected")));

    assertInstanceOf(ContentModeratedException.class, filtered);
    assertInstanceOf(ContentModeratedException.class, inappropriate);
  }

  @Test
  void anEmptyBalanceIsInsufficientCredit() {
    Throwable e = v1(json(400, Fixtures.error("not enough api tokens userId: 3aa5736c-0d1e-4f2a-9b8c-7d6e5f4a3b2c", "unexpected")));

    assertInstanceOf(InsufficientCreditException.class, e);
  }

  @Test
  void anyOtherBadRequestIsAnInvalidRequestWithLeonardosMessage() {
    Throwable e = v1(json(400, Fixtures.error("Invalid prompt, maximum length of 1500 characters exceeded.", "unexpected")));

    assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(e.getMessage().contains("maximum length of 1500 characters"), e.getMessage());
  }

  @Test
  void aV2ErrorListIsReadForItsDetailsMessage() {
    Throwable e = v2(json(400, Fixtures.v2Error("Invalid width: must be one of the listed dimensions", "BAD_USER_INPUT")));

    assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(e.getMessage().contains("Invalid width"), e.getMessage());
  }

  @Test
  void aV2ErrorListWithA200StatusCreatedNothingAndFailsOver() {
    Throwable e = v2(json(200, Fixtures.v2Error("Unexpected error generating image", "INTERNAL_SERVER_ERROR")));
    Throwable moderated = v2(json(200, Fixtures.v2Error("content moderation filter: gore", "BAD_USER_INPUT")));

    ProviderFailureException failure = assertInstanceOf(ProviderFailureException.class, e);
    assertFalse(failure.retryable(), "never re-sent here: another offer may take it");
    assertTrue(e.getMessage().contains("Unexpected error generating image"), e.getMessage());
    assertInstanceOf(ContentModeratedException.class, moderated);
  }

  @Test
  void a429IsRateLimitedForTheWaitItGives() {
    Throwable e = v1(new MockResponse.Builder(json(429, Fixtures.error("Too many requests", "unexpected")))
        .setHeader("Retry-After", "12").build());

    assertEquals(Duration.ofSeconds(12), assertInstanceOf(RateLimitedException.class, e).retryAfter().orElseThrow());
  }

  @Test
  void a503IsARetryableFailure() {
    Throwable e = v1(json(503, "<html><body>Service Unavailable</body></html>"));

    assertTrue(assertInstanceOf(ProviderFailureException.class, e).retryable());
  }
}
