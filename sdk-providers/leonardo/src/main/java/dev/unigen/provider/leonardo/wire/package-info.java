/**
 * The Leonardo module's wire layer: the answers of Leonardo's REST API (the create answers of v1
 * and v2, the generation read with v1 {@code GET /generations/{id}}, the init-image upload, the
 * webhook delivery and the error bodies), read with {@link dev.unigen.spi.http.Json}. These types
 * are public only so that {@link dev.unigen.provider.leonardo.LeonardoProvider} can use them from
 * its own package; they are not part of Unigen's API and may change in any release.
 */
package dev.unigen.provider.leonardo.wire;
