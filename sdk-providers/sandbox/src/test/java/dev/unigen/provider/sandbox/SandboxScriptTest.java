package dev.unigen.provider.sandbox;

import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.TestContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SandboxScriptTest {
  private static final Map<SandboxFailure, Class<? extends GenerationException>> EXPECTED = Map.of(
      SandboxFailure.RATE_LIMIT, RateLimitedException.class,
      SandboxFailure.OUTAGE, ProviderFailureException.class,
      SandboxFailure.AUTH, AuthenticationException.class,
      SandboxFailure.INSUFFICIENT_CREDIT, InsufficientCreditException.class,
      SandboxFailure.OUTCOME_UNKNOWN, OutcomeUnknownException.class,
      SandboxFailure.EMPTY_OUTPUT, NoOutputException.class,
      SandboxFailure.MODERATION, ContentModeratedException.class,
      SandboxFailure.INVALID_REQUEST, InvalidRequestException.class);

  private final ProviderContext context = TestContext.of(Map.of());

  private SandboxProvider.Builder sandbox() {
    return SandboxProvider.builder();
  }

  private static final Request IMAGE = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell")
      .prompt("a red bicycle").size(256, 256).build();

  private static CompletableFuture<Submission> submit(SandboxProvider p) {
    return p.submit(call(p, IMAGE));
  }

  @ParameterizedTest
  @EnumSource(SandboxFailure.class)
  void eachFailureMapsToItsException(SandboxFailure failure) {
    SandboxProvider p = sandbox().name("sandbox-a").fail(failure).build(context);

    Throwable e = failure(submit(p));

    assertEquals(EXPECTED.get(failure), e.getClass());
    assertEquals("sandbox-a", ((GenerationException) e).provider().get());
    assertTrue(e.getMessage().startsWith("sandbox-a: "), e.getMessage());
  }

  @Test
  void everyFailureHasAnExpectedException() {
    assertEquals(SandboxFailure.values().length, EXPECTED.size());
  }

  @Test
  void rateLimitCarriesItsRetryAfter() {
    RateLimitedException byDefault = (RateLimitedException) failure(submit(sandbox().fail(SandboxFailure.RATE_LIMIT).build(context)));
    RateLimitedException set = (RateLimitedException) failure(submit(
        sandbox().retryAfter(Duration.ofMillis(20)).fail(SandboxFailure.RATE_LIMIT).build(context)));

    assertEquals(Duration.ofSeconds(1), byDefault.retryAfter().get());
    assertEquals(Duration.ofMillis(20), set.retryAfter().get());
  }

  @Test
  void outageIsARetryable503() {
    ProviderFailureException e = (ProviderFailureException) failure(submit(sandbox().fail(SandboxFailure.OUTAGE).build(context)));

    assertEquals(503, e.status().getAsInt());
    assertTrue(e.retryable());
  }

  @Test
  void emptyOutputIsANonRetryableProviderFailure() {
    NoOutputException e = (NoOutputException) failure(submit(sandbox().fail(SandboxFailure.EMPTY_OUTPUT).build(context)));

    assertFalse(e.retryable());
  }

  @Test
  void scriptIsConsumedOnePerSubmitThenSucceeds() {
    SandboxProvider p = sandbox()
        .failTimes(SandboxFailure.OUTAGE, 2)
        .fail(SandboxFailure.RATE_LIMIT)
        .succeed()
        .fail(SandboxFailure.AUTH)
        .build(context);

    assertInstanceOf(ProviderFailureException.class, failure(submit(p)));
    assertInstanceOf(ProviderFailureException.class, failure(submit(p)));
    assertInstanceOf(RateLimitedException.class, failure(submit(p)));
    assertTrue(await(submit(p)).output().isPresent());
    assertInstanceOf(AuthenticationException.class, failure(submit(p)));
    assertTrue(await(submit(p)).output().isPresent());
    assertTrue(await(submit(p)).output().isPresent());
    assertEquals(7, p.submits());
  }

  @Test
  void failAlwaysFailsEveryCallAfterTheScript() {
    SandboxProvider p = sandbox().succeed().failAlways(SandboxFailure.OUTAGE).build(context);

    assertTrue(await(submit(p)).output().isPresent());
    for (int i = 0; i < 5; i++) assertInstanceOf(ProviderFailureException.class, failure(submit(p)));
    assertEquals(6, p.submits());
  }

  @Test
  void submitsCountsEveryCall() {
    SandboxProvider p = sandbox().build(context);
    assertEquals(0, p.submits());

    await(submit(p));
    await(submit(p));

    assertEquals(2, p.submits());
  }

  @Test
  void submitFailuresOnAJobFailTheSubmit() {
    SandboxProvider p = sandbox().fail(SandboxFailure.INSUFFICIENT_CREDIT).build(context);
    Request video = Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-pro").prompt("waves").build();

    assertInstanceOf(InsufficientCreditException.class, failure(p.submit(call(p, video))));
  }

  @Test
  void anInvalidRequestIsRejectedLikeARealProviderWould() {
    SandboxProvider p = sandbox().build(context);
    Request noPrompt = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").size(256, 256).build();
    Request tooMany = IMAGE.toBuilder().count(5).build();
    Request noImage = Request.builder(Task.UPSCALE).model("sandbox-upscale").build();

    assertTrue(failure(p.submit(call(p, noPrompt))).getMessage().contains("a prompt is required for text-to-image"));
    assertTrue(failure(p.submit(call(p, tooMany))).getMessage().contains("5 outputs asked, 4 allowed"));
    Throwable e = failure(p.submit(call(p, noImage)));
    assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(e.getMessage().contains("an input image is required for upscale"), e.getMessage());
  }

  @Test
  void builderRejectsBadValues() {
    assertThrows(IllegalArgumentException.class, () -> SandboxProvider.builder().latency(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> SandboxProvider.builder().failTimes(SandboxFailure.AUTH, -1));
    assertThrows(IllegalArgumentException.class, () -> SandboxProvider.builder().name("Sandbox A").build());
  }
}
