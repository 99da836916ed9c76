package dev.unigen.examples.spring;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.assets.Asset;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The two endpoints: a quote across providers, and a picture made on the cheapest. */
@RestController
class ImageController {
  private final Generator generator;

  ImageController(Generator generator) {
    this.generator = generator;
  }

  /** What one offer would cost. */
  record Offer(String provider, String model, String estimate) {}

  /** What to draw. */
  record ImageRequest(String prompt, int width, int height) {}

  /** What was made, where it is, and what it cost. */
  record Made(String provider, String model, String cost, List<String> files) {}

  @GetMapping("/quote")
  List<Offer> quote(@RequestParam("prompt") String prompt, @RequestParam(name = "size", defaultValue = "1024") int size) {
    Plan plan = generator.image("flux-schnell").prompt(prompt).size(size, size).quote();
    return plan.quotes().stream().map(ImageController::offer).toList();
  }

  @PostMapping("/images")
  Made image(@RequestBody ImageRequest request) {
    Generation g = generator.image("flux-schnell").prompt(request.prompt()).size(request.width(), request.height())
        .generate();
    String cost = g.cost().actual().or(() -> g.cost().estimate()).map(Object::toString).orElse("unknown");
    List<String> files = g.assets().stream().map(ImageController::where).toList();
    return new Made(g.provider(), g.model(), cost, files);
  }

  private static Offer offer(Quote q) {
    return new Offer(q.provider(), q.offer().model(), q.estimate().map(Object::toString).orElse("unpriced"));
  }

  private static String where(Asset a) {
    return a.file().map(Object::toString).or(a::url).orElse("(in memory)");
  }
}
