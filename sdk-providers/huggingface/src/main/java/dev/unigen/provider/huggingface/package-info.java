/**
 * Hugging Face Inference Providers for Unigen: text-to-image through
 * {@code router.huggingface.co} on the {@code hf-inference}, {@code fal-ai}, {@code replicate}
 * and {@code together} routes, with one Hugging Face token and one bill. Use
 * {@link dev.unigen.provider.huggingface.HuggingFaceProvider}, or let
 * {@code Generator.builder().providersFromEnvironment()} find
 * {@link dev.unigen.provider.huggingface.HuggingFaceProviderFactory} when {@code HF_TOKEN} is set.
 */
package dev.unigen.provider.huggingface;
