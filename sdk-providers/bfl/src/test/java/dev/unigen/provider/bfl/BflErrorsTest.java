package dev.unigen.provider.bfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The error shapes BFL documents, on submit, and the typed errors failover acts on. */
class BflErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final BflProvider provider = Fixtures.provider(server);

  private Throwable submit(MockResponse answer) {
    server.enqueue(answer);
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x").size(1024, 1024).build();
    return TestCalls.failure(provider.submit(TestCalls.call(provider, r)));
  }

  @Test
  void a422FastApiValidationListIsAnInvalidRequestNamingTheField() {
    Throwable e = submit(TestCalls.json(422, "{\"detail\":[{\"loc\":[\"body\",\"width\"],"
        + "\"msg\":\"Input should be greater than or equal to 64\",\"type\":\"greater_than_equal\"}]}"));
    InvalidRequestException i = assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(i.getMessage().contains("422"), i.getMessage());
    assertTrue(i.getMessage().contains("width"), i.getMessage());
    assertTrue(i.getMessage().contains("greater than or equal to 64"), i.getMessage());
  }

  @Test
  void a402IsInsufficientCredit() {
    Throwable e = submit(TestCalls.json(402, "{\"detail\":\"Insufficient credits\"}"));
    assertInstanceOf(InsufficientCreditException.class, e);
  }

  @Test
  void anyAnswerSayingTheCreditsRanOutIsInsufficientCreditEvenA429() {
    Throwable e = submit(TestCalls.json(429, "{\"error\":\"insufficient_credits\","
        + "\"message\":\"Your account does not have enough credits\"}"));
    assertInstanceOf(InsufficientCreditException.class, e);
  }

  @Test
  void a429WithoutRetryAfterWaitsForTheBodysRetryAfter() {
    // The header is pinned by the contract; without it, the body's retry_after (the shape in BFL's skills repository) is used.
    Throwable e = submit(TestCalls.json(429, "{\"error\":\"rate_limit_exceeded\",\"message\":\"Too many concurrent requests\",\"retry_after\":5}"));
    assertEquals(Duration.ofSeconds(5), assertInstanceOf(RateLimitedException.class, e).retryAfter().orElseThrow());
  }

  @Test
  void serverErrorsAreRetryableOnlyWhereRepeatingIsSafe() {
    assertTrue(assertInstanceOf(ProviderFailureException.class,
        submit(TestCalls.json(503, "{\"detail\":\"Service Unavailable\"}"))).retryable());
    assertTrue(assertInstanceOf(ProviderFailureException.class,
        submit(TestCalls.json(502, "<html>Bad Gateway</html>"))).retryable());
    assertFalse(assertInstanceOf(ProviderFailureException.class,
        submit(TestCalls.json(500, "{\"detail\":\"Internal Server Error\"}"))).retryable());
  }

  @Test
  void a200WithoutATaskIdMayStillHaveBeenAcceptedSoItsOutcomeIsUnknown() {
    assertInstanceOf(OutcomeUnknownException.class, submit(TestCalls.json(200, "{\"polling_url\":null}")));
  }

  @Test
  void aSubmitAnswerWithoutPollingUrlIsPolledAtGetResult() {
    server.enqueue(TestCalls.json(200, "{\"id\":\"" + Fixtures.TASK + "\",\"status\":\"Pending\","
        + "\"webhook_url\":\"https://app.example.com/hooks/bfl\"}"));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x").build();
    String poll = TestCalls.await(provider.submit(TestCalls.call(provider, r))).job().orElseThrow().pollUrl().orElseThrow();
    assertEquals(server.url("/v1/get_result?id=" + Fixtures.TASK).toString(), poll);
  }
}
