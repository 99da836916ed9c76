/**
 * The Luma module's wire layer: the generation objects of the Luma Agents API and of the Dream
 * Machine API, read leniently with {@link dev.unigen.spi.http.Json}. These types are public only
 * so that the providers in {@code dev.unigen.provider.luma} can use them from their own package;
 * they are not part of Unigen's API and may change in any release.
 */
package dev.unigen.provider.luma.wire;
