/**
 * SPI: the HTTP part of the provider kit. {@link dev.unigen.spi.http.ProviderHttp} is the one
 * bounded exchange every provider sends through (typed errors, unknown outcomes after a submit was
 * sent, every response closed); beside it the common error mapping, Retry-After, JSON reading and
 * writing, seeds, data URIs, multipart bodies, the image probe, key redaction, and
 * Standard Webhooks signature checks.
 *
 * <p>Thread safety: threadsafe, except builders.
 */
package dev.unigen.spi.http;
