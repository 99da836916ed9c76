/**
 * The fal.ai provider: {@link dev.unigen.provider.fal.FalProvider} speaks fal's queue API
 * ({@code queue.fal.run}), and {@link dev.unigen.provider.fal.FalProviderFactory} lets
 * {@code Generator.providersFromEnvironment()} find it when {@code FAL_KEY} is set.
 */
package dev.unigen.provider.fal;
