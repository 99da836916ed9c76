package dev.unigen.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class ImageStudioApplicationTest {
  @TempDir
  static Path dir;

  @DynamicPropertySource
  static void outputs(DynamicPropertyRegistry registry) {
    registry.add("unigen.ledger.path", () -> dir.resolve("ledger.jsonl").toString());
    registry.add("unigen.jobs.journal-directory", () -> dir.resolve("jobs").toString());
    registry.add("unigen.asset-store.directory", () -> dir.resolve("assets").toString());
  }

  @Autowired
  TestRestTemplate http;

  @Test
  void quotesMakesAndReportsAPicture() throws Exception {
    List<Map<String, String>> offers = http.exchange("/quote?prompt=a red bicycle&size=512", HttpMethod.GET,
        null, new ParameterizedTypeReference<List<Map<String, String>>>() {}).getBody();
    assertEquals("sandbox", offers.get(0).get("provider"));
    assertEquals("flux-schnell", offers.get(0).get("model"));

    ResponseEntity<Map> made = http.postForEntity("/images", Map.of("prompt", "a red bicycle", "width", 512, "height", 512),
        Map.class);
    assertEquals(HttpStatus.OK, made.getStatusCode());
    assertEquals("sandbox", made.getBody().get("provider"));
    assertEquals("0.00 USD", made.getBody().get("cost"));
    String file = ((List<?>) made.getBody().get("files")).get(0).toString();
    assertTrue(Path.of(file).startsWith(dir.resolve("assets")) && Files.size(Path.of(file)) > 0, file);
    assertTrue(Files.size(dir.resolve("ledger.jsonl")) > 0, "the ledger file has the generation");

    Map<?, ?> health = http.getForObject("/actuator/health", Map.class);
    Map<?, ?> unigen = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("unigen");
    assertEquals("UP", unigen.get("status"));
    assertEquals(Map.of("sandbox", "closed"), ((Map<?, ?>) unigen.get("details")).get("circuits"));

    Map<?, ?> generations = http.getForObject("/actuator/metrics/unigen.generations?tag=outcome:success", Map.class);
    Map<?, ?> count = (Map<?, ?>) ((List<?>) generations.get("measurements")).get(0);
    assertEquals(1.0, ((Number) count.get("value")).doubleValue());
    assertEquals(HttpStatus.OK, http.getForEntity("/actuator/metrics/unigen.budget.remaining", Map.class).getStatusCode());
  }
}
