package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Every endpoint family: the input fields on the wire, the output read back, and its computed cost. */
class FalEndpointsTest {
  private static final Media IMAGE = Media.url("https://example.com/in.png").withSize(1024, 1024);
  @StartStop private final MockWebServer server = TestServers.started();
  private final FalProvider fal = Fixtures.provider(server);

  private RecordedRequest submitted() throws Exception {
    RecordedRequest r = server.takeRequest();
    server.takeRequest();
    server.takeRequest();
    return r;
  }

  private Charge cost(String model, ProviderOutput out) {
    return fal.catalog().offer("fal", model).get().price().get().actual(out.usage());
  }

  private static void assertMoney(String expected, Charge c) {
    assertEquals(0, new BigDecimal(expected).compareTo(c.amount().get().amount()), c.toString());
  }

  @Test
  void fluxLoraInpaintingSendsLorasImageAndMask() throws Exception {
    Request r = Request.builder(Task.INPAINT).model("flux-dev-lora").prompt("a blue jacket").image(IMAGE)
        .mask(Media.bytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0}, "image/png"))
        .lora(Lora.of("https://huggingface.co/me/style/resolve/main/lora.safetensors", new BigDecimal("0.8")))
        .strength(new BigDecimal("0.9")).build();
    PollResult res = Fixtures.run(server, fal, r, "fal-ai/flux-lora", TestCalls.json(200,
        "{\"images\":[{\"url\":\"https://v3.fal.media/files/o.jpeg\",\"width\":1024,\"height\":1024}],\"seed\":5,"
            + "\"has_nsfw_concepts\":[false]}"));
    RecordedRequest sent = submitted();
    assertEquals("/fal-ai/flux-lora/inpainting", sent.getUrl().encodedPath());
    Map<String, Object> b = TestRequests.json(sent);
    assertEquals("https://example.com/in.png", b.get("image_url"));
    assertTrue(((String) b.get("mask_url")).startsWith("data:image/png;base64,"), "local media go as data URIs");
    Map<String, Object> lora = Json.object(Json.array(b, "loras").get(0));
    assertEquals("https://huggingface.co/me/style/resolve/main/lora.safetensors", lora.get("path"));
    assertEquals(new BigDecimal("0.8"), lora.get("scale"));
    assertEquals(new BigDecimal("0.9"), b.get("strength"));
    // By hand: 1024x1024 = 1 MP on 2^20 x $0.035 = $0.035.
    assertMoney("0.035", cost("flux-dev-lora", res.output().get()));
  }

  @Test
  void loraTrainingSendsTheZipAndReturnsTheWeightsFile() throws Exception {
    byte[] zip = {'P', 'K', 3, 4, 1, 2, 3};
    Request r = Request.builder(Task.LORA_TRAINING).model("flux-dev-lora-training").image(Media.bytes(zip, "application/zip"))
        .triggerWord("ohwx").steps(1000).build();
    PollResult res = Fixtures.run(server, fal, r, "fal-ai/flux-lora-fast-training", TestCalls.json(200,
        "{\"diffusers_lora_file\":{\"url\":\"https://v3.fal.media/files/w/pytorch_lora_weights.safetensors\","
            + "\"content_type\":\"application/octet-stream\",\"file_name\":\"pytorch_lora_weights.safetensors\",\"file_size\":89745224},"
            + "\"config_file\":{\"url\":\"https://v3.fal.media/files/w/config.json\",\"content_type\":\"application/json\"}}"));
    RecordedRequest sent = submitted();
    assertEquals("/fal-ai/flux-lora-fast-training", sent.getUrl().encodedPath());
    Map<String, Object> b = TestRequests.json(sent);
    assertEquals("data:application/zip;base64,UEsDBAECAw==", b.get("images_data_url"));
    assertEquals("ohwx", b.get("trigger_word"));
    assertEquals(new BigDecimal(1000), b.get("steps"));
    ProviderOutput out = res.output().get();
    assertEquals("https://v3.fal.media/files/w/pytorch_lora_weights.safetensors", out.assets().get(0).url().get());
    assertEquals(1, out.assets().size());
    assertEquals(1000, out.usage().steps().getAsInt(), "the steps are kept for a catalog override to price");
    assertTrue(fal.catalog().offer("fal", "flux-dev-lora-training").get().price().isEmpty(), "no public price for the trainer");
  }

  @Test
  void flux2MultiReferenceSendsImageUrlsAndBillsInputs() throws Exception {
    Request r = Request.builder(Task.MULTI_REFERENCE).model("flux-2-pro").prompt("the hero from @image1 in a comic panel")
        .size(1024, 1024).reference(IMAGE).reference(Media.url("https://example.com/b.png").withSize(2048, 1024)).build();
    PollResult res = Fixtures.run(server, fal, r, "fal-ai/flux-2-pro", TestCalls.json(200,
        "{\"images\":[{\"url\":\"https://v3.fal.media/files/p.jpeg\",\"width\":1024,\"height\":1024,\"content_type\":\"image/jpeg\"}],"
            + "\"seed\":196619188014358660}"));
    RecordedRequest sent = submitted();
    assertEquals("/fal-ai/flux-2-pro/edit", sent.getUrl().encodedPath());
    Map<String, Object> b = TestRequests.json(sent);
    assertEquals(List.of("https://example.com/in.png", "https://example.com/b.png"), Json.array(b, "image_urls"));
    assertEquals(null, b.get("num_images"), "FLUX.2 [pro] takes no num_images");
    assertEquals(196619188014358660L, res.output().get().assets().get(0).seed().getAsLong());
    // By hand: output 1 MP -> $0.03; inputs 1 MP + 2 MP = 3 MP x $0.015 = $0.045; total $0.075.
    assertMoney("0.075", cost("flux-2-pro", res.output().get()));
  }

  @Test
  void nanoBananaIsPricedByItsOutputTokens() throws Exception {
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("gemini-2.5-flash-image").prompt("a banana").aspectRatio("16:9").build();
    PollResult res = Fixtures.run(server, fal, r, "fal-ai/nano-banana", TestCalls.json(200,
        "{\"images\":[{\"url\":\"https://v3.fal.media/files/n.png\",\"content_type\":\"image/png\"}],\"description\":\"a banana\"}"));
    Map<String, Object> b = TestRequests.json(submitted());
    assertEquals("16:9", b.get("aspect_ratio"));
    // By hand: 1,290 tokens x $30 / 1M = $0.0387.
    assertMoney("0.0387", cost("gemini-2.5-flash-image", res.output().get()));
  }

  @Test
  void preprocessorsAndUpscaleSendTheImageUrl() throws Exception {
    String out = "{\"image\":{\"url\":\"https://v3.fal.media/files/m.png\",\"content_type\":\"image/png\",\"width\":1024,\"height\":1024}}";
    PollResult pose = Fixtures.run(server, fal, Request.builder(Task.POSE_MAP).model("dwpose").image(IMAGE).build(),
        "fal-ai/dwpose", TestCalls.json(200, out));
    Map<String, Object> b = TestRequests.json(submitted());
    assertEquals("https://example.com/in.png", b.get("image_url"));
    assertEquals("body-pose", b.get("draw_mode"));
    assertEquals(1, pose.output().get().assets().size());
    assertTrue(fal.catalog().offer("fal", "dwpose").get().price().isEmpty(), "fal bills it per compute second, not estimable");

    Fixtures.run(server, fal, Request.builder(Task.DEPTH_MAP).model("midas-depth").image(IMAGE).build(), "fal-ai/imageutils",
        TestCalls.json(200, out));
    assertEquals("/fal-ai/imageutils/depth", submitted().getUrl().encodedPath());

    PollResult seg = Fixtures.run(server, fal, Request.builder(Task.SEGMENTATION).model("sam-3").image(IMAGE).prompt("jacket").build(),
        "fal-ai/sam-3", TestCalls.json(200, "{\"masks\":[{\"url\":\"https://v3.fal.media/files/m1.png\"},"
            + "{\"url\":\"https://v3.fal.media/files/m2.png\"}],\"image\":{\"url\":\"https://v3.fal.media/files/p.png\"}}"));
    assertEquals("jacket", TestRequests.json(submitted()).get("prompt"));
    assertEquals(2, seg.output().get().assets().size());
    assertMoney("0.005", cost("sam-3", seg.output().get()));

    PollResult up = Fixtures.run(server, fal, Request.builder(Task.UPSCALE).model("seedvr-upscale").image(IMAGE).upscaleFactor(2).build(),
        "fal-ai/seedvr", TestCalls.json(200, "{\"image\":{\"url\":\"https://v3.fal.media/files/u.jpg\",\"width\":2048,\"height\":2048},\"seed\":3}"));
    assertEquals(new BigDecimal(2), TestRequests.json(submitted()).get("upscale_factor"));
    // By hand: 2048x2048 = 4.194304 MP (decimal, unrounded) x $0.001 = $0.004194304.
    assertMoney("0.004194304", cost("seedvr-upscale", up.output().get()));
  }

  @Test
  void klingSendsDurationsAsStringsAndStartImagesFor26() throws Exception {
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.6-pro").prompt("she waves").image(IMAGE)
        .duration(Duration.ofSeconds(10)).audio(false).build();
    PollResult res = Fixtures.run(server, fal, r, "fal-ai/kling-video", TestCalls.json(200,
        "{\"video\":{\"url\":\"https://v3.fal.media/files/k.mp4\",\"content_type\":\"video/mp4\",\"file_size\":1234}}"));
    RecordedRequest sent = submitted();
    assertEquals("/fal-ai/kling-video/v2.6/pro/image-to-video", sent.getUrl().encodedPath());
    Map<String, Object> b = TestRequests.json(sent);
    assertEquals("10", b.get("duration"));
    assertEquals("https://example.com/in.png", b.get("start_image_url"));
    assertEquals(Boolean.FALSE, b.get("generate_audio"), "fal generates audio unless told not to");
    // By hand: 10 s (as asked; fal's File states no duration) x $0.07 = $0.70.
    assertMoney("0.70", cost("kling-2.6-pro", res.output().get()));

    Fixtures.run(server, fal, Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.1-pro").prompt("x").image(IMAGE).build(),
        "fal-ai/kling-video", TestCalls.json(200, "{\"video\":{\"url\":\"https://v3.fal.media/files/k.mp4\"}}"));
    Map<String, Object> b21 = TestRequests.json(submitted());
    assertEquals("https://example.com/in.png", b21.get("image_url"));
    assertEquals(null, b21.get("generate_audio"));
  }

  @Test
  void veoWanAndSeedanceTakeTheirOwnFields() throws Exception {
    PollResult veo = Fixtures.run(server, fal, Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1").prompt("rain")
        .resolution("4K").audio(true).build(), "fal-ai/veo3.1", TestCalls.json(200, "{\"video\":{\"url\":\"https://v3.fal.media/files/v.mp4\"}}"));
    Map<String, Object> vb = TestRequests.json(submitted());
    assertEquals("4k", vb.get("resolution"));
    assertEquals(Boolean.TRUE, vb.get("generate_audio"));
    assertEquals(null, vb.get("duration"), "no duration asked: fal's default 8s");
    // By hand: default 8 s at 4k with audio x $0.60 = $4.80.
    assertMoney("4.80", cost("veo-3.1", veo.output().get()));

    Fixtures.run(server, fal, Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1-fast").prompt("rain")
        .duration(Duration.ofSeconds(6)).build(), "fal-ai/veo3.1", TestCalls.json(200, "{\"video\":{\"url\":\"https://v3.fal.media/files/v.mp4\"}}"));
    assertEquals("6s", TestRequests.json(submitted()).get("duration"));

    server.enqueue(Fixtures.queued(server, "wan/v2.6"));
    server.enqueue(Fixtures.completed());
    server.enqueue(TestCalls.json(200, "{\"video\":{\"url\":\"https://v3.fal.media/files/w.mp4\"},\"seed\":9}"));
    var job = Fixtures.submit(fal, Request.builder(Task.IMAGE_TO_VIDEO).model("wan-2.6").prompt("city").image(IMAGE)
        .resolution("720p").build());
    TestCalls.await(fal.poll(job));
    RecordedRequest wan = server.takeRequest();
    assertEquals("/wan/v2.6/image-to-video", wan.getUrl().encodedPath());
    assertEquals("720p", TestRequests.json(wan).get("resolution"));
    assertEquals("/wan/v2.6/requests/" + Fixtures.REQUEST_ID + "/status", server.takeRequest().getUrl().encodedPath());
    server.takeRequest();

    PollResult seedance = Fixtures.run(server, fal, Request.builder(Task.IMAGE_TO_VIDEO).model("seedance-pro").prompt("x")
        .image(IMAGE).resolution("1080p").build(), "fal-ai/bytedance",
        TestCalls.json(200, "{\"video\":{\"url\":\"https://v3.fal.media/files/s.mp4\"},\"seed\":4}"));
    RecordedRequest sd = submitted();
    assertEquals("/fal-ai/bytedance/seedance/v1/pro/image-to-video", sd.getUrl().encodedPath());
    assertEquals("1080p", TestRequests.json(sd).get("resolution"));
    // By hand: fal's 1080p clip of up to 5 s (default 5 s) = $0.62.
    assertMoney("0.62", cost("seedance-pro", seedance.output().get()));
  }

  @Test
  void providerOptionsReachTheInputAndAWebhookTheQuery() throws Exception {
    server.enqueue(Fixtures.queued(server, "fal-ai/flux"));
    Fixtures.submit(fal, Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("x")
        .providerOptions("fal", Map.of("acceleration", "high", "webhook", "https://hooks.example.com/fal?x=1")).build());
    RecordedRequest sent = server.takeRequest();
    assertEquals("https://hooks.example.com/fal?x=1", sent.getUrl().queryParameter("fal_webhook"));
    assertTrue(sent.getUrl().encodedQuery().contains("fal_webhook=https%3A%2F%2Fhooks.example.com%2Ffal%3Fx%3D1"));
    assertEquals("high", TestRequests.json(sent).get("acceleration"));
    assertTrue(!new String(sent.getBody().toByteArray(), StandardCharsets.UTF_8).contains("webhook"));
  }
}
