/**
 * The Runway module's wire layer: the task object of {@code GET /v1/tasks/{id}}, read leniently
 * with {@link dev.unigen.spi.http.Json}. These types are public only so that
 * {@link dev.unigen.provider.runway.RunwayProvider} can use them from its own package; they are not
 * part of Unigen's API and may change in any release.
 */
package dev.unigen.provider.runway.wire;
