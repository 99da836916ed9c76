/**
 * The Black Forest Labs provider: {@link dev.unigen.provider.bfl.BflProvider}, its builder, and the
 * {@link dev.unigen.provider.bfl.BflProviderFactory} that {@link java.util.ServiceLoader} finds.
 * Everything else in the module is internal. See {@code docs/providers/bfl.md}.
 */
package dev.unigen.provider.bfl;
