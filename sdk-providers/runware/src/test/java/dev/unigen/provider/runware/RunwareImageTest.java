package dev.unigen.provider.runware;

import static dev.unigen.provider.runware.Fixtures.TASK;
import static dev.unigen.provider.runware.Fixtures.call;
import static dev.unigen.provider.runware.Fixtures.obj;
import static dev.unigen.provider.runware.Fixtures.str;
import static dev.unigen.provider.runware.Fixtures.task;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.failure;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.assets.Asset;
import dev.unigen.money.Money;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** imageInference over the wire: text-to-image, image-to-image, inpainting, ControlNet, LoRA. */
class RunwareImageTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final RunwareProvider provider = Fixtures.provider(server);

  /** The docs' two-result shape: same taskUUID, two imageUUIDs, a seed above 2^53, a cost each. */
  private static String twoImages(String uuid) {
    return "{\"data\":["
        + "{\"taskType\":\"imageInference\",\"taskUUID\":\"" + uuid + "\",\"imageUUID\":\"b7db282d-2943-4f12-992f-77df3ad3ec71\","
        + "\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/b7db282d-2943-4f12-992f-77df3ad3ec71.jpg\","
        + "\"seed\":3614157524222286418,\"cost\":0.0013},"
        + "{\"taskType\":\"imageInference\",\"taskUUID\":\"" + uuid + "\",\"imageUUID\":\"1c0b4e2a-0f6e-4d1e-8a4b-2b3f7c9d0e11\","
        + "\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/1c0b4e2a-0f6e-4d1e-8a4b-2b3f7c9d0e11.jpg\","
        + "\"seed\":1988852260,\"cost\":0.0013}]}";
  }

  private static String oneImage(String uuid) {
    return "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + uuid + "\","
        + "\"imageUUID\":\"e0b6ed2b-311d-4abc-aa01-8f3fdbdb8860\","
        + "\"imageURL\":\"https://im.runware.ai/image/ws/0.5/ii/e0b6ed2b-311d-4abc-aa01-8f3fdbdb8860.png\","
        + "\"seed\":42,\"cost\":0.0038}]}";
  }

  @Test
  void textToImageSendsOneTaskWithIncludeCostAndReadsTwoResults() throws Exception {
    server.enqueue(json(200, twoImages(TASK)));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red bicycle in the rain")
        .negativePrompt("blurry").size(1024, 768).count(2).steps(4).seed(4832586549487133198L).build();
    Submission s = await(provider.submit(call(provider, r)));

    RecordedRequest rec = take(server);
    assertEquals("POST", rec.getMethod());
    assertEquals("/v1", rec.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY, rec.getHeaders().get("Authorization"));
    assertTrue(rec.getHeaders().get("Content-Type").startsWith("application/json"));
    assertEquals("application/json", rec.getHeaders().get("Accept"));
    assertTrue(rec.getBody().utf8().startsWith("[{"), "the body is always a JSON array");
    Map<String, Object> t = task(rec);
    assertEquals("imageInference", str(t, "taskType"));
    assertEquals(TASK, str(t, "taskUUID"));
    assertEquals("runware:100@1", str(t, "model"));
    assertEquals("a red bicycle in the rain", str(t, "positivePrompt"));
    assertEquals("blurry", str(t, "negativePrompt"));
    assertEquals(new BigDecimal(1024), t.get("width"));
    assertEquals(new BigDecimal(768), t.get("height"));
    assertEquals(new BigDecimal(4), t.get("steps"));
    assertEquals(new BigDecimal(2), t.get("numberResults"));
    // a seed with the top bit set goes out unsigned, as the 64-bit number it is
    assertTrue(rec.getBody().utf8().contains("\"seed\":4832586549487133198"), rec.getBody().utf8());
    assertEquals(Boolean.TRUE, t.get("includeCost"));
    assertEquals("sync", str(t, "deliveryMethod"));
    assertEquals("URL", str(t, "outputType"));
    assertEquals("JPG", str(t, "outputFormat"));
    assertFalse(t.containsKey("inputs"));

    ProviderOutput out = s.output().orElseThrow();
    assertEquals(2, out.assets().size());
    Asset first = out.assets().get(0);
    assertEquals("https://im.runware.ai/image/ws/2/ii/b7db282d-2943-4f12-992f-77df3ad3ec71.jpg", first.url().get());
    assertEquals("image/jpeg", first.mediaType());
    assertEquals(3614157524222286418L, first.seed().getAsLong(), "seeds above 2^53 keep every bit");
    assertEquals(1024, first.width().getAsInt());
    assertEquals(768, first.height().getAsInt());
    assertEquals(1988852260L, out.assets().get(1).seed().getAsLong());
    assertEquals(2, out.usage().count());
    assertEquals(Money.usd("0.0026"), out.usage().reportedCost().get(), "the sum of the per-result costs");
    assertEquals(TASK, out.providerRequestId().get());
    assertTrue(out.warnings().isEmpty());
    // flux-schnell is unpriced (compute-billed): the cost Runware reports is the whole of what is known
    assertTrue(call(provider, r).offer().price().isEmpty());
  }

  @Test
  void theLargestSeedGoesOutAsThePlainSigned64BitNumber() throws Exception {
    // Runware documents seed max 9223372036854776000 (2^63 printed as a double): the catalog stops at 2^63-1.
    server.enqueue(json(200, oneImage(TASK)));
    Request max = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").seed(Long.MAX_VALUE).build();
    await(provider.submit(call(provider, max)));
    String body = take(server).getBody().utf8();
    assertTrue(body.contains("\"seed\":9223372036854775807,"), body);
  }

  @Test
  void theDefaultEndpointIsRunwaresRestApi() {
    RunwareProvider p = RunwareProvider.builder().build(TestContext.of(Map.of("RUNWARE_API_KEY", Fixtures.KEY)));
    assertEquals("RunwareProvider(runware https://api.runware.ai/v1)", p.toString());
  }

  @Test
  void aCallIdThatIsNotAUuidGetsADerivedStableUuidV4() throws Exception {
    server.enqueue(json(200, "{\"data\":[]}"));
    server.enqueue(json(200, "{\"data\":[]}"));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build();
    ProviderCall c = call(provider, r, "attempt-7");
    provider.submit(c).exceptionally(e -> null).join();
    provider.submit(c).exceptionally(e -> null).join();
    String a = str(task(take(server)), "taskUUID");
    String b = str(task(take(server)), "taskUUID");
    assertEquals(a, b, "a retry of the same call sends the same task UUID");
    assertEquals(4, java.util.UUID.fromString(a).version());
    assertEquals(2, java.util.UUID.fromString(a).variant());
  }

  @Test
  void imageToImageSendsTheSeedImageUnderInputsWithStrength() throws Exception {
    server.enqueue(json(200, oneImage(TASK)));
    Request r = Request.builder(Task.IMAGE_TO_IMAGE).model("flux-dev").prompt("make it autumn")
        .image(Media.url("https://example.com/park.jpg")).strength(new BigDecimal("0.65")).size(1024, 1024).build();
    ProviderOutput out = await(provider.submit(call(provider, r))).output().orElseThrow();
    Map<String, Object> t = task(take(server));
    assertEquals("runware:101@1", str(t, "model"));
    assertEquals("https://example.com/park.jpg", str(obj(t, "inputs"), "seedImage"), "a public URL goes as a URL");
    assertFalse(obj(t, "inputs").containsKey("maskImage"));
    assertEquals(new BigDecimal("0.65"), t.get("strength"));
    assertEquals("image/png", out.assets().get(0).mediaType(), "the URL's extension wins");
  }

  @Test
  void inpaintingSendsLocalMediaAsDataUris() throws Exception {
    server.enqueue(json(200, oneImage(TASK)));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
    Request r = Request.builder(Task.INPAINT).model("sdxl").prompt("a red door")
        .image(Media.bytes(png, "image/png")).mask(Media.dataUri("data:image/png;base64,AAAA")).build();
    await(provider.submit(call(provider, r)));
    Map<String, Object> t = task(take(server));
    assertEquals("civitai:101055@128078", str(t, "model"));
    Map<String, Object> inputs = obj(t, "inputs");
    assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(png), str(inputs, "seedImage"));
    assertEquals("data:image/png;base64,AAAA", str(inputs, "maskImage"));
    assertFalse(t.containsKey("strength"), "no strength unless asked for");
  }

  @Test
  void controlNetGuidesMapToRunwaresControlNetModels() throws Exception {
    server.enqueue(json(200, oneImage(TASK)));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("a knight mid-stride")
        .controlNet(ControlNet.of(ControlNet.Kind.OPENPOSE, Media.url("https://im.runware.ai/image/ws/3/ii/pose.jpg"), new BigDecimal("0.8")))
        .controlNet(ControlNet.of(ControlNet.Kind.DEPTH, Media.url("https://example.com/depth.png")))
        .build();
    await(provider.submit(call(provider, r)));
    Map<String, Object> t = task(take(server));
    List<Object> nets = Json.array(t, "controlNet");
    assertEquals(2, nets.size());
    Map<String, Object> pose = Json.object(nets.get(0));
    assertEquals("runware:29@1", str(pose, "model"));
    assertEquals("https://im.runware.ai/image/ws/3/ii/pose.jpg", str(pose, "guideImage"));
    assertEquals(new BigDecimal("0.8"), pose.get("weight"));
    assertEquals("runware:27@1", str(Json.object(nets.get(1)), "model"));
    assertEquals(BigDecimal.ONE, Json.object(nets.get(1)).get("weight"));
  }

  @Test
  void sdxlTakesCannyAndDepthButHasNoOpenPose() throws Exception {
    server.enqueue(json(200, oneImage(TASK)));
    Request canny = Request.builder(Task.TEXT_TO_IMAGE).model("sdxl").prompt("a chrome chair")
        .controlNet(ControlNet.of(ControlNet.Kind.CANNY, Media.url("https://example.com/edges.png"))).build();
    await(provider.submit(call(provider, canny)));
    assertEquals("runware:20@1", str(Json.object(Json.array(task(take(server)), "controlNet").get(0)), "model"));

    Request pose = Request.builder(Task.TEXT_TO_IMAGE).model("sdxl").prompt("x")
        .controlNet(ControlNet.of(ControlNet.Kind.OPENPOSE, Media.url("https://example.com/pose.png"))).build();
    InvalidRequestException e = failure(InvalidRequestException.class, provider.submit(call(provider, pose)));
    assertTrue(e.getMessage().contains("openpose"), e.getMessage());
    assertEquals(1, server.getRequestCount(), "nothing is sent for a ControlNet Runware does not have");
  }

  @Test
  void lorasGoAsAirsWithWeights() throws Exception {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\","
        + "\"imageUUID\":\"9c1a\",\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/9c1a.jpg\",\"seed\":7}]}"));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("a watercolor fox").size(1024, 1024)
        .lora(Lora.of("civitai:58390@62833", new BigDecimal("0.9"))).lora(Lora.of("civitai:82098@87153")).build();
    ProviderCall c = call(provider, r);
    ProviderOutput out = await(provider.submit(c)).output().orElseThrow();
    List<Object> loras = Json.array(task(take(server)), "lora");
    assertEquals("civitai:58390@62833", str(Json.object(loras.get(0)), "model"));
    assertEquals(new BigDecimal("0.9"), Json.object(loras.get(0)).get("weight"));
    assertEquals(BigDecimal.ONE, Json.object(loras.get(1)).get("weight"));
    // No cost reported, and flux-dev is unpriced (compute-billed): nothing is made up
    assertTrue(out.usage().reportedCost().isEmpty());
    assertTrue(c.offer().price().isEmpty());
  }

  @Test
  void providerOptionsAreMergedButCannotOverrideWhatUnigenSets() throws Exception {
    server.enqueue(json(200, oneImage(TASK)));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x")
        .providerOptions("runware", Map.of("scheduler", "Euler", "safety", Map.of("checkContent", true), "CFGScale", 3.5))
        .build();
    await(provider.submit(call(provider, r)));
    RecordedRequest rec = take(server);
    Map<String, Object> t = task(rec);
    assertEquals("Euler", str(t, "scheduler"));
    assertTrue(rec.getBody().utf8().contains("\"CFGScale\":3.5"), rec.getBody().utf8());
    assertEquals(Boolean.TRUE, obj(t, "safety").get("checkContent"));

    Request bad = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x")
        .providerOptions("runware", Map.of("includeCost", false)).build();
    failure(InvalidRequestException.class, provider.submit(call(provider, bad)));
  }

  @Test
  void anAspectRatioWithoutASizeBecomesMultiplesOf64() throws Exception {
    server.enqueue(json(200, oneImage(TASK)));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").aspectRatio("16:9").build();
    await(provider.submit(call(provider, r)));
    Map<String, Object> t = task(take(server));
    // sqrt(1024*1024*16/9) = 1365.3 -> 1344; 1344*9/16 = 756 -> 768
    assertEquals(new BigDecimal(1344), t.get("width"));
    assertEquals(new BigDecimal(768), t.get("height"));
  }

  @Test
  void nsfwFlagsAreKeptOnTheAsset() throws Exception {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\",\"imageUUID\":\"a\","
        + "\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/a.jpg\",\"seed\":1,\"NSFWContent\":true,\"cost\":0.0013}]}"));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build();
    assertTrue(await(provider.submit(call(provider, r))).output().get().assets().get(0).nsfw());
  }

  @Test
  void inlineResultsBecomeBytes() throws Exception {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\",\"imageUUID\":\"a\","
        + "\"imageDataURI\":\"data:image/webp;base64,UklGRg==\",\"cost\":0.0013}]}"));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build();
    Asset a = await(provider.submit(call(provider, r))).output().get().assets().get(0);
    assertEquals("image/webp", a.mediaType());
    assertEquals("RIFF", new String(a.bytes(), java.nio.charset.StandardCharsets.US_ASCII));
  }
}
