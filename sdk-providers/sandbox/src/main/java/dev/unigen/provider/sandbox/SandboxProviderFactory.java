package dev.unigen.provider.sandbox;

import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.List;

/**
 * Creates the default {@link SandboxProvider}, named {@value SandboxProvider#DEFAULT_NAME}: no
 * key, no latency, no failures. Found by {@link java.util.ServiceLoader}; Unigen uses it only when
 * no real provider is configured. Threadsafe.
 */
public final class SandboxProviderFactory implements ProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public SandboxProviderFactory() {}

  /** Returns {@value SandboxProvider#DEFAULT_NAME}. */
  @Override
  public String name() {
    return SandboxProvider.DEFAULT_NAME;
  }

  /** Returns an empty list: the sandbox needs no key. */
  @Override
  public List<String> keyVariables() {
    return List.of();
  }

  /** Returns true. */
  @Override
  public boolean isSandbox() {
    return true;
  }

  /** Creates a sandbox on {@code context}'s scheduler, HTTP client and clock. */
  @Override
  public Provider create(ProviderContext context) {
    return SandboxProvider.builder().context(context).build();
  }
}
