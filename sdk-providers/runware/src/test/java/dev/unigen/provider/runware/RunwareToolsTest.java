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

import dev.unigen.InvalidRequestException;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The utility tasks: upscale, removeBackground and controlNetPreprocess. */
class RunwareToolsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final RunwareProvider provider = Fixtures.provider(server);

  @Test
  void upscaleSendsTheModelTheInputAndTheFactor() throws Exception {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"upscale\",\"taskUUID\":\"" + TASK + "\","
        + "\"imageUUID\":\"e0b6ed2b-311d-4abc-aa01-8f3fdbdb8860\",\"inputImageUUID\":\"fd613011-3872-4f37-b4aa-0d343c051a27\","
        + "\"imageURL\":\"https://im.runware.ai/image/ws/0.5/ii/e0b6ed2b-311d-4abc-aa01-8f3fdbdb8860.jpg\",\"cost\":0.0024}]}"));
    Request r = Request.builder(Task.UPSCALE).model("real-esrgan")
        .image(Media.url("https://example.com/small.jpg").withSize(512, 384)).upscaleFactor(4).build();
    ProviderOutput out = await(provider.submit(call(provider, r))).output().orElseThrow();
    Map<String, Object> t = task(take(server));
    assertEquals("upscale", str(t, "taskType"));
    assertEquals(TASK, str(t, "taskUUID"));
    assertEquals("runware:504@1", str(t, "model"));
    assertEquals("https://example.com/small.jpg", str(obj(t, "inputs"), "image"));
    assertEquals(new BigDecimal(4), t.get("upscaleFactor"));
    assertEquals(Boolean.TRUE, t.get("includeCost"));
    assertEquals("sync", str(t, "deliveryMethod"));
    assertFalse(t.containsKey("inputImage"), "the current docs put the picture under inputs.image");
    assertEquals(2048, out.assets().get(0).width().getAsInt(), "512 x 4");
    assertEquals(1536, out.assets().get(0).height().getAsInt());
    assertEquals(Money.usd("0.0024"), out.usage().reportedCost().get());
  }

  @Test
  void upscaleDefaultsToFactorTwo() throws Exception {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"upscale\",\"taskUUID\":\"" + TASK + "\",\"imageUUID\":\"x\","
        + "\"imageURL\":\"https://im.runware.ai/image/ws/0.5/ii/x.jpg\",\"cost\":0.001}]}"));
    Request r = Request.builder(Task.UPSCALE).model("clarity-upscaler").image(Media.url("https://example.com/a.jpg")).build();
    ProviderOutput out = await(provider.submit(call(provider, r))).output().orElseThrow();
    Map<String, Object> t = task(take(server));
    assertEquals("runware:500@1", str(t, "model"));
    assertEquals(new BigDecimal(2), t.get("upscaleFactor"));
    assertFalse(out.assets().get(0).width().isPresent(), "the input size was not stated, so the output size is unknown");
  }

  @Test
  void removeBackgroundAsksForPngByDefault() throws Exception {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"removeBackground\",\"taskUUID\":\"" + TASK + "\","
        + "\"imageUUID\":\"5f4b\",\"inputImageUUID\":\"b1c2\",\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/5f4b.png\",\"cost\":0.0006}]}"));
    byte[] jpg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0x00};
    Request r = Request.builder(Task.REMOVE_BACKGROUND).model("bria-rmbg-2.0").image(Media.bytes(jpg, "image/jpeg")).build();
    ProviderOutput out = await(provider.submit(call(provider, r))).output().orElseThrow();
    Map<String, Object> t = task(take(server));
    assertEquals("removeBackground", str(t, "taskType"));
    assertEquals("bria:2@1", str(t, "model"));
    assertEquals("data:image/jpeg;base64,/9j/AA==", str(obj(t, "inputs"), "image"));
    assertEquals("PNG", str(t, "outputFormat"));
    assertEquals("image/png", out.assets().get(0).mediaType());
  }

  @Test
  void removeBackgroundHonoursAnotherFormat() throws Exception {
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"removeBackground\",\"taskUUID\":\"" + TASK + "\","
        + "\"imageUUID\":\"5f4b\",\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/5f4b\",\"cost\":0.0006}]}"));
    Request r = Request.builder(Task.REMOVE_BACKGROUND).model("rembg-1.4").image(Media.url("https://example.com/p.jpg"))
        .outputFormat("webp").build();
    ProviderOutput out = await(provider.submit(call(provider, r))).output().orElseThrow();
    Map<String, Object> t = task(take(server));
    assertEquals("runware:109@1", str(t, "model"));
    assertEquals("WEBP", str(t, "outputFormat"));
    assertEquals("image/webp", out.assets().get(0).mediaType(), "no extension in the URL: the format asked for");
  }

  @ParameterizedTest
  @CsvSource({
      "POSE_MAP, runware:controlnet-preprocess@openpose",
      "DEPTH_MAP, runware:controlnet-preprocess@depth",
      "EDGE_MAP, runware:controlnet-preprocess@canny"})
  void preprocessingPicksThePreprocessorModel(Task kind, String air) throws Exception {
    // Runware's docs example answers a controlNetPreprocess request with the legacy task name
    // imageControlNetPreProcess: results are matched by taskUUID, never by name.
    server.enqueue(json(200, "{\"data\":[{\"taskType\":\"imageControlNetPreProcess\",\"taskUUID\":\"" + TASK + "\","
        + "\"guideImageURL\":\"https://im.runware.ai/image/os/a01d21/ws/3/ii/8c2de654-f627-4e37-856f-89d34be4d9f4.jpg\","
        + "\"cost\":0.0013,\"guideImageUUID\":\"8c2de654-f627-4e37-856f-89d34be4d9f4\","
        + "\"inputImageUUID\":\"8e08e451-5828-45fa-b402-fabc1dad0cb6\"}]}"));
    Request r = Request.builder(kind).model("controlnet-preprocess")
        .image(Media.url("https://example.com/runner.jpg").withSize(768, 1024)).build();
    ProviderCall c = call(provider, r);
    ProviderOutput out = await(provider.submit(c)).output().orElseThrow();
    Map<String, Object> t = task(take(server));
    assertEquals("controlNetPreprocess", str(t, "taskType"));
    assertEquals(air, str(t, "model"));
    assertEquals("https://example.com/runner.jpg", str(obj(t, "inputs"), "image"));
    assertFalse(t.containsKey("preProcessorType"), "the current docs choose the preprocessor by model AIR");
    assertEquals(Boolean.TRUE, t.get("includeCost"));
    assertEquals(1, out.assets().size());
    assertEquals("https://im.runware.ai/image/os/a01d21/ws/3/ii/8c2de654-f627-4e37-856f-89d34be4d9f4.jpg",
        out.assets().get(0).url().get());
    assertEquals(768, out.assets().get(0).width().getAsInt());
    assertEquals(CostBasis.REPORTED, c.offer().price().get().actual(out.usage()).basis());
    assertEquals(Money.usd("0.0013"), c.offer().price().get().actual(out.usage()).amount().get());
  }

  @Test
  void aToolWithoutAnInputImageIsRejectedBeforeSending() {
    Request r = Request.builder(Task.POSE_MAP).model("controlnet-preprocess").build();
    failure(InvalidRequestException.class, provider.submit(call(provider, r)));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aLocalFileThatCannotBeReadIsAnInvalidRequest() {
    Request r = Request.builder(Task.UPSCALE).model("real-esrgan")
        .image(Media.file(java.nio.file.Path.of("does-not-exist.png"))).build();
    failure(InvalidRequestException.class, provider.submit(call(provider, r)));
    assertEquals(0, server.getRequestCount());
  }
}
