/**
 * Leonardo.Ai as a Unigen provider: {@link dev.unigen.provider.leonardo.LeonardoProvider} and its
 * builder, and {@link dev.unigen.provider.leonardo.LeonardoProviderFactory}, which
 * {@link java.util.ServiceLoader} finds when {@code LEONARDO_API_KEY} is set. The offers are in
 * {@code META-INF/unigen/catalog.json}; docs/providers/leonardo.md describes the module.
 */
package dev.unigen.provider.leonardo;
