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
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The error shapes BFL documents, on submit, and the typed errors failover acts on. */
class BflErrorsTest {
  private MockWebServer server;
  private BflProvider provider;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    provider = Fixtures.provider(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Throwable submit(MockResponse answer) {
    server.enqueue(answer);
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x").size(1024, 1024).build();
    return Fixtures.failure(provider.submit(Fixtures.call(provider, r)));
  }

  @Test
  void a422FastApiValidationListIsAnInvalidRequestNamingTheField() {
    Throwable e = submit(Fixtures.json(422, "{\"detail\":[{\"loc\":[\"body\",\"width\"],"
        + "\"msg\":\"Input should be greater than or equal to 64\",\"type\":\"greater_than_equal\"}]}"));
    InvalidRequestException i = assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(i.getMessage().contains("422"), i.getMessage());
    assertTrue(i.getMessage().contains("width"), i.getMessage());
    assertTrue(i.getMessage().contains("greater than or equal to 64"), i.getMessage());
  }

  @Test
  void a402IsInsufficientCredit() {
    Throwable e = submit(Fixtures.json(402, "{\"detail\":\"Insufficient credits\"}"));
    assertInstanceOf(InsufficientCreditException.class, e);
  }

  @Test
  void anyAnswerSayingTheCreditsRanOutIsInsufficientCreditEvenA429() {
    Throwable e = submit(Fixtures.json(429, "{\"error\":\"insufficient_credits\","
        + "\"message\":\"Your account does not have enough credits\"}"));
    assertInstanceOf(InsufficientCreditException.class, e);
  }

  @Test
  void a429WithoutRetryAfterWaitsForTheBodysRetryAfter() {
    // The header is pinned by the contract; without it, the body's retry_after (the shape in BFL's skills repository) is used.
    Throwable e = submit(Fixtures.json(429, "{\"error\":\"rate_limit_exceeded\",\"message\":\"Too many concurrent requests\",\"retry_after\":5}"));
    assertEquals(Duration.ofSeconds(5), assertInstanceOf(RateLimitedException.class, e).retryAfter().orElseThrow());
  }

  @Test
  void serverErrorsAreRetryableOnlyWhereRepeatingIsSafe() {
    assertTrue(assertInstanceOf(ProviderFailureException.class,
        submit(Fixtures.json(503, "{\"detail\":\"Service Unavailable\"}"))).retryable());
    assertTrue(assertInstanceOf(ProviderFailureException.class,
        submit(Fixtures.json(502, "<html>Bad Gateway</html>"))).retryable());
    assertFalse(assertInstanceOf(ProviderFailureException.class,
        submit(Fixtures.json(500, "{\"detail\":\"Internal Server Error\"}"))).retryable());
  }

  @Test
  void a200WithoutATaskIdMayStillHaveBeenAcceptedSoItsOutcomeIsUnknown() {
    assertInstanceOf(OutcomeUnknownException.class, submit(Fixtures.json(200, "{\"polling_url\":null}")));
  }

  @Test
  void aSubmitAnswerWithoutPollingUrlIsPolledAtGetResult() {
    server.enqueue(Fixtures.json(200, "{\"id\":\"" + Fixtures.TASK + "\",\"status\":\"Pending\","
        + "\"webhook_url\":\"https://app.example.com/hooks/bfl\"}"));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x").build();
    String poll = Fixtures.join(provider.submit(Fixtures.call(provider, r))).job().orElseThrow().pollUrl().orElseThrow();
    assertEquals(server.url("/v1/get_result?id=" + Fixtures.TASK).toString(), poll);
  }
}
