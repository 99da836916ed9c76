/**
 * The Replicate module's wire layer: the create-prediction body written with Moshi's
 * {@link com.squareup.moshi.JsonWriter}, and the prediction, problem-details error, file and
 * webhook-secret answers read with {@link dev.unigen.spi.http.Json}. These types are public only so
 * that {@link dev.unigen.provider.replicate.ReplicateProvider} can use them from its own package;
 * they are not part of Unigen's API and may change in any release.
 */
package dev.unigen.provider.replicate.wire;
