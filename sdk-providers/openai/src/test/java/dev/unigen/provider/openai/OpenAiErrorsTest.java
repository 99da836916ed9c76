package dev.unigen.provider.openai;

import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.failure;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
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

/** Every error shape OpenAI documents or is seen answering, mapped to the typed exceptions. */
class OpenAiErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final OpenAiProvider provider = OpenAiProvider.builder().build(Fixtures.context(server));

  private Throwable answer(MockResponse response) {
    server.enqueue(response);
    return failure(provider.submit(call(provider, Request.builder(Task.TEXT_TO_IMAGE).model("gpt-image-2")
        .prompt("a red bicycle").build())));
  }

  private static String envelope(String message, String type, String param, String code) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":"
        + (param == null ? "null" : "\"" + param + "\"") + ",\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}";
  }

  @Test
  void insufficientQuotaIsOutOfCreditNotARateLimit() {
    Throwable e = answer(new MockResponse.Builder().code(429).addHeader("retry-after", "20")
        .body(envelope("You exceeded your current quota, please check your plan and billing details.", "insufficient_quota",
            null, "insufficient_quota")).build());
    assertInstanceOf(InsufficientCreditException.class, e);
    assertTrue(e.getMessage().contains("insufficient_quota: You exceeded your current quota"), e.getMessage());
  }

  @Test
  void aBillingHardLimitIsOutOfCredit() {
    Throwable e = answer(json(400, envelope("Billing hard limit has been reached", "invalid_request_error", null,
        "billing_hard_limit_reached")));
    assertInstanceOf(InsufficientCreditException.class, e);
  }

  @Test
  void aRateLimitCarriesRetryAfterMs() {
    Throwable e = answer(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "1500").addHeader("retry-after", "2")
        .body(envelope("Rate limit reached for gpt-image-2 in organization org-x on images per minute (IPM): Limit 5",
            "requests", null, "rate_limit_exceeded")).build());
    RateLimitedException r = assertInstanceOf(RateLimitedException.class, e);
    assertEquals(Duration.ofMillis(1500), r.retryAfter().get());
  }

  @Test
  void gptImageModerationIsContentModerated() {
    Throwable e = answer(json(400, "{\"error\":{\"message\":\"Your request was rejected by the safety system. If you believe"
        + " this is an error, contact us at help.openai.com and include the request ID req_1.\",\"type\":"
        + "\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\",\"moderation_details\":"
        + "{\"moderation_stage\":\"input\",\"categories\":[\"violence\"]}}}"));
    assertInstanceOf(ContentModeratedException.class, e);
    assertTrue(e.getMessage().contains("moderation_blocked: Your request was rejected by the safety system"), e.getMessage());
  }

  @Test
  void aContentPolicyViolationIsContentModerated() {
    Throwable e = answer(json(400, envelope("Your request was rejected as a result of our safety system.",
        "invalid_request_error", null, "content_policy_violation")));
    assertInstanceOf(ContentModeratedException.class, e);
  }

  @Test
  void anyOtherBadRequestIsInvalid() {
    Throwable e = answer(json(400, envelope("Invalid size '1000x1000'. Width and height must be multiples of 16.",
        "invalid_request_error", "size", "invalid_value")));
    assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(e.getMessage().contains("Invalid size"), e.getMessage());
  }

  @Test
  void anUnknownModelMovesOnInsteadOfStopping() {
    Throwable e = answer(json(404, envelope("The model `gpt-image-2` does not exist or you do not have access to it.",
        "invalid_request_error", null, "model_not_found")));
    ProviderFailureException f = assertInstanceOf(ProviderFailureException.class, e);
    assertFalse(f.retryable());
    assertEquals(404, f.status().getAsInt());
  }

  @Test
  void anUnverifiedOrganizationIsAnAuthenticationError() {
    Throwable e = answer(json(403, envelope("Your organization must be verified to use the model `gpt-image-2`.",
        "invalid_request_error", null, null)));
    assertInstanceOf(AuthenticationException.class, e);
  }

  @Test
  void serverErrorsAreRetryableAsTheOfficialClientsRetryThem() {
    for (int status : new int[] {500, 502, 503}) {
      Throwable e = answer(json(status, envelope("The server had an error while processing your request.", "server_error",
          null, null)));
      assertTrue(assertInstanceOf(ProviderFailureException.class, e).retryable(), status + " " + e);
    }
  }

  @Test
  void xShouldRetryOverridesTheDefault() {
    Throwable no = answer(new MockResponse.Builder().code(500).addHeader("x-should-retry", "false")
        .body(envelope("boom", "server_error", null, null)).build());
    assertFalse(assertInstanceOf(ProviderFailureException.class, no).retryable());
    Throwable yes = answer(new MockResponse.Builder().code(409).addHeader("x-should-retry", "true")
        .body(envelope("lock timeout", "invalid_request_error", null, null)).build());
    assertTrue(assertInstanceOf(ProviderFailureException.class, yes).retryable());
  }

  @Test
  void aNonJsonErrorStillMaps() {
    Throwable e = answer(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());
    assertTrue(assertInstanceOf(ProviderFailureException.class, e).retryable());
  }

  @Test
  void twoHundredWithoutImagesIsNoOutput() {
    Throwable e = answer(json(200, "{\"created\":1713833628,\"data\":[]}"));
    assertInstanceOf(NoOutputException.class, e);
    Throwable empty = answer(json(200, "{\"created\":1713833628,\"data\":[{\"b64_json\":\"\"}]}"));
    assertInstanceOf(NoOutputException.class, empty);
  }

  @Test
  void twoHundredCarryingAnErrorIsTyped() {
    Throwable e = answer(json(200, "{\"created\":1713833628,\"data\":[]," + envelope("blocked", "image_generation_user_error",
        null, "moderation_blocked").substring(1)));
    assertInstanceOf(ContentModeratedException.class, e);
  }
}
