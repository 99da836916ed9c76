package dev.unigen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderModulesTest {
  @Test
  void aKeySetForAModuleNotOnTheClassPathIsNamedWithTheModuleToAdd() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "test-key-openai", "FAL_KEY", "test-key-fal", "HOME", "/home/x");
    List<String> said = ProviderModules.keysWithoutModule(Set.of("FAL_KEY"), v -> Optional.ofNullable(env.get(v)));
    assertEquals(List.of("OPENAI_API_KEY is set but unigen-provider-openai is not on the class path;"
        + " add dev.unigen:unigen-provider-openai to use it"), said);
  }

  @Test
  void nothingToSayWhenEveryKeySetHasItsModule() {
    Map<String, String> env = Map.of("HF_TOKEN", "test-key-hf");
    assertEquals(List.of(), ProviderModules.keysWithoutModule(Set.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"),
        v -> Optional.ofNullable(env.get(v))));
    assertEquals(Optional.of("unigen-provider-huggingface"), ProviderModules.artifactFor("HUGGING_FACE_HUB_TOKEN"));
    assertEquals(Optional.empty(), ProviderModules.artifactFor("HOME"));
  }
}
