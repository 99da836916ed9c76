package dev.unigen.provider.leonardo;

import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Each documented error body and what it becomes. */
class LeonardoErrorsTest {
  private static final String PHOENIX = "leonardo-phoenix-1.0";
  private static final String NANO_BANANA = "gemini-nano-banana-2.1";

  @StartStop private final MockWebServer server = TestServers.started();
  private final LeonardoProvider provider = Fixtures.provider(server);

  private <E extends GenerationException> E create(String model, MockResponse answer, Class<E> type) {
    server.enqueue(answer);
    Request request = Request.builder(Task.TEXT_TO_IMAGE).model(model).prompt("a lighthouse").build();
    return TestCalls.failure(type, provider, request);
  }

  /** The model asked, Leonardo's answer, the error it becomes, and what its message must keep. */
  static Stream<Arguments> answers() {
    return Stream.of(
        // A key that is not a UUID: Leonardo answers 500.
        Arguments.of(PHOENIX, json(500, Fixtures.error("Invalid response from authorization hook", "unexpected")),
            AuthenticationException.class, "Invalid response from authorization hook"),
        Arguments.of(PHOENIX, json(401, Fixtures.error("Authentication hook unauthorized this request", "access-denied")),
            AuthenticationException.class, "Authentication hook unauthorized"),
        // The prompt stopped by the content filter, as the NSFW guide shows it, and the app's wording.
        Arguments.of(PHOENIX, json(400, Fixtures.error("content moderation filter: naked", "unexpected")),
            ContentModeratedException.class, "content moderation filter: naked"),
        Arguments.of(PHOENIX, json(403, Fixtures.error(
            "Your prompt appears to contain inappropriate content. Please adjust your prompt and try again.", "unexpected")),
            ContentModeratedException.class, "inappropriate content"),
        Arguments.of(PHOENIX, json(400, Fixtures.error("not enough api tokens userId: 3aa5736c-0d1e-4f2a-9b8c-7d6e5f4a3b2c",
            "unexpected")), InsufficientCreditException.class, "not enough api tokens"),
        Arguments.of(PHOENIX, json(400, Fixtures.error("Invalid prompt, maximum length of 1500 characters exceeded.",
            "unexpected")), InvalidRequestException.class, "maximum length of 1500 characters"),
        // The v2 error list, read for its details message.
        Arguments.of(NANO_BANANA, json(400, Fixtures.v2Error("Invalid width: must be one of the listed dimensions",
            "BAD_USER_INPUT")), InvalidRequestException.class, "Invalid width"),
        Arguments.of(NANO_BANANA, json(200, Fixtures.v2Error("content moderation filter: gore", "BAD_USER_INPUT")),
            ContentModeratedException.class, "content moderation filter: gore"));
  }

  @ParameterizedTest
  @MethodSource("answers")
  void eachDocumentedErrorIsTyped(String model, MockResponse answer, Class<? extends GenerationException> type,
      String kept) {
    GenerationException e = create(model, answer, type);

    assertTrue(e.getMessage().contains(kept), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void a503IsRetryable() {
    assertTrue(create(PHOENIX, json(503, "<html><body>Service Unavailable</body></html>"),
        ProviderFailureException.class).retryable());
  }

  @Test
  void aV2ErrorListWithA200StatusCreatedNothingAndFailsOver() {
    ProviderFailureException e = create(NANO_BANANA, json(200,
        Fixtures.v2Error("Unexpected error generating image", "INTERNAL_SERVER_ERROR")), ProviderFailureException.class);

    assertFalse(e.retryable(), "never re-sent here: another offer may take it");
    assertTrue(e.getMessage().contains("Unexpected error generating image"), e.getMessage());
  }

  @Test
  void a429IsRateLimitedForTheWaitItGives() {
    RateLimitedException e = create(PHOENIX, new MockResponse.Builder(json(429, Fixtures.error("Too many requests",
        "unexpected"))).setHeader("Retry-After", "12").build(), RateLimitedException.class);

    assertEquals(Duration.ofSeconds(12), e.retryAfter().orElseThrow());
  }
}
