package dev.unigen.provider.stability;

import static dev.unigen.provider.stability.Fixtures.ERROR_ID;
import static dev.unigen.provider.stability.Fixtures.error;
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
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.time.Duration;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every documented error shape and what it maps to. */
class StabilityErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final StabilityProvider provider = Fixtures.provider(server);
  private final Request core = Request.builder(Task.TEXT_TO_IMAGE).model("stable-image-core").prompt("a fox").build();

  private GenerationException fail(MockResponse response) {
    server.enqueue(response);
    return TestCalls.failure(GenerationException.class, provider, core);
  }

  static Stream<Arguments> documentedErrors() {
    return Stream.of(
        Arguments.of(400, "bad_request", "prompt: is required", InvalidRequestException.class),
        Arguments.of(401, "unauthorized", "API key missing or invalid", AuthenticationException.class),
        Arguments.of(402, "payment_required", "You lack sufficient credits to make this request", InsufficientCreditException.class),
        Arguments.of(403, "content_moderation", "Your request was flagged by our content moderation system", ContentModeratedException.class),
        Arguments.of(404, "not_found", "Not Found", InvalidRequestException.class),
        Arguments.of(413, "payload_too_large", "body: payloads cannot be larger than 10MiB in size", InvalidRequestException.class),
        Arguments.of(422, "invalid_language", "English is the only supported language for this service", InvalidRequestException.class),
        Arguments.of(422, "public_figure", "Our system detected the likeness of a public figure in your image", ContentModeratedException.class),
        Arguments.of(422, "copyrighted_content", "copyrighted material", ContentModeratedException.class),
        Arguments.of(429, "rate_limit_exceeded", "You have exceeded the rate limit of 150 requests within a 10 second period", RateLimitedException.class),
        Arguments.of(500, "internal_error", "An unexpected server error has occurred, please try again later", ProviderFailureException.class));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("documentedErrors")
  void documentedErrorsMapToTypedExceptions(int status, String name, String message, Class<? extends GenerationException> type) {
    GenerationException e = fail(error(status, name, message));
    assertInstanceOf(type, e);
    assertEquals("stability: " + status + " " + name + ": " + message + " (Stability error id " + ERROR_ID + ")", e.getMessage());
    assertEquals("stability", e.provider().get());
  }

  @Test
  void aRateLimitWaitsOutTheDocumentedSixtySecondTimeOut() {
    RateLimitedException e = (RateLimitedException) fail(error(429, "rate_limit_exceeded", "slow down"));
    assertEquals(Duration.ofSeconds(60), e.retryAfter().get());
    RateLimitedException withHeader = (RateLimitedException) fail(new MockResponse.Builder().code(429)
        .addHeader("Retry-After", "7").body("{\"id\":\"x\",\"name\":\"rate_limit_exceeded\",\"errors\":[\"slow down\"]}").build());
    assertEquals(Duration.ofSeconds(7), withHeader.retryAfter().get());
    RateLimitedException plain = (RateLimitedException) fail(new MockResponse.Builder().code(429).body("Too Many Requests").build());
    assertEquals(Duration.ofSeconds(60), plain.retryAfter().get());
  }

  @Test
  void outOfCreditIsInsufficientCreditWhateverTheStatus() {
    assertInstanceOf(InsufficientCreditException.class, fail(error(400, "payment_required", "not enough credits")));
  }

  @Test
  void aServerErrorIsNotRetriedButAGatewayErrorIs() {
    ProviderFailureException internal = (ProviderFailureException) fail(error(500, "internal_error", "oops"));
    assertEquals(500, internal.status().getAsInt());
    assertFalse(internal.retryable());
    ProviderFailureException gateway = (ProviderFailureException) fail(new MockResponse.Builder().code(503)
        .addHeader("Content-Type", "text/html").body("<html>503 Service Temporarily Unavailable</html>").build());
    assertEquals(503, gateway.status().getAsInt());
    assertTrue(gateway.retryable());
  }

  @Test
  void theLegacyV1ShapeIsReadToo() {
    GenerationException e = fail(TestCalls.json(401, "{\"id\":\"9160aa70\",\"name\":\"unauthorized\",\"message\":\"missing authorization header\"}"));
    assertInstanceOf(AuthenticationException.class, e);
    assertTrue(e.getMessage().contains("missing authorization header"), e.getMessage());
  }
}
