/**
 * API: what each provider offers and at what price: {@link dev.unigen.catalog.Catalog} (read from
 * every module's {@code META-INF/unigen/catalog.json}, with overrides),
 * {@link dev.unigen.catalog.Offer} and its {@link dev.unigen.catalog.Capabilities}.
 *
 * <p>Thread safety: catalogs, offers and capabilities are immutable and threadsafe; builders are not.
 */
package dev.unigen.catalog;
