/**
 * The Runware provider: {@link dev.unigen.provider.runware.RunwareProvider}, its builder, and the
 * {@link dev.unigen.provider.runware.RunwareProviderFactory} that {@link java.util.ServiceLoader}
 * finds. Everything else in the module is internal. See {@code docs/providers/runware.md}.
 */
package dev.unigen.provider.runware;
