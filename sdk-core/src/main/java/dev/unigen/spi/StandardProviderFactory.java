package dev.unigen.spi;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The factory every provider module registers: its name and key variables come from the module's
 * {@link ProviderBuilder}, and {@link #create} builds a provider with the key from those variables
 * and the base URL from {@code UNIGEN_<NAME>_BASE_URL} or the default. A module's factory is one
 * line:
 *
 * <pre>{@code
 * public final class AcmeProviderFactory extends StandardProviderFactory {
 *   public AcmeProviderFactory() { super(AcmeProvider::builder); }
 * }
 * }</pre>
 *
 * Threadsafe.
 */
public abstract class StandardProviderFactory implements ProviderFactory {
  private final Supplier<? extends ProviderBuilder<?>> builders;
  private final String name;
  private final List<String> keyVariables;

  /** Creates the factory over the module's builders. */
  protected StandardProviderFactory(Supplier<? extends ProviderBuilder<?>> builders) {
    this.builders = Objects.requireNonNull(builders, "builders");
    ProviderBuilder<?> first = builders.get();
    this.name = first.defaultName();
    this.keyVariables = first.keyVariables();
  }

  /** The provider's own name. */
  @Override
  public final String name() {
    return name;
  }

  /** The variables the provider's official clients read the key from. */
  @Override
  public final List<String> keyVariables() {
    return keyVariables;
  }

  /**
   * Creates the provider from the environment of {@code context}.
   *
   * @throws IllegalStateException naming the variables if the key is missing
   */
  @Override
  public Provider create(ProviderContext context) {
    return builders.get().build(context);
  }

  /** A new builder of the provider, for settings beyond the environment (a second name, a key, a base URL). */
  public ProviderBuilder<?> builder() {
    return builders.get();
  }

  /** Names the provider. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name + ")";
  }
}
