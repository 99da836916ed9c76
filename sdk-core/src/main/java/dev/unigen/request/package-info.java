/**
 * API: the request value every provider receives: {@link dev.unigen.request.Request} with its
 * {@link dev.unigen.request.Task}, {@link dev.unigen.request.Size}, {@link dev.unigen.request.Media}
 * inputs, ControlNet guides and LoRAs.
 *
 * <p>Thread safety: immutable and threadsafe; builders are not.
 */
package dev.unigen.request;
