/**
 * Runway as a Unigen provider: {@link dev.unigen.provider.runway.RunwayProvider} and its builder,
 * and {@link dev.unigen.provider.runway.RunwayProviderFactory}, which
 * {@link java.util.ServiceLoader} finds when {@code RUNWAYML_API_SECRET} is set. The offers and
 * their credit prices are in {@code META-INF/unigen/catalog.json}; docs/providers/runway.md
 * describes the module.
 */
package dev.unigen.provider.runway;
