/**
 * The GetImg module's wire layer: the answers of GetImg's API v2 (an image generation, a video
 * generation in each of its states, the usage and the error body), read with
 * {@link dev.unigen.spi.http.Json}. These types are public only so that
 * {@link dev.unigen.provider.getimg.GetImgProvider} can use them from its own package; they are not
 * part of Unigen's API and may change in any release.
 */
package dev.unigen.provider.getimg.wire;
