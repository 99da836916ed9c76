/**
 * SPI: what a provider module implements and builds on. {@link dev.unigen.spi.Provider} and
 * {@link dev.unigen.spi.ProviderFactory} (found by {@link java.util.ServiceLoader}), the kit every
 * module uses ({@link dev.unigen.spi.ProviderBuilder}, {@link dev.unigen.spi.ProviderSettings},
 * {@link dev.unigen.spi.StandardProviderFactory}), and the values crossing the boundary
 * ({@link dev.unigen.spi.ProviderCall}, {@link dev.unigen.spi.Submission},
 * {@link dev.unigen.spi.ProviderOutput}, {@link dev.unigen.spi.JobRef},
 * {@link dev.unigen.spi.PollResult}, {@link dev.unigen.spi.WebhookEvent}, and the
 * {@link dev.unigen.spi.WebhookRejectedException} a failed signature check raises). See {@code docs/writing-a-provider.md}.
 *
 * <p>Thread safety: providers must be threadsafe; values are immutable; builders are not.
 */
package dev.unigen.spi;
