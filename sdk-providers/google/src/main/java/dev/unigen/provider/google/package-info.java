/**
 * The Gemini API as a Unigen provider: {@link dev.unigen.provider.google.GoogleProvider} and its
 * builder, and {@link dev.unigen.provider.google.GoogleProviderFactory}, which
 * {@link java.util.ServiceLoader} finds when {@code GOOGLE_API_KEY} or {@code GEMINI_API_KEY} is
 * set. The offers are in {@code META-INF/unigen/catalog.json}; docs/providers/google.md describes
 * the module.
 */
package dev.unigen.provider.google;



