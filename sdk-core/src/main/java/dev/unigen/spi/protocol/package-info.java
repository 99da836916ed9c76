/**
 * SPI: the wire protocols that more than one provider speaks, each written once — fal's queue
 * ({@link dev.unigen.spi.protocol.FalQueue}), Replicate's predictions
 * ({@link dev.unigen.spi.protocol.ReplicatePredictions}) and Together's images API
 * ({@link dev.unigen.spi.protocol.TogetherImages}). A provider module builds one over its
 * {@link dev.unigen.spi.http.ProviderHttp} (which brings the base URL, the auth header and the
 * error reading) with the path the protocol lives under, and passes a request decorator for its
 * own per-request headers: the fal, Replicate and Together modules call the providers directly,
 * the Hugging Face module through its router. {@link dev.unigen.spi.protocol.Polls} settles a
 * failed status read the same way for every queue API.
 *
 * <p>For provider modules, not for applications: these types may change in a minor release. Every
 * class here is threadsafe; the records are immutable.
 */
package dev.unigen.spi.protocol;
