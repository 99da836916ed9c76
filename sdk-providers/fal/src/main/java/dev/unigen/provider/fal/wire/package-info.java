/**
 * fal's wire formats, written and read by hand: request bodies with Moshi's {@code JsonWriter},
 * answers with {@link dev.unigen.spi.http.Json} over parsed JSON (numbers stay exact decimals, seeds
 * keep all 64 bits). Not part of Unigen's API; these types may change with fal's protocol.
 */
package dev.unigen.provider.fal.wire;
