package dev.unigen.spi;

import dev.unigen.GenerationException;
import dev.unigen.catalog.Catalog;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The base a provider module extends: it holds the instance's {@link ProviderSettings} and its
 * catalog, answers {@link #name()}, {@link #catalog()} and {@link #toString()} the same way in
 * every module, and turns a refusal thrown while a submit is prepared into its failed future; the
 * module implements {@link #send}. The catalog is the module's own {@code META-INF/unigen/catalog.json}, found beside
 * the concrete class ({@link Catalog#ofModule}), read once per class and moved to the instance's
 * name when it has another.
 *
 * <pre>{@code
 * public final class AcmeProvider extends AbstractProvider {
 *   private AcmeProvider(ProviderSettings settings) {
 *     super(settings);
 *     ...
 *   }
 *
 *   protected CompletableFuture<Submission> send(ProviderCall call) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * Subclasses must be threadsafe, as {@link Provider} requires.
 */
public abstract class AbstractProvider implements Provider {
  private static final ClassValue<Catalog> BUNDLED = new ClassValue<>() {
    @Override
    protected Catalog computeValue(Class<?> type) {
      return Catalog.ofModule(type);
    }
  };

  private final ProviderSettings settings;
  private volatile Catalog catalog;

  /**
   * A provider serving its module's bundled catalog.
   *
   * @throws IllegalStateException if no catalog resource lies beside the concrete class
   */
  protected AbstractProvider(ProviderSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.catalog = settings.catalog(BUNDLED.get(getClass()));
  }

  /** A provider serving {@code catalog} (its offers moved to the instance's name) instead of the bundled one. */
  protected AbstractProvider(ProviderSettings settings, Catalog catalog) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.catalog = settings.catalog(catalog);
  }

  /** What the builder resolved for this instance: name, key, base URL, HTTP client, context. */
  protected final ProviderSettings settings() {
    return settings;
  }

  /** The instance's name: the provider's own unless the builder gave another; every offer carries it. */
  @Override
  public final String name() {
    return settings.name();
  }

  /** The offers this instance serves. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Serves {@code refreshed} from now on, its offers moved to the instance's name: for a provider
   * that reads its offers or prices from its API. A generator built before keeps the offers it read.
   */
  protected final void catalog(Catalog refreshed) {
    this.catalog = settings.catalog(refreshed);
  }

  /**
   * Sends {@code call} with {@link #send}; a {@link GenerationException} it throws on the way (a
   * request the API cannot serve, refused before anything reached the wire) completes the returned
   * future instead of escaping, as {@link Provider}'s calls must.
   *
   * @throws NullPointerException if {@code call} is null
   */
  @Override
  public final CompletableFuture<Submission> submit(ProviderCall call) {
    Objects.requireNonNull(call, "call");
    return checked(() -> send(call));
  }

  /**
   * Checks and builds the request for {@code call} and sends it: completes with the output, or an
   * accepted job for a queue API. Throws a {@link GenerationException} for a request the API
   * cannot serve, before anything is sent; {@link #submit} turns it into the failed future.
   */
  protected abstract CompletableFuture<Submission> send(ProviderCall call);

  /**
   * Runs {@code send}, which checks and builds a request and sends it; a {@link GenerationException}
   * it throws on the way (a request the API cannot serve, refused before anything reached the wire)
   * completes the returned future instead of escaping, as {@link Provider}'s calls must.
   */
  protected static <T> CompletableFuture<T> checked(Supplier<CompletableFuture<T>> send) {
    try {
      return send.get();
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Names the class, the instance and its base URL; never the key. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + settings + ")";
  }
}
