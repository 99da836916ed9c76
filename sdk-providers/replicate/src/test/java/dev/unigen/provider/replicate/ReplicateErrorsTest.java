package dev.unigen.provider.replicate;

import static dev.unigen.provider.replicate.Fixtures.KEY;
import static dev.unigen.provider.replicate.Fixtures.problem;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
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

/** Every documented error shape of the create call, mapped to the typed errors failover acts on. */
class ReplicateErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final ReplicateProvider provider = Fixtures.provider(server);

  private GenerationException fail(MockResponse answer) {
    server.enqueue(answer);
    return TestCalls.failure(GenerationException.class,
        provider, Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build());
  }

  @Test
  void unauthenticatedIsAnAuthenticationErrorWithTheKeyRedacted() {
    GenerationException e = fail(problem(401, "Unauthenticated", "You did not pass a valid authentication token " + KEY));
    assertTrue(e instanceof AuthenticationException, e.toString());
    assertEquals("replicate: 401 Unauthenticated: You did not pass a valid authentication token ***", e.getMessage());
    assertFalse(e.getMessage().contains("test-key-"));
  }

  @Test
  void paymentRequiredIsOutOfCredit() {
    GenerationException e = fail(problem(402, "Payment required",
        "You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit."));
    assertTrue(e instanceof InsufficientCreditException, e.toString());
    assertTrue(e.getMessage().contains("insufficient credit"));
  }

  @Test
  void notFoundIsANonRetryableFailureSoFailoverMovesOn() {
    GenerationException e = fail(problem(404, "Not found", "The requested resource could not be found."));
    assertTrue(e instanceof ProviderFailureException, e.toString());
    assertFalse(((ProviderFailureException) e).retryable());
    assertEquals(404, ((ProviderFailureException) e).status().getAsInt());
  }

  @Test
  void anInvalidInputIsAnInvalidRequest() {
    GenerationException e = fail(problem(422, "Input validation failed",
        "- input.aspect_ratio: aspect_ratio must be one of the following: \"1:1\", \"16:9\""));
    assertTrue(e instanceof InvalidRequestException, e.toString());
    assertTrue(e.getMessage().startsWith("replicate: 422 Input validation failed: - input.aspect_ratio"), e.getMessage());
  }

  @Test
  void throttlingHonoursRetryAfterOrTheWaitInTheDetail() {
    GenerationException header = fail(problem(429, null, "Request was throttled. Your rate limit resets in ~30s.")
        .newBuilder().addHeader("Retry-After", "12").build());
    assertTrue(header instanceof RateLimitedException, header.toString());
    assertEquals(Duration.ofSeconds(12), ((RateLimitedException) header).retryAfter().get());
    GenerationException detail = fail(problem(429, null, "Request was throttled. Your rate limit resets in ~30s."));
    assertEquals(Duration.ofSeconds(30), ((RateLimitedException) detail).retryAfter().get());
    assertEquals("replicate: 429 Request was throttled. Your rate limit resets in ~30s.", detail.getMessage());
  }

  @Test
  void serverErrorsAreFailuresRetryableOnlyWhereRepeatingIsSafe() {
    GenerationException unavailable = fail(problem(503, "Service Unavailable", "The service is temporarily unavailable"));
    assertTrue(((ProviderFailureException) unavailable).retryable());
    GenerationException internal = fail(new MockResponse.Builder().code(500).body("Internal Server Error").build());
    assertFalse(((ProviderFailureException) internal).retryable());
    assertEquals("replicate: 500 Internal Server Error", internal.getMessage());
  }

  @Test
  void anUnreadableCreateAnswerMayHaveBeenAcceptedSoItIsNeverResent() {
    GenerationException e = fail(json(201, "{\"detail\": \"not a prediction\"}"));
    assertTrue(e instanceof OutcomeUnknownException, e.toString());
    assertEquals(1, server.getRequestCount());
  }

}
