/**
 * API: verifying webhook deliveries (Standard Webhooks signatures) and the error a rejected
 * delivery raises. Deliveries are received by {@link dev.unigen.WebhookReceiver}.
 *
 * <p>Thread safety: immutable and threadsafe.
 */
package dev.unigen.webhooks;
