package dev.unigen.provider.together;

import static dev.unigen.provider.together.Fixtures.error;
import static dev.unigen.testkit.TestCalls.json;
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
import dev.unigen.testkit.TestServers;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every documented status, in the documented error envelope, mapped to the error failover acts on. */
class TogetherErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final TogetherProvider provider = Fixtures.provider(server);

  private static Request schnell() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red bicycle").size(1024, 1024).build();
  }

  static Stream<Arguments> documentedStatuses() {
    return Stream.of(
        Arguments.of(400, error("Input validation error: width must be a multiple of 8", "invalid_request_error", null),
            InvalidRequestException.class),
        Arguments.of(401, error("Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.",
            "invalid_request_error", "invalid_api_key"), AuthenticationException.class),
        Arguments.of(402, error("You have reached your spending limit. Adjust your billing settings or make a payment to resume service.",
            "invalid_request_error", null), InsufficientCreditException.class),
        Arguments.of(403, error("Forbidden", "invalid_request_error", null), AuthenticationException.class),
        Arguments.of(404, error("Unable to access model black-forest-labs/FLUX.1-schnell. Please visit https://api.together.ai/models "
            + "to view the list of supported models.", "invalid_request_error", "model_not_available"), ProviderFailureException.class),
        Arguments.of(422, error("The safety checker found NSFW content in the generated image.", "invalid_request_error", null),
            ContentModeratedException.class),
        Arguments.of(429, error("You have exceeded the rate limit for this model.", "rate_limit_exceeded", null),
            RateLimitedException.class),
        Arguments.of(500, error("Internal server error", "server_error", null), ProviderFailureException.class),
        Arguments.of(503, error("The server is overloaded or not ready yet.", "server_error", null), ProviderFailureException.class));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("documentedStatuses")
  void documentedStatusesMapToTypedErrors(int status, String body, Class<? extends GenerationException> expected) {
    server.enqueue(json(status, body));

    Throwable e = Fixtures.failure(provider, schnell());

    assertEquals(expected, e.getClass(), String.valueOf(e));
    assertTrue(e.getMessage().startsWith("together: " + status + " "), e.getMessage());
    assertEquals("together", ((GenerationException) e).provider().get());
  }

  @Test
  void onlyOverloadAndGatewayFailuresAreRetryable() throws Exception {
    server.enqueue(json(503, error("The server is overloaded or not ready yet.", "server_error", null)));
    server.enqueue(json(500, error("Internal server error", "server_error", null)));
    server.enqueue(new MockResponse.Builder().code(502).body("Bad Gateway").build());

    ProviderFailureException overloaded = assertInstanceOf(ProviderFailureException.class, Fixtures.failure(provider, schnell()));
    ProviderFailureException internal = assertInstanceOf(ProviderFailureException.class, Fixtures.failure(provider, schnell()));
    ProviderFailureException gateway = assertInstanceOf(ProviderFailureException.class, Fixtures.failure(provider, schnell()));

    assertTrue(overloaded.retryable());
    assertEquals(503, overloaded.status().getAsInt());
    assertFalse(internal.retryable(), "a 500 may have run the model: fail over, do not repeat");
    assertTrue(gateway.retryable());
    assertTrue(gateway.getMessage().contains("Bad Gateway"), gateway.getMessage());
  }

  @Test
  void aWithdrawnModelFailsOverInsteadOfFailingEverywhere() throws Exception {
    server.enqueue(json(404, error("Unable to access model black-forest-labs/FLUX.1-dev.", "invalid_request_error",
        "model_not_available")));

    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, Fixtures.failure(provider, schnell()));

    assertFalse(e.retryable());
    assertEquals(404, e.status().getAsInt());
  }

  @Test
  void runningOutOfCreditIsNotARateLimitOrAnAuthFailure() throws Exception {
    server.enqueue(json(429, error("You have reached your spending limit for this month.", "rate_limit_exceeded", null)));
    // as captured by a user of Kontext [max] on a low tier (third-party copy of Together's message)
    server.enqueue(json(403, error("Access to this model is not available for tier Limited,Free,Build Tier 1. You're currently "
        + "on Build Tier 1. To unlock access, please upgrade your tier by purchasing credits.", "invalid_request_error", null)));
    server.enqueue(json(400, error("Image models can only be used with credits. Your balance is zero.", "invalid_request_error", null)));

    assertInstanceOf(InsufficientCreditException.class, Fixtures.failure(provider, schnell()));
    assertInstanceOf(InsufficientCreditException.class, Fixtures.failure(provider, schnell()));
    assertInstanceOf(InsufficientCreditException.class, Fixtures.failure(provider, schnell()));
  }

  @Test
  void moderationIsRecognisedInA400Too() throws Exception {
    server.enqueue(json(400, error("NSFW content detected. Try a different prompt.", "invalid_request_error", null)));

    assertInstanceOf(ContentModeratedException.class, Fixtures.failure(provider, schnell()));
  }

  @Test
  void aBodyThatIsNotTheEnvelopeStillMaps() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).body("upstream connect error").build());

    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, Fixtures.failure(provider, schnell()));

    assertTrue(e.retryable());
    assertEquals("together: 503 upstream connect error", e.getMessage());
  }
}
