package dev.unigen.provider.luma;

import dev.unigen.spi.StandardProviderFactory;

/**
 * Creates the default {@link DreamMachineProvider} (Luma's Dream Machine API) when
 * {@code LUMAAI_API_KEY} is set, at {@code UNIGEN_LUMA_DREAM_MACHINE_BASE_URL} or the default base
 * URL. Found by {@link java.util.ServiceLoader}. Threadsafe.
 */
public final class DreamMachineProviderFactory extends StandardProviderFactory {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public DreamMachineProviderFactory() {
    super(DreamMachineProvider::builder);
  }
}
