package dev.unigen.spring;

import dev.unigen.GenerationListener;
import dev.unigen.Generator;
import dev.unigen.assets.AssetStore;
import dev.unigen.budget.Budget;
import dev.unigen.jobs.JobJournal;
import dev.unigen.ledger.CostLedger;
import dev.unigen.micrometer.UnigenMetrics;
import dev.unigen.money.Money;
import dev.unigen.routing.Strategy;
import dev.unigen.spi.ProviderFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configures a {@link Generator} from the {@code unigen.*} properties and the provider
 * modules on the classpath, with every {@link GenerationListener} bean attached, journaled jobs
 * resumed at start-up and given time to finish at shutdown. With Spring MVC it serves the webhook
 * endpoint, with Actuator a health indicator of each provider's circuit breaker, and with
 * {@code unigen-micrometer} and a {@link MeterRegistry} the meters of {@link UnigenMetrics}.
 * Each piece backs off when the application defines its own bean of that type.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(Generator.class)
@ConditionalOnProperty(prefix = "unigen", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(UnigenProperties.class)
public class UnigenAutoConfiguration {
  /** Creates the configuration; Spring calls it. */
  public UnigenAutoConfiguration() {}

  /**
   * The cost ledger kept in {@code unigen.ledger.path}; closed with the context.
   *
   * @throws IllegalArgumentException if the currency is unknown
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "unigen.ledger", name = "path")
  public CostLedger unigenCostLedger(UnigenProperties properties) {
    return CostLedger.builder().file(properties.ledger().path()).currency(currency(properties)).build();
  }

  /**
   * The generator: the providers whose keys are set (in {@code unigen.providers.<name>.api-key} or
   * the provider's environment variable), or the sandbox when none is and its module is present.
   *
   * @throws IllegalArgumentException if a property cannot be read, such as a malformed amount
   * @throws IllegalStateException if no provider can be configured
   */
  @Bean
  @ConditionalOnMissingBean
  public Generator unigenGenerator(UnigenProperties properties, ObjectProvider<GenerationListener> listeners,
      ObjectProvider<CostLedger> ledger, ObjectProvider<UnigenGeneratorCustomizer> customizers) {
    return GeneratorFactory.create(properties, System.getenv(), ServiceLoader.load(ProviderFactory.class,
            Generator.class.getClassLoader()), listeners.orderedStream().toList(), ledger.getIfAvailable(),
        customizers.orderedStream().toList());
  }

  /** Resumes journaled jobs at start-up and waits for running ones at shutdown. */
  @Bean
  @ConditionalOnMissingBean
  UnigenLifecycle unigenLifecycle(Generator generator, UnigenProperties properties) {
    return new UnigenLifecycle(generator, properties.jobs());
  }

  static Currency currency(UnigenProperties properties) {
    try {
      return Currency.getInstance(properties.currency().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unigen.currency: unknown currency " + properties.currency(), e);
    }
  }

  /** The webhook endpoint, when the application serves Spring MVC. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(DispatcherServlet.class)
  @ConditionalOnProperty(prefix = "unigen.webhooks", name = "enabled", matchIfMissing = true)
  static class Webhooks {
    @Bean
    @ConditionalOnMissingBean
    UnigenWebhookController unigenWebhookController(Generator generator, UnigenProperties properties) {
      return new UnigenWebhookController(generator.webhooks(), properties.webhooks().maxBodySize().toBytes());
    }
  }

  /** The health indicator {@code unigen}, when Actuator is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("unigen")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "unigenHealthIndicator")
    HealthIndicator unigenHealthIndicator(Generator generator) {
      return new UnigenHealthIndicator(generator);
    }
  }

  /** The meters, when unigen-micrometer is on the classpath and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({UnigenMetrics.class, MeterRegistry.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    UnigenMetrics unigenMetrics(MeterRegistry registry, UnigenProperties properties) {
      UnigenMetrics.Builder b = UnigenMetrics.builder(registry);
      Currency currency = currency(properties);
      UnigenProperties.Budget budget = properties.budget();
      if (budget.perDay() != null) b.dailyCap(GeneratorFactory.money("unigen.budget.per-day", budget.perDay(), currency));
      if (budget.perMonth() != null) b.monthlyCap(GeneratorFactory.money("unigen.budget.per-month", budget.perMonth(), currency));
      return b.build();
    }

    /** Registers the gauges once the generator exists; the listener half is attached when it is built. */
    @Bean
    SmartInitializingSingleton unigenMetricsGauges(UnigenMetrics metrics, ObjectProvider<Generator> generator) {
      return () -> generator.ifAvailable(metrics::monitor);
    }
  }

  /** Turns the properties into a generator; kept apart from Spring so the rules read plainly. */
  static final class GeneratorFactory {
    private GeneratorFactory() {}

    static Generator create(UnigenProperties p, Map<String, String> processEnvironment,
        Iterable<ProviderFactory> modules, List<GenerationListener> listeners, CostLedger ledger,
        List<UnigenGeneratorCustomizer> customizers) {
      Currency currency = currency(p);
      Generator.Builder b = Generator.builder()
          .environment(environment(p, processEnvironment, modules))
          .providersFromEnvironment()
          .currency(currency)
          .strategy(strategy(p));
      if (p.budget().isSet()) b.budget(budget(p.budget(), currency));
      if (ledger != null) b.ledger(ledger);
      if (p.jobs().journalDirectory() != null) b.journal(JobJournal.directory(p.jobs().journalDirectory()));
      UnigenProperties.AssetStore assets = p.assetStore();
      if (assets.directory() != null) {
        b.assetStore(assets.maxBytes() == null ? AssetStore.directory(assets.directory())
            : AssetStore.directory(assets.directory(), assets.maxBytes()));
      }
      if (p.maxRetries() != null) b.maxRetries(p.maxRetries());
      if (p.submitTimeout() != null) b.submitTimeout(p.submitTimeout());
      if (p.jobTimeout() != null) b.jobTimeout(p.jobTimeout());
      for (GenerationListener l : listeners) b.listener(l);
      for (UnigenGeneratorCustomizer c : customizers) c.customize(b);
      return b.build();
    }

    /**
     * The process environment with the keys and base URLs of the properties laid over it, and the
     * keys of disabled providers taken out, so that each provider module reads its settings the
     * way it always does.
     */
    static Map<String, String> environment(UnigenProperties p, Map<String, String> process,
        Iterable<ProviderFactory> modules) {
      Map<String, ProviderFactory> byName = new HashMap<>();
      for (ProviderFactory f : modules) byName.put(f.name(), f);
      Map<String, String> env = new HashMap<>(process);
      for (Map.Entry<String, UnigenProperties.ProviderProperties> e : p.providers().entrySet()) {
        String name = e.getKey();
        UnigenProperties.ProviderProperties settings = e.getValue();
        ProviderFactory module = byName.get(name);
        if (module == null) {
          throw new IllegalStateException("unigen.providers." + name + ": no provider module named " + name
              + " is on the classpath (add unigen-provider-" + name + "); found " + new TreeSet<>(byName.keySet()));
        }
        if (!settings.enabled()) {
          module.keyVariables().forEach(env::remove);
          continue;
        }
        if (settings.key().isPresent() && !module.keyVariables().isEmpty()) {
          env.put(module.keyVariables().get(0), settings.key().get());
        }
        if (settings.baseUrl() != null && !settings.baseUrl().isBlank()) {
          env.put("UNIGEN_" + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_BASE_URL",
              settings.baseUrl());
        }
      }
      return env;
    }

    static Strategy strategy(UnigenProperties p) {
      switch (p.strategy().trim().toLowerCase(Locale.ROOT)) {
        case "cheapest":
          return Strategy.cheapest();
        case "provider-order":
          if (p.providerOrder().isEmpty()) {
            throw new IllegalArgumentException("unigen.strategy=provider-order needs unigen.provider-order");
          }
          return Strategy.providerOrder(p.providerOrder().toArray(String[]::new));
        default:
          throw new IllegalArgumentException("unigen.strategy: unknown strategy " + p.strategy()
              + "; use cheapest or provider-order");
      }
    }

    static Budget budget(UnigenProperties.Budget caps, Currency currency) {
      Budget.Builder b = Budget.builder();
      if (caps.perDay() != null) b.perDay(money("unigen.budget.per-day", caps.perDay(), currency));
      if (caps.perMonth() != null) b.perMonth(money("unigen.budget.per-month", caps.perMonth(), currency));
      if (caps.perRequest() != null) b.maxPerRequest(money("unigen.budget.per-request", caps.perRequest(), currency));
      return b.build();
    }

    /**
     * Reads {@code "5.00 USD"}, {@code "USD 5.00"} or a bare {@code "5.00"} in {@code currency}.
     *
     * @throws IllegalArgumentException naming {@code property} if the text is not an amount
     */
    static Money money(String property, String text, Currency currency) {
      String[] parts = text.trim().split("\\s+");
      try {
        if (parts.length == 1) return Money.of(new BigDecimal(parts[0]), currency);
        if (parts.length == 2) {
          boolean codeFirst = parts[0].chars().allMatch(Character::isLetter);
          return Money.of(codeFirst ? parts[1] : parts[0], (codeFirst ? parts[0] : parts[1]).toUpperCase(Locale.ROOT));
        }
      } catch (IllegalArgumentException e) {
        // Not chained: the number parser's own words would only hide which property is wrong.
      }
      throw new IllegalArgumentException(property + ": not an amount: \"" + text + "\" (write it as 5.00 USD)");
    }
  }
}
