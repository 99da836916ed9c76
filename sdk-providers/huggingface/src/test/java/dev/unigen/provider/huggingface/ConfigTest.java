package dev.unigen.provider.huggingface;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.testkit.TestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default base URL; the rest of the configuration is the provider contract's ({@link HuggingFaceContractTest}). */
class ConfigTest {
  @Test
  void theDefaultBaseUrlIsTheRouter() {
    assertEquals("https://router.huggingface.co", HuggingFaceProvider.DEFAULT_BASE_URL);
    HuggingFaceProvider p = HuggingFaceProvider.builder().build(TestContext.of(Map.of("HF_TOKEN", Fixtures.KEY)));
    assertEquals("HuggingFaceProvider(huggingface https://router.huggingface.co/)", p.toString());
  }
}
