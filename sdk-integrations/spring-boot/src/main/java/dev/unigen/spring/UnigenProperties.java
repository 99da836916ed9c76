package dev.unigen.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code unigen.*} settings the starter builds its {@code Generator} from. Amounts are written
 * as {@code "5.00 USD"} (or a bare number, in {@link #currency}); every part left out keeps the
 * library's default. See docs/spring-boot.md for an annotated {@code application.yml}.
 *
 * @param enabled false to leave the generator out of the context
 * @param providers settings by provider name, such as {@code fal}; a provider module on the
 *     classpath is used when its key is set here or in its own environment variable
 * @param strategy how offers are ranked: {@code cheapest} (the default) or {@code provider-order}
 * @param providerOrder the providers in preference order, for the {@code provider-order} strategy
 * @param currency the currency quotes are compared in and bare amounts are read in
 * @param budget the spend caps; none by default
 * @param ledger where the cost ledger is kept; in memory by default
 * @param jobs the job journal and what happens to jobs at start-up and shutdown
 * @param assetStore where outputs are stored as soon as they are made; nowhere by default
 * @param maxRetries how many times a failure that is safe to repeat is retried on one provider
 * @param submitTimeout how long one submit may take
 * @param jobTimeout how long an accepted job may run
 * @param webhooks the webhook endpoint, served when Spring MVC is on the classpath
 */
@ConfigurationProperties("unigen")
public record UnigenProperties(
    @DefaultValue("true") boolean enabled,
    Map<String, ProviderProperties> providers,
    @DefaultValue("cheapest") String strategy,
    List<String> providerOrder,
    @DefaultValue("USD") String currency,
    @DefaultValue Budget budget,
    @DefaultValue Ledger ledger,
    @DefaultValue Jobs jobs,
    @DefaultValue AssetStore assetStore,
    Integer maxRetries,
    Duration submitTimeout,
    Duration jobTimeout,
    @DefaultValue Webhooks webhooks) {

  /** Copies the collections, so the settings cannot change once bound. */
  public UnigenProperties {
    providers = providers == null ? Map.of() : Map.copyOf(providers);
    providerOrder = providerOrder == null ? List.of() : List.copyOf(providerOrder);
  }

  /**
   * One provider's settings.
   *
   * @param enabled false to leave the provider out even when its key is set in the environment
   * @param apiKey the API key, instead of the provider's environment variable; keep it out of
   *     committed files ({@code api-key: ${FAL_KEY}})
   * @param baseUrl another base URL (a proxy, a regional endpoint), instead of
   *     {@code UNIGEN_<NAME>_BASE_URL} or the provider's default
   */
  public record ProviderProperties(@DefaultValue("true") boolean enabled, String apiKey, String baseUrl) {
    /** The API key, if one is set here. */
    public Optional<String> key() {
      return Optional.ofNullable(apiKey).filter(k -> !k.isBlank());
    }

    /** Never shows the key. */
    @Override
    public String toString() {
      return "ProviderProperties[enabled=" + enabled + ", apiKey=" + (key().isPresent() ? "(set)" : "(none)")
          + ", baseUrl=" + baseUrl + "]";
    }
  }

  /**
   * Spend caps, each optional, all in one currency.
   *
   * @param perDay the cap on each calendar day, such as {@code "5.00 USD"}
   * @param perMonth the cap on each calendar month
   * @param perRequest the cap on one request's estimate
   */
  public record Budget(String perDay, String perMonth, String perRequest) {
    /** True when at least one cap is set. */
    public boolean isSet() {
      return perDay != null || perMonth != null || perRequest != null;
    }
  }

  /**
   * The cost ledger.
   *
   * @param path a JSON-lines file the ledger is kept in and reloaded from; in memory when absent
   */
  public record Ledger(Path path) {}

  /**
   * Jobs.
   *
   * @param journalDirectory where accepted jobs are journaled, so a restart can finish them; in
   *     memory when absent
   * @param resumeOnStartup whether unfinished journaled jobs are resumed when the application starts
   * @param shutdownWait how long shutdown waits for running jobs before leaving them to the journal
   */
  public record Jobs(Path journalDirectory, @DefaultValue("true") boolean resumeOnStartup,
      @DefaultValue("10s") Duration shutdownWait) {}

  /**
   * Asset storage.
   *
   * @param directory where every output is stored as soon as its generation completes
   * @param maxBytes the largest output it stores, if bounded
   */
  public record AssetStore(Path directory, Long maxBytes) {}

  /**
   * The webhook endpoint, {@code POST {path}/{provider}}.
   *
   * @param enabled false to leave the endpoint out
   * @param path where it is served
   * @param maxBodySize the largest delivery read; a larger one is answered 413 unread
   */
  public record Webhooks(@DefaultValue("true") boolean enabled, @DefaultValue("/unigen/webhooks") String path,
      @DefaultValue("8MB") DataSize maxBodySize) {}
}
