/**
 * The Hugging Face module's own wire layer: the text-to-image values and each route's body
 * ({@link dev.unigen.provider.huggingface.wire.TextToImageParams}) and hf-inference's answers
 * ({@link dev.unigen.provider.huggingface.wire.HfInferenceWire}); the fal, Replicate and Together
 * protocols themselves are {@code dev.unigen.spi.protocol}'s. These types are public only so that
 * {@link dev.unigen.provider.huggingface.HuggingFaceProvider} can use them from its own package;
 * they are not part of Unigen's API and may change in any release.
 */
package dev.unigen.provider.huggingface.wire;
