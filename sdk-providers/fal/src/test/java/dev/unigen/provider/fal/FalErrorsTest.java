package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Every documented error shape of a submit, mapped to its typed error, with the key kept out of messages. */
class FalErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final FalProvider fal = Fixtures.provider(server);

  private <E extends Exception> E submitFails(Class<E> type, MockResponse answer) throws Exception {
    server.enqueue(answer);
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("x").build();
    @SuppressWarnings("unchecked")
    E e = (E) TestCalls.failure((Class) type, fal.submit(TestCalls.call(fal, r)));
    assertFalse(e.getMessage().contains(Fixtures.KEY), e.getMessage());
    return e;
  }

  @Test
  void validationErrorsInBothShapesAreInvalidRequests() throws Exception {
    InvalidRequestException list = submitFails(InvalidRequestException.class, TestCalls.json(422,
        "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}"));
    assertTrue(list.getMessage().contains("[body, prompt]: field required"), list.getMessage());
    InvalidRequestException string = submitFails(InvalidRequestException.class, TestCalls.json(422, "{\"detail\":\"Invalid image size\"}"));
    assertTrue(string.getMessage().contains("Invalid image size"));
  }

  @Test
  void contentPolicyViolationsAreModeration() throws Exception {
    submitFails(ContentModeratedException.class, TestCalls.json(422, "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],"
        + "\"msg\":\"The content could not be processed because it contained material flagged by a content checker.\","
        + "\"type\":\"content_policy_violation\",\"url\":\"https://docs.fal.ai/errors#content_policy_violation\"}]}"));
  }

  @Test
  void aUserStartTimeoutIsNotRetryableButRunnerFailuresAre() throws Exception {
    ProviderFailureException user = submitFails(ProviderFailureException.class, new MockResponse.Builder().code(504)
        .addHeader("X-Fal-Request-Timeout-Type", "user").addHeader("X-Fal-Error-Type", "request_timeout")
        .body("{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}").build());
    assertFalse(user.retryable());
    assertTrue(user.getMessage().contains("request_timeout"));

    ProviderFailureException infra = submitFails(ProviderFailureException.class, new MockResponse.Builder().code(504)
        .addHeader("X-Fal-Error-Type", "startup_timeout").body("{\"detail\":\"Startup timed out\",\"error_type\":\"startup_timeout\"}").build());
    assertTrue(infra.retryable());
    ProviderFailureException runner = submitFails(ProviderFailureException.class, new MockResponse.Builder().code(503)
        .addHeader("X-Fal-Error-Type", "runner_scheduling_failure")
        .body("{\"detail\":\"No runner available\",\"error_type\":\"runner_scheduling_failure\"}").build());
    assertTrue(runner.retryable());
    assertEquals(503, runner.status().getAsInt());
    ProviderFailureException server500 = submitFails(ProviderFailureException.class, TestCalls.json(500,
        "{\"detail\":\"Runner error\",\"error_type\":\"runner_server_error\"}"));
    assertFalse(server500.retryable(), "a submit's 500 is not retried (fal-js retries 429/502/503/504)");
    ProviderFailureException told = submitFails(ProviderFailureException.class, new MockResponse.Builder().code(503)
        .addHeader("X-Fal-Retryable", "false").body("{\"detail\":\"no\"}").build());
    assertFalse(told.retryable(), "X-Fal-Retryable wins");
  }

  @Test
  void authCreditAndRateLimits() throws Exception {
    AuthenticationException auth = submitFails(AuthenticationException.class, TestCalls.json(401,
        "{\"detail\":\"Invalid key: " + Fixtures.KEY + "\"}"));
    assertTrue(auth.getMessage().contains("***"));
    submitFails(InsufficientCreditException.class, TestCalls.json(403,
        "{\"detail\":\"User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.\"}"));
    submitFails(AuthenticationException.class, TestCalls.json(403, "{\"detail\":\"Forbidden\"}"));
    RateLimitedException limited = submitFails(RateLimitedException.class, new MockResponse.Builder().code(429)
        .addHeader("Retry-After", "3").body("{\"detail\":\"Too many requests\"}").build());
    assertEquals(3, limited.retryAfter().get().getSeconds());
  }
}
