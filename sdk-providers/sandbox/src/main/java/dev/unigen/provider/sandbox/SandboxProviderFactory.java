package dev.unigen.provider.sandbox;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link SandboxProvider}, named {@value SandboxProvider#DEFAULT_NAME}: no
 * key, no latency, no failures. Found by {@link java.util.ServiceLoader}; Unigen uses it only when
 * no real provider is configured. Threadsafe.
 */
public final class SandboxProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public SandboxProviderFactory() {
    super(SandboxProvider::builder);
  }

  /** Returns true: this is the sandbox. */
  @Override
  public boolean isSandbox() {
    return true;
  }
}
