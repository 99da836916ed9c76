/**
 * API: choosing among offers. The {@link dev.unigen.routing.Selector} prices every offer able to
 * serve a request and ranks them by a {@link dev.unigen.routing.Strategy} into a
 * {@link dev.unigen.routing.Plan} of {@link dev.unigen.routing.Quote}s, keeping every
 * {@link dev.unigen.routing.Exclusion} with its reason.
 *
 * <p>Thread safety: immutable and threadsafe; builders are not.
 */
package dev.unigen.routing;
