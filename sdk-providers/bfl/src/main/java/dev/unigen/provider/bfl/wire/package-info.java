/**
 * The BFL module's wire layer: the submit body written with Moshi's
 * {@link com.squareup.moshi.JsonWriter}, and the answers (submit, result, errors) read
 * leniently with {@link dev.unigen.spi.http.Json}. These types are public only so that
 * {@link dev.unigen.provider.bfl.BflProvider} can use them from its own package; they are not part
 * of Unigen's API and may change in any release.
 */
package dev.unigen.provider.bfl.wire;
