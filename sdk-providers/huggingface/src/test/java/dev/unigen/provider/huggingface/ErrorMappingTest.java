package dev.unigen.provider.huggingface;

import static dev.unigen.provider.huggingface.Fixtures.KEY;
import static dev.unigen.provider.huggingface.Fixtures.call;
import static dev.unigen.provider.huggingface.Fixtures.prompt;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Every documented error shape, mapped to the typed error failover acts on. */
class ErrorMappingTest {
  private static final String SCHNELL = "hf-inference:black-forest-labs/FLUX.1-schnell";

  @StartStop private final MockWebServer server = TestServers.started();
  private final HuggingFaceProvider provider = HuggingFaceProvider.builder().build(Fixtures.context(server));

  private GenerationException failWith(MockResponse response) {
    server.enqueue(response);
    return TestCalls.failure(GenerationException.class, () -> provider.submit(call(SCHNELL, prompt("x").build())));
  }

  @Test
  void unauthorizedNeverShowsTheToken() {
    GenerationException e = failWith(json(401, "{\"error\":\"Invalid credentials in Authorization header: Bearer " + KEY + "\"}"));
    assertTrue(e instanceof AuthenticationException);
    assertFalse(e.getMessage().contains("0123456789"), e.getMessage());
    assertEquals("huggingface: 401 Invalid credentials in Authorization header: Bearer ***", e.getMessage());
  }

  @Test
  void outOfIncludedCreditIsInsufficientCreditWhateverTheStatus() {
    String exceeded = "{\"error\":\"You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO"
        + " to get 20x more monthly included credits.\"}";
    assertTrue(failWith(json(402, exceeded)) instanceof InsufficientCreditException);
    assertTrue(failWith(json(429, exceeded)) instanceof InsufficientCreditException);
    assertTrue(failWith(json(402, "{\"message\":\"Payment required\"}")) instanceof InsufficientCreditException);
  }

  @Test
  void aModelTheRouteDoesNotServeFailsOverRatherThanStopping() {
    GenerationException notFound = failWith(json(404, "{\"error\":\"Model stabilityai/stable-diffusion-xl-base-1.0 does not exist\"}"));
    assertTrue(notFound instanceof dev.unigen.ProviderFailureException);
    assertFalse(((dev.unigen.ProviderFailureException) notFound).retryable());
    GenerationException notSupported = failWith(json(400, "{\"error\":\"Model not supported by provider fal-ai\"}"));
    assertTrue(notSupported instanceof dev.unigen.ProviderFailureException);
    assertEquals("huggingface: 400 Model not supported by provider fal-ai", notSupported.getMessage());
    GenerationException plain = failWith(new MockResponse.Builder().code(404).body("Not Found").build());
    assertTrue(plain instanceof dev.unigen.ProviderFailureException);
    assertTrue(failWith(json(400, "{\"error\":\"bad width\"}")) instanceof InvalidRequestException);
  }

  @Test
  void theHumanTextIsReadFromErrorDetailOrMessage() {
    assertEquals("huggingface: 400 bad width", failWith(json(400, "{\"error\":\"bad width\"}")).getMessage());
    assertEquals("huggingface: 400 bad height", failWith(json(400, "{\"detail\":\"bad height\"}")).getMessage());
    assertEquals("huggingface: 400 bad seed", failWith(json(400, "{\"message\":\"bad seed\"}")).getMessage());
    assertEquals("huggingface: 400 bad steps", failWith(json(400, "{\"error\":{\"message\":\"bad steps\"}}")).getMessage());
  }

  @Test
  void serverErrors() {
    ProviderFailureException internal = (ProviderFailureException) failWith(json(500, "{\"error\":\"Internal Server Error\"}"));
    assertFalse(internal.retryable());
    ProviderFailureException gateway = (ProviderFailureException) failWith(json(504, "{\"error\":\"Gateway Timeout\"}"));
    assertTrue(gateway.retryable());
  }

  @Test
  void routesRemovedFromHuggingFaceAreRefusedWithTheReason() {
    for (String endpoint : new String[] {"nebius:black-forest-labs/flux-schnell", "black-forest-labs:flux-dev"}) {
      ProviderFailureException e = TestCalls.failure(ProviderFailureException.class,
          () -> provider.submit(call(endpoint, prompt("x").build())));
      assertTrue(e.getMessage().contains("removed from Hugging Face routing on 2026-07-01"), e.getMessage());
      assertFalse(e.retryable());
    }
    TestCalls.failure(ProviderFailureException.class,
        () -> provider.submit(call("black-forest-labs/FLUX.1-dev", prompt("x").build())));
    TestCalls.failure(ProviderFailureException.class,
        () -> provider.submit(call("groq:some/model", prompt("x").build())));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void onlyTextToImageWithAPromptIsServed() {
    Request video = Request.builder(Task.TEXT_TO_VIDEO).model("flux-schnell").prompt("x").build();
    TestCalls.failure(InvalidRequestException.class, () -> provider.submit(call(SCHNELL, video)));
    Request noPrompt = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").build();
    TestCalls.failure(InvalidRequestException.class, () -> provider.submit(call(SCHNELL, noPrompt)));
    Request badBillTo = prompt("x").providerOptions("huggingface", Map.of("billTo", 42)).build();
    TestCalls.failure(InvalidRequestException.class, () -> provider.submit(call(SCHNELL, badBillTo)));
    Request headerBreaking = prompt("x").providerOptions("huggingface", Map.of("billTo", "org\r\nX-Evil: 1")).build();
    TestCalls.failure(InvalidRequestException.class, () -> provider.submit(call(SCHNELL, headerBreaking)));
    Request badOption = prompt("x").providerOptions("huggingface", Map.of("when", java.time.Instant.EPOCH)).build();
    InvalidRequestException e = TestCalls.failure(InvalidRequestException.class,
        () -> provider.submit(call(SCHNELL, badOption)));
    assertTrue(e.getMessage().contains("when"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }
}
