package dev.unigen.provider.google;

import static dev.unigen.provider.google.Fixtures.FLASH;
import static dev.unigen.provider.google.Fixtures.KEY;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestServers;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Every status of the Gemini API's error envelope, {@code {error: {code, message, status, details}}}, and what it becomes. */
class GoogleErrorsTest {
  private static final Request IMAGE = Request.builder(Task.TEXT_TO_IMAGE).model(FLASH).prompt("a lighthouse").build();
  @StartStop private final MockWebServer server = TestServers.started();
  private final GoogleProvider p = Fixtures.provider(server);

  private Throwable answer(MockResponse response) {
    server.enqueue(response);
    return Fixtures.failure(p, IMAGE);
  }

  private Throwable status(int code, String message) {
    return answer(json(code, Fixtures.error(code, Fixtures.status(code), message, null)));
  }

  @Test
  void aRejectedKeyIsA400WithApiKeyInvalidAndAnAuthenticationError() {
    Throwable e = answer(json(400, Fixtures.keyInvalid()));

    assertInstanceOf(AuthenticationException.class, e);
    assertTrue(e.getMessage().contains("API key not valid"), e.getMessage());
    assertFalse(e.getMessage().contains(KEY));
  }

  @Test
  void aPlainInvalidArgumentIsAnInvalidRequest() {
    Throwable e = status(400, "Unsupported aspect ratio: 7:3");

    assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(e.getMessage().contains("INVALID_ARGUMENT: Unsupported aspect ratio"), e.getMessage());
  }

  @Test
  void aFailedPreconditionIsTheAccountsProblemSoFailoverMovesOn() {
    Throwable e = answer(json(400, Fixtures.error(400, "FAILED_PRECONDITION",
        "User location is not supported for the API use.", null)));

    ProviderFailureException f = assertInstanceOf(ProviderFailureException.class, e);
    assertFalse(f.retryable());
  }

  @Test
  void permissionDeniedIsAnAuthenticationError() {
    assertInstanceOf(AuthenticationException.class, status(403, "Method doesn't allow unregistered callers."));
    assertInstanceOf(AuthenticationException.class, status(401, "Request had invalid authentication credentials."));
  }

  @Test
  void anUnknownModelIsANonRetryableFailure() {
    ProviderFailureException f = assertInstanceOf(ProviderFailureException.class,
        status(404, "models/gemini-3.1-flash-image is not found for API version v1beta"));
    assertFalse(f.retryable());
  }

  @Test
  void aQuota429WaitsAsItsRetryInfoSays() {
    RateLimitedException whole = assertInstanceOf(RateLimitedException.class, answer(json(429, Fixtures.quota("27s"))));
    RateLimitedException fraction = assertInstanceOf(RateLimitedException.class, answer(json(429, Fixtures.quota("3.700s"))));

    assertEquals(Duration.ofSeconds(27), whole.retryAfter().orElseThrow());
    assertEquals(Duration.ofMillis(3700), fraction.retryAfter().orElseThrow());
  }

  @Test
  void aRetryAfterHeaderWinsOverRetryInfo() {
    RateLimitedException e = assertInstanceOf(RateLimitedException.class,
        answer(new MockResponse.Builder(json(429, Fixtures.quota("27s"))).setHeader("Retry-After", "5").build()));

    assertEquals(Duration.ofSeconds(5), e.retryAfter().orElseThrow());
  }

  @Test
  void overloadAndDeadlineAreRetryableAnInternalErrorIsNot() {
    assertTrue(assertInstanceOf(ProviderFailureException.class, status(503, "The model is overloaded. Please try again later.")).retryable());
    assertTrue(assertInstanceOf(ProviderFailureException.class, status(504, "Deadline expired before operation could complete.")).retryable());
    // A 500 after the request was sent may have made (and billed) the image: not repeated.
    assertFalse(assertInstanceOf(ProviderFailureException.class, status(500, "An internal error has occurred.")).retryable());
  }

  @Test
  void anErrorThatIsNotGooglesEnvelopeGetsTheCommonMapping() {
    Throwable e = answer(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><body>502 Bad Gateway</body></html>").build());

    assertTrue(assertInstanceOf(ProviderFailureException.class, e).retryable());
  }
}
