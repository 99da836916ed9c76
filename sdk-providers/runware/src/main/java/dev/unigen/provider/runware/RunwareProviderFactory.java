package dev.unigen.provider.runware;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates the {@link RunwareProvider} when {@value RunwareProvider#KEY_VARIABLE} is set; found by
 * {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class RunwareProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public RunwareProviderFactory() {}

  /** Returns {@value RunwareProvider#NAME}. */
  @Override
  public String name() {
    return RunwareProvider.NAME;
  }

  /** Returns {@value RunwareProvider#KEY_VARIABLE}, the variable Runware's SDKs read. */
  @Override
  public List<String> keyVariables() {
    return List.of(RunwareProvider.KEY_VARIABLE);
  }

  /**
   * Creates the provider from {@code context}.
   *
   * @throws IllegalStateException if the key is missing
   */
  @Override
  public Provider create(ProviderContext context) {
    return RunwareProvider.builder().build(context);
  }
}
