/**
 * API: where outputs are kept ({@link dev.unigen.assets.AssetStore}, with a local-directory
 * default) and how an output is read ({@link dev.unigen.assets.AssetStore.Source}).
 *
 * <p>Thread safety: stores are threadsafe.
 */
package dev.unigen.assets;
