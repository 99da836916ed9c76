package dev.unigen.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.provider.sandbox.SandboxProvider;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.Submission;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class UnigenWebhookEndpointTest {
  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(UnigenAutoConfiguration.class, WebMvcAutoConfiguration.class,
          DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class))
      .withBean(UnigenGeneratorCustomizer.class, () -> b -> b.provider(ctx -> new Signed(SandboxProvider.builder()
          .name("signed").build(ctx))));

  @Test
  void aVerifiedDeliveryAboutNoKnownJobIsAnsweredOk() {
    runner.run(ctx -> {
      MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
      mvc.perform(post("/unigen/webhooks/signed").header("X-Test-Signature", "good")
              .content("{\"id\":\"job-1\",\"status\":\"failed\"}".getBytes(StandardCharsets.UTF_8)))
          .andExpect(status().isOk()).andExpect(content().string("unknown_job\n"));
    });
  }

  @Test
  void aBadSignatureOrAnUnknownProviderIsRefused() {
    runner.run(ctx -> {
      MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
      mvc.perform(post("/unigen/webhooks/signed").header("X-Test-Signature", "forged").content("{}"))
          .andExpect(status().isBadRequest()).andExpect(content().string("rejected\n"));
      mvc.perform(post("/unigen/webhooks/nobody").content("{}")).andExpect(status().isBadRequest());
    });
  }

  @Test
  void thePathFollowsTheProperty() {
    runner.withPropertyValues("unigen.webhooks.path=/hooks").run(ctx -> {
      MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
      mvc.perform(post("/hooks/signed").header("X-Test-Signature", "good").content("{\"id\":\"job-1\"}"))
          .andExpect(status().isOk());
    });
  }

  @Test
  void aBodyOverTheBoundIsRefusedUnread() {
    runner.withPropertyValues("unigen.webhooks.max-body-size=16B").run(ctx -> {
      MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
      // 17 bytes: one over
      mvc.perform(post("/unigen/webhooks/signed").header("X-Test-Signature", "good").content("{\"id\":\"job-12\"}  "))
          .andExpect(status().isPayloadTooLarge());
      // 16 bytes: at the bound
      mvc.perform(post("/unigen/webhooks/signed").header("X-Test-Signature", "good").content("{\"id\":\"job-12\"} "))
          .andExpect(status().isOk());
    });
  }

  @Test
  void outsideAWebApplicationThereIsNoEndpoint() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(UnigenAutoConfiguration.class))
        .run(ctx -> assertThat(ctx).doesNotHaveBean(UnigenWebhookController.class));
  }

  /** The sandbox, with webhooks signed by a header a test can forge: good is accepted, anything else refused. */
  private static final class Signed implements Provider {
    private final SandboxProvider sandbox;

    Signed(SandboxProvider sandbox) {
      this.sandbox = sandbox;
    }

    @Override
    public String name() {
      return sandbox.name();
    }

    @Override
    public Catalog catalog() {
      return sandbox.catalog();
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderCall call) {
      return sandbox.submit(call);
    }

    @Override
    public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
      List<String> signature = headers.getOrDefault("X-Test-Signature", List.of());
      if (!signature.equals(List.of("good"))) throw new WebhookRejectedException("signed", "bad signature");
      String json = new String(body, StandardCharsets.UTF_8);
      String id = json.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
      return Optional.of(new WebhookEvent("delivery-" + id, id,
          PollResult.failed(new ProviderFailureException("signed", "failed at the provider"))));
    }
  }
}
