package dev.unigen.spi;

import java.util.List;

/**
 * Creates a provider; found with {@link java.util.ServiceLoader}, so a module registers its
 * factory in {@code META-INF/services/dev.unigen.spi.ProviderFactory}. Implementations must have
 * a public no-argument constructor.
 */
public interface ProviderFactory {
  /** The provider's name, such as {@code fal}. */
  String name();

  /**
   * The environment variables holding the API key, in the order they are read — the same names
   * the provider's official client uses, such as {@code FAL_KEY}.
   */
  List<String> keyVariables();

  /** True for the offline sandbox, used only when no real provider is configured. */
  default boolean isSandbox() {
    return false;
  }

  /**
   * Creates the provider from {@code context}, reading its key and base URL from there.
   *
   * @throws IllegalStateException if the key is missing
   */
  Provider create(ProviderContext context);
}
