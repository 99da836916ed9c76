package dev.unigen.provider.wavespeed;

import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Error answers of the submit. WaveSpeed documents the statuses (401 invalid key, 403 suspended,
 * 429, 5xx, an "insufficient credits" case) but not the bodies; its own CLI reads the envelope's
 * {@code message} and {@code error_code}, so the bodies here are that envelope.
 */
class WaveSpeedErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final WaveSpeedProvider provider = Fixtures.provider(server);
  private final Request request = Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.6").prompt("x").build();

  private <T extends GenerationException> T fails(Class<T> type, MockResponse answer) {
    server.enqueue(answer);
    return TestCalls.failure(type, () -> provider.submit(call(provider, request)));
  }

  @Test
  void a403IsAuthentication() {
    fails(AuthenticationException.class, json(403, "{\"code\":403,\"message\":\"account suspended\"}"));
  }

  @Test
  void a402OrAnInsufficientBalanceMessageIsOutOfCredit() {
    fails(InsufficientCreditException.class, json(402, "{\"code\":402,\"message\":\"Payment Required\"}"));
    fails(InsufficientCreditException.class, json(400, "{\"code\":400,\"message\":\"Insufficient balance, please top up\"}"));
    fails(InsufficientCreditException.class, json(429, "{\"code\":429,\"message\":\"insufficient credits\"}"));
  }

  @Test
  void a400IsInvalidAndTheErrorCodeIsKept() {
    InvalidRequestException e = fails(InvalidRequestException.class, json(400,
        "{\"code\":400,\"message\":\"duration must be one of 5, 10, 15\",\"error_code\":\"INVALID_PARAMETER\"}"));
    assertTrue(e.getMessage().contains("duration must be one of") && e.getMessage().contains("[INVALID_PARAMETER]"), e.getMessage());
  }

  @Test
  void aModeratedPromptIsRefusedAsModeration() {
    fails(ContentModeratedException.class, json(400, "{\"code\":1200,\"message\":\"The content contains sensitive information.\"}"));
  }

  @Test
  void serverErrorsOfTheSubmitAreNeverRetriedHere() {
    assertFalse(fails(ProviderFailureException.class, json(503, "{\"code\":503,\"message\":\"Service Unavailable\"}")).retryable());
    assertFalse(fails(ProviderFailureException.class, json(500, "{\"code\":500,\"message\":\"internal error\"}")).retryable());
    OutcomeUnknownException e = fails(OutcomeUnknownException.class, json(504, "<html>Gateway Timeout</html>"));
    assertTrue(e.getMessage().contains("may have been created"), e.getMessage());
  }

  @Test
  void anUnreadableOrIdlessSuccessIsAnUnknownOutcome() {
    fails(OutcomeUnknownException.class, json(200, "{\"code\":200,\"message\":\"success\",\"data\":{\"status\":\"created\"}}"));
  }

  @Test
  void anErrorEnvelopeInAnHttp200IsMappedByItsCode() {
    fails(AuthenticationException.class, json(200, "{\"code\":401,\"message\":\"invalid authentication\",\"data\":null}"));
    fails(InvalidRequestException.class, json(200, "{\"code\":400,\"message\":\"model not supported\"}"));
  }
}
