/**
 * Internal: shared engine parts with no compatibility promise — request validation, bounded and
 * SSRF-checked downloads, the inline-first scheduler, JSON reading. Public only so that sibling
 * packages and Unigen modules can reach them; applications and provider modules must not.
 *
 * <p>Thread safety: as stated on each class.
 */
package dev.unigen.internal;
