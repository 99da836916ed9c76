/**
 * Replicate as a Unigen provider: {@link dev.unigen.provider.replicate.ReplicateProvider}, its
 * builder, and the {@link dev.unigen.provider.replicate.ReplicateProviderFactory} that
 * {@link java.util.ServiceLoader} finds when {@code REPLICATE_API_TOKEN} is set. Everything else
 * in this package is an implementation detail.
 */
package dev.unigen.provider.replicate;
