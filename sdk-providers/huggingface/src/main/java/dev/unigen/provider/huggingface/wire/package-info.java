/**
 * The Hugging Face module's wire layer: request bodies written with Moshi's
 * {@link com.squareup.moshi.JsonWriter} and responses read with {@link dev.unigen.spi.http.Json}, one
 * class per route ({@code hf-inference}, {@code fal-ai}, {@code replicate}, {@code together}).
 * These types are public only so that {@link dev.unigen.provider.huggingface.HuggingFaceProvider}
 * can use them from its own package; they are not part of Unigen's API and may change in any
 * release.
 */
package dev.unigen.provider.huggingface.wire;
