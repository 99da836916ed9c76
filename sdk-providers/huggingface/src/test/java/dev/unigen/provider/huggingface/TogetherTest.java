package dev.unigen.provider.huggingface;

import static dev.unigen.provider.huggingface.Fixtures.KEY;
import static dev.unigen.provider.huggingface.Fixtures.call;
import static dev.unigen.provider.huggingface.Fixtures.prompt;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.ContentModeratedException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.NoOutputException;
import dev.unigen.request.Size;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The together route: Together's images API through the router, base64 answers. */
class TogetherTest {
  private static final String SCHNELL = "together:black-forest-labs/FLUX.1-schnell";

  @StartStop private final MockWebServer server = TestServers.started();
  private final HuggingFaceProvider provider = HuggingFaceProvider.builder().build(Fixtures.context(server));

  @Test
  void sendsStepsAndBase64AndReadsTheImages() throws Throwable {
    byte[] a = TestMedia.jpeg(40, 30);
    byte[] b = TestMedia.png(40, 30);
    server.enqueue(json(200, "{\"id\":\"oFqdVcX-2j9zxn-93d4a8e1bbf2a38b\",\"model\":\"black-forest-labs/FLUX.1-schnell\","
        + "\"object\":\"list\",\"data\":[{\"index\":0,\"b64_json\":\"" + Base64.getEncoder().encodeToString(a) + "\",\"type\":\"b64_json\"},"
        + "{\"index\":1,\"b64_json\":\"" + Base64.getEncoder().encodeToString(b) + "\",\"type\":\"b64_json\"}]}"));

    ProviderOutput out = await(provider.submit(call(SCHNELL, prompt("two owls").size(1024, 1024).steps(4)
        .guidance(new BigDecimal("3.5")).negativePrompt("blur").seed(5).count(2).build()))).output().orElseThrow();

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/together/v1/images/generations", r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals("{\"model\":\"black-forest-labs/FLUX.1-schnell\",\"prompt\":\"two owls\",\"response_format\":\"base64\","
        + "\"width\":1024,\"height\":1024,\"steps\":4,\"seed\":5,\"n\":2,\"negative_prompt\":\"blur\",\"guidance_scale\":3.5}",
        r.getBody().utf8());

    assertEquals(2, out.assets().size());
    assertEquals("image/jpeg", out.assets().get(0).mediaType());
    assertArrayEquals(a, out.assets().get(0).bytes());
    assertEquals("image/png", out.assets().get(1).mediaType());
    assertEquals(List.of(Size.of(40, 30), Size.of(40, 30)), out.usage().images());
    assertEquals(2, out.usage().count());
  }

  @Test
  void errorsInTogethersShape() {
    server.enqueue(json(422, "{\"error\":{\"message\":\"The request was flagged by the safety checker: NSFW content\",\"type\":\"invalid_request_error\"}}"));
    TestCalls.failure(ContentModeratedException.class, () -> provider.submit(call(SCHNELL, prompt("x").build())));

    server.enqueue(json(402, "{\"error\":{\"message\":\"Credit limit exceeded\",\"type\":\"credit_limit\"}}"));
    TestCalls.failure(InsufficientCreditException.class, () -> provider.submit(call(SCHNELL, prompt("x").build())));

    server.enqueue(json(200, "{\"id\":\"x\",\"data\":[]}"));
    TestCalls.failure(NoOutputException.class, () -> provider.submit(call(SCHNELL, prompt("x").build())));
  }
}
