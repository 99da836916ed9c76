package dev.unigen.provider.huggingface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The default base URL; the rest of the configuration is the provider contract's ({@link HuggingFaceContractTest}). */
class ConfigTest {
  @Test
  void theDefaultBaseUrlIsTheRouter() {
    ScheduledExecutorService scheduler = Fixtures.scheduler();
    try {
      assertEquals("https://router.huggingface.co", HuggingFaceProvider.DEFAULT_BASE_URL);
      HuggingFaceProvider p = HuggingFaceProvider.builder()
          .build(Fixtures.context(Map.of("HF_TOKEN", Fixtures.KEY), scheduler));
      assertEquals("HuggingFaceProvider(https://router.huggingface.co/)", p.toString());
      assertFalse(p.toString().contains(Fixtures.KEY));
    } finally {
      scheduler.shutdownNow();
    }
  }
}
