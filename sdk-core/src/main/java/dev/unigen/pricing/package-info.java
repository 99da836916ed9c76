/**
 * API: price rules ({@link dev.unigen.pricing.PriceRule}, every kind a provider bills by) that
 * price an estimate from a request and an actual from what was produced
 * ({@link dev.unigen.pricing.Usage}), and subscriptions with included credit.
 *
 * <p>Thread safety: immutable and threadsafe; builders are not.
 */
package dev.unigen.pricing;
