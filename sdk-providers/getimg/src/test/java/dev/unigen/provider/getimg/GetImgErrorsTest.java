package dev.unigen.provider.getimg;

import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** The statuses the official SDK names, in GetImg's error body, and what each becomes. */
class GetImgErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final GetImgProvider provider = Fixtures.provider(server);

  private Throwable answer(MockResponse answer) {
    server.enqueue(answer);
    return TestCalls.failure(GenerationException.class, provider,
        Request.builder(Task.TEXT_TO_IMAGE).model("seedream-5-lite").prompt("a lighthouse").build());
  }

  @Test
  void eachStatusMapsToItsTypedError() {
    assertInstanceOf(InvalidRequestException.class, answer(json(400, Fixtures.error("invalid_request", "prompt is too long"))));
    assertInstanceOf(AuthenticationException.class, answer(json(401, Fixtures.error("invalid_api_key", "Invalid API key"))));
    assertInstanceOf(InsufficientCreditException.class,
        answer(json(402, Fixtures.error("insufficient_balance", "Your balance is too low"))));
    assertInstanceOf(AuthenticationException.class, answer(json(403, Fixtures.error("forbidden", "Forbidden"))));
    assertInstanceOf(InvalidRequestException.class,
        answer(json(422, Fixtures.error("unsupported_value", "aspect_ratio 7:3 is not supported by this model"))));
    ProviderFailureException notFound = assertInstanceOf(ProviderFailureException.class,
        answer(json(404, Fixtures.error("model_not_found", "Model not found"))));
    assertTrue(notFound.getMessage().contains("Model not found"), notFound.getMessage());
    assertTrue(assertInstanceOf(ProviderFailureException.class,
        answer(json(503, Fixtures.error("server_error", "Service unavailable")))).retryable());
  }

  @Test
  void aRateLimitWaitsAsLongAsGetImgSays() {
    Throwable e = answer(new MockResponse.Builder(json(429, Fixtures.error("rate_limit_exceeded", "Too many requests")))
        .setHeader("Retry-After", "3").build());

    assertEquals(Duration.ofSeconds(3), assertInstanceOf(RateLimitedException.class, e).retryAfter().orElseThrow());
  }

  @Test
  void aRefusalForTheContentIsModeration() {
    Throwable e = answer(json(400, Fixtures.error("content_moderation", "The prompt was flagged by our safety system")));

    assertInstanceOf(ContentModeratedException.class, e);
    assertTrue(e.getMessage().contains("flagged by our safety system"), e.getMessage());
  }
}
