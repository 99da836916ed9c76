package dev.unigen.provider.runware;

import static dev.unigen.provider.runware.Fixtures.TASK;
import static dev.unigen.provider.runware.Fixtures.call;
import static dev.unigen.provider.runware.Fixtures.str;
import static dev.unigen.provider.runware.Fixtures.task;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.failure;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestServers;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runware's error envelope, its error-code families and its HTTP statuses, mapped to the typed errors. */
class RunwareErrorsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final RunwareProvider provider = Fixtures.provider(server);

  private Request twoImages() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a lighthouse").count(2).build();
  }

  private Request oneImage() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a lighthouse").build();
  }

  private static String error(String code, String message) {
    return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"taskType\":\"imageInference\","
        + "\"taskUUID\":\"" + TASK + "\"}]}";
  }

  @Test
  void partialSuccessKeepsTheResultsAndWarnsAboutTheErrors() {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\","
        + "\"imageUUID\":\"a1\",\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/a1.jpg\",\"seed\":11,\"cost\":0.0013}],"
        + "\"errors\":[{\"code\":\"timeoutProvider\",\"message\":\"The provider timed out for one result\","
        + "\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\"}]}"));
    ProviderOutput out = await(provider.submit(call(provider, twoImages()))).output().orElseThrow();
    assertEquals(1, out.assets().size());
    assertEquals(Money.usd("0.0013"), out.usage().reportedCost().get(), "only what came back is billed");
    assertEquals(1, out.warnings().size());
    assertTrue(out.warnings().get(0).contains("1 of 2") && out.warnings().get(0).contains("timeoutProvider"), out.warnings().get(0));
  }

  @Test
  void errorsOfAnotherTaskInTheBatchAreNotOurs() {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\","
        + "\"imageUUID\":\"a1\",\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/a1.jpg\",\"cost\":0.0013}],"
        + "\"errors\":[{\"code\":\"invalidModel\",\"message\":\"x\",\"taskUUID\":\"00000000-0000-4000-8000-000000000000\"}]}"));
    Request one = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build();
    assertTrue(await(provider.submit(call(provider, one))).output().get().warnings().isEmpty());
  }

  @Test
  void fewerResultsThanAskedWithoutErrorsIsAWarning() {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\","
        + "\"imageUUID\":\"a1\",\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/a1.jpg\",\"cost\":0.0013}]}"));
    ProviderOutput out = await(provider.submit(call(provider, twoImages()))).output().orElseThrow();
    assertEquals("Runware returned 1 of 2 results", out.warnings().get(0));
  }

  @Test
  void errorsWithoutResultsFailWithTheMappedError() {
    server.enqueue(json(200, "{\"data\":[],\"errors\":[{\"code\":\"contentPolicyViolation\","
        + "\"message\":\"The prompt violates the content policy\",\"parameter\":\"positivePrompt\",\"type\":\"string\","
        + "\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\"}]}"));
    ContentModeratedException e = failure(ContentModeratedException.class, provider.submit(call(provider, twoImages())));
    assertTrue(e.getMessage().contains("positivePrompt"), e.getMessage());
  }

  @Test
  void insufficientCreditsWithStatus200AndEmptyData() {
    server.enqueue(json(200, "{\"data\":[],\"errors\":[{\"code\":\"insufficientCredits\","
        + "\"message\":\"Insufficient credits, please add your credit card and top-up your balance\"}]}"));
    failure(InsufficientCreditException.class, provider.submit(call(provider, twoImages())));
  }

  @ParameterizedTest
  @CsvSource({
      "400, insufficientCredits, InsufficientCreditException",
      "400, notEnoughBalance, InsufficientCreditException",
      "429, monthlyQuotaExceeded, InsufficientCreditException",
      "401, invalidApiKey, AuthenticationException",
      "403, permissionDenied, AuthenticationException",
      "400, invalidPositivePrompt, InvalidRequestException",
      "400, missingWidth, InvalidRequestException",
      "400, unsupportedDuration, InvalidRequestException",
      "400, contentPolicyViolation, ContentModeratedException",
      "400, nsfwContentDetected, ContentModeratedException",
      "200, timeoutProvider, ProviderFailureException",
      "504, requestTimeout, ProviderFailureException",
      "429, concurrentRateLimitReached, RateLimitedException",
      "400, unknownModel, ProviderFailureException",
      "500, inferenceError, ProviderFailureException"})
  void eachErrorCodeFamilyMapsToItsType(int status, String code, String type) {
    server.enqueue(json(status, error(code, "details for " + code)));
    GenerationException e = failure(GenerationException.class, provider.submit(call(provider, twoImages())));
    assertEquals(type, e.getClass().getSimpleName(), e.getMessage());
    assertTrue(e.getMessage().contains(code), e.getMessage());
    assertEquals(RunwareProvider.NAME, e.provider().get());
  }

  @Test
  void timeoutsAreRetryableAndUnknownModelsFailOverWithoutRetrying() {
    server.enqueue(json(200, error("timeoutProvider", "The provider did not answer in time")));
    assertTrue(failure(ProviderFailureException.class, provider.submit(call(provider, twoImages()))).retryable());
    server.enqueue(json(400, error("unknownModel", "No such model")));
    assertFalse(failure(ProviderFailureException.class, provider.submit(call(provider, twoImages()))).retryable());
  }

  @ParameterizedTest
  @CsvSource({
      "401, AuthenticationException",
      "402, InsufficientCreditException",
      "403, AuthenticationException",
      "429, RateLimitedException",
      "503, ProviderFailureException",
      "504, ProviderFailureException",
      "400, InvalidRequestException"})
  void httpStatusesWithoutAKnownCode(int status, String type) {
    server.enqueue(json(status, "{\"errors\":[{\"code\":\"somethingNew\",\"message\":\"status " + status + "\"}]}"));
    GenerationException e = failure(GenerationException.class, provider.submit(call(provider, twoImages())));
    assertEquals(type, e.getClass().getSimpleName());
    if (status == 503 || status == 504) assertTrue(((ProviderFailureException) e).retryable());
  }

  @Test
  void aPlainTextGatewayErrorStillMaps() {
    server.enqueue(new MockResponse.Builder().code(503).body("<html>Service Unavailable</html>").build());
    ProviderFailureException e = failure(ProviderFailureException.class, provider.submit(call(provider, twoImages())));
    assertTrue(e.retryable());
    assertEquals(503, e.status().getAsInt());
  }

  @Test
  void theSingularErrorEnvelopeIsReadToo() {
    server.enqueue(json(401, "{\"error\":{\"code\":\"invalidApiKey\",\"message\":\"Invalid API key\",\"parameter\":\"apiKey\"},"
        + "\"taskUUID\":\"" + TASK + "\",\"taskType\":\"imageInference\"}"));
    failure(AuthenticationException.class, provider.submit(call(provider, twoImages())));
  }

  @Test
  void twoHundredWithoutOutputIsNoOutput() {
    server.enqueue(json(200, "{\"data\":[]}"));
    failure(NoOutputException.class, provider.submit(call(provider, twoImages())));
  }

  @Test
  void twoHundredWithAnUnknownErrorCodeIsNoOutput() {
    server.enqueue(json(200, error("somethingNew", "we could not make it")));
    NoOutputException e = failure(NoOutputException.class, provider.submit(call(provider, twoImages())));
    assertTrue(e.getMessage().contains("somethingNew"), e.getMessage());
  }

  /**
   * A bare image UUID cannot be fetched, but it says Runware made the image, which may be billed:
   * the task is followed as a job and read again with {@code getResponse}, never bought elsewhere.
   */
  @Test
  void aResultWithOnlyAUuidIsReadAgainWithGetResponseNotBoughtElsewhere() throws Exception {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\",\"imageUUID\":\"a1\"}]}"));
    JobRef job = await(provider.submit(call(provider, oneImage()))).job().orElseThrow();
    assertEquals(TASK, job.id());

    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\",\"status\":\"success\","
        + "\"imageUUID\":\"a1\",\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/a1.jpg\",\"cost\":0.0013}]}"));
    PollResult read = await(provider.poll(job));

    assertEquals(PollResult.State.SUCCEEDED, read.state());
    assertEquals("https://im.runware.ai/image/ws/2/ii/a1.jpg", read.output().get().assets().get(0).url().get());
    server.takeRequest();
    assertEquals("getResponse", str(task(server.takeRequest()), "taskType"));
  }

  @Test
  void aPromptIsRequiredBeforeAnythingIsSent() {
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").build();
    failure(InvalidRequestException.class, provider.submit(call(provider, r)));
    assertEquals(0, server.getRequestCount());
  }
}
