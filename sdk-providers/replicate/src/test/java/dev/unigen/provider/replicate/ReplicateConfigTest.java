package dev.unigen.provider.replicate;

import static dev.unigen.provider.replicate.Fixtures.ID;
import static dev.unigen.provider.replicate.Fixtures.KEY;
import static dev.unigen.provider.replicate.Fixtures.pending;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestCalls.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.StartStop;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The default base URL and Replicate's own builder options; the rest of the configuration is the provider contract's. */
class ReplicateConfigTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  private RecordedRequest fluxVia(ReplicateProvider p) throws Exception {
    server.enqueue(json(201, pending(ID, "black-forest-labs/flux-schnell", "starting", "{}")));
    submit(p, Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build());
    return server.takeRequest();
  }

  @Test
  void theDefaultBaseUrlIsReplicates() {
    ReplicateProvider official = ReplicateProvider.builder().build(Fixtures.context(Map.of("REPLICATE_API_TOKEN", KEY),
        Clock.systemUTC()));
    assertEquals("ReplicateProvider(replicate https://api.replicate.com/v1)", official.toString());
  }

  @Test
  void preferWaitCanBeShortenedOrTurnedOff() throws Exception {
    ProviderContext ctx = Fixtures.context(server);
    assertEquals("wait=10", fluxVia(ReplicateProvider.builder().preferWait(Duration.ofSeconds(10)).build(ctx))
        .getHeaders().get("Prefer"));
    assertNull(fluxVia(ReplicateProvider.builder().preferWait(Duration.ZERO).build(ctx)).getHeaders().get("Prefer"));
    // Kept 5 s under a short timeout.
    assertEquals("wait=25", fluxVia(ReplicateProvider.builder().timeout(Duration.ofSeconds(30)).build(ctx))
        .getHeaders().get("Prefer"));
  }

  @Test
  void theBuilderRefusesWhatReplicateWouldNot() {
    ReplicateProvider.Builder b = ReplicateProvider.builder();
    assertThrows(IllegalArgumentException.class, () -> b.preferWait(Duration.ofSeconds(61)));
    assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.webhookSecret("not-a-secret"));
    assertThrows(IllegalArgumentException.class, () -> b.webhookEvents(List.of("finished")));
    assertThrows(IllegalArgumentException.class, () -> b.cancelAfter(Duration.ofMillis(10)));
    assertEquals("90s", ReplicateProvider.goDuration(Duration.ofSeconds(90)));
    assertEquals("2m", ReplicateProvider.goDuration(Duration.ofMinutes(2)));
  }
}
