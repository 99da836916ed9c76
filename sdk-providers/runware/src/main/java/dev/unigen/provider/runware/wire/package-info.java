/**
 * Runware's wire format, written by hand: {@link dev.unigen.provider.runware.wire.TaskBody}
 * builds the task objects of a request array, and {@link dev.unigen.provider.runware.wire.Envelope}
 * reads the {@code data}/{@code errors} envelope. Internal to the Runware module; these types are
 * public only so the provider package can use them, and may change without notice.
 */
package dev.unigen.provider.runware.wire;
