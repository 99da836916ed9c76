package dev.unigen.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class GeneratorFactoryTest {
  private static final Currency USD = Currency.getInstance("USD");

  /** A module as the ServiceLoader would find it: only its name and key variables matter here. */
  private static ProviderFactory module(String name, String... keyVariables) {
    return new ProviderFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> keyVariables() {
        return List.of(keyVariables);
      }

      @Override
      public Provider create(ProviderContext context) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static UnigenProperties props(Map<String, UnigenProperties.ProviderProperties> providers) {
    return new UnigenProperties(true, providers, "cheapest", List.of(), "USD",
        new UnigenProperties.Budget(null, null, null), new UnigenProperties.Ledger(null),
        new UnigenProperties.Jobs(null, true, java.time.Duration.ofSeconds(10)),
        new UnigenProperties.AssetStore(null, null), null, null, null, new UnigenProperties.Webhooks(true, "/unigen/webhooks", DataSize.ofMegabytes(8)));
  }

  @Test
  void aKeyInThePropertiesGoesToTheModulesFirstVariableAndABaseUrlToItsOverride() {
    Map<String, String> env = UnigenAutoConfiguration.GeneratorFactory.environment(
        props(Map.of("hf-router", new UnigenProperties.ProviderProperties(true, "test-key-hf", "https://proxy.test/hf"))),
        Map.of("PATH", "/bin"), List.of(module("hf-router", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")));
    assertEquals(Map.of("PATH", "/bin", "HF_TOKEN", "test-key-hf", "UNIGEN_HF_ROUTER_BASE_URL", "https://proxy.test/hf"), env);
  }

  @Test
  void aDisabledProviderLosesTheKeysTheEnvironmentGaveIt() {
    Map<String, String> env = UnigenAutoConfiguration.GeneratorFactory.environment(
        props(Map.of("fal", new UnigenProperties.ProviderProperties(false, null, null))),
        Map.of("FAL_KEY", "test-key-fal", "REPLICATE_API_TOKEN", "test-key-rep"),
        List.of(module("fal", "FAL_KEY"), module("replicate", "REPLICATE_API_TOKEN")));
    assertEquals(Map.of("REPLICATE_API_TOKEN", "test-key-rep"), env);
  }

  @Test
  void amountsAreReadWithOrWithoutTheirCurrency() {
    assertEquals(Money.usd("5.00"), UnigenAutoConfiguration.GeneratorFactory.money("p", "5.00 USD", USD));
    assertEquals(Money.of("5", "EUR"), UnigenAutoConfiguration.GeneratorFactory.money("p", "EUR 5", USD));
    assertEquals(Money.usd("0.25"), UnigenAutoConfiguration.GeneratorFactory.money("p", " 0.25 ", USD));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UnigenAutoConfiguration.GeneratorFactory.money("unigen.budget.per-month", "5 USD extra", USD));
    assertTrue(e.getMessage().startsWith("unigen.budget.per-month: not an amount"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> UnigenAutoConfiguration.GeneratorFactory.money("p", "5 XYZ", USD));
  }

  @Test
  void theProviderOrderStrategyNeedsItsOrder() {
    UnigenProperties p = props(Map.of());
    UnigenProperties ordered = new UnigenProperties(true, Map.of(), "provider-order", List.of(), "USD", p.budget(),
        p.ledger(), p.jobs(), p.assetStore(), null, null, null, p.webhooks());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UnigenAutoConfiguration.GeneratorFactory.strategy(ordered));
    assertTrue(e.getMessage().contains("unigen.provider-order"), e.getMessage());
  }

  @Test
  void theKeyNeverShowsInTheProviderSettings() {
    String shown = new UnigenProperties.ProviderProperties(true, "test-key-abc", null).toString();
    assertFalse(shown.contains("test-key-abc"), shown);
  }
}
