/**
 * Internal: shared engine parts with no compatibility promise. Public only so that sibling
 * packages and Unigen modules can reach them; applications and provider modules must not.
 *
 * <p>Thread safety: as stated on each class.
 */
package dev.unigen.internal;
