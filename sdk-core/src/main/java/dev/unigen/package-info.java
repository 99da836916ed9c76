/**
 * The API: the {@link dev.unigen.Generator}, its fluent {@link dev.unigen.RequestBuilder}s, results
 * ({@link dev.unigen.Generation}, {@link dev.unigen.assets.Asset}, {@link dev.unigen.Cost},
 * {@link dev.unigen.Attempt}), the {@link dev.unigen.WebhookReceiver}, and one unchecked hierarchy
 * of errors under {@link dev.unigen.GenerationException}.
 *
 * <p>Thread safety: a built {@code Generator} is threadsafe and meant to be shared; results and
 * exceptions are immutable; request builders are not threadsafe.
 */
package dev.unigen;
