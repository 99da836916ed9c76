/**
 * Hand-written response shapes of xAI's REST API, as its OpenAPI document
 * ({@code xai-org/xai-sdk-ts} {@code spec/openapi.json}) and official clients define them.
 * Internal to the xAI provider module: public only because the provider package uses them, and not
 * part of Unigen's API.
 */
package dev.unigen.provider.xai.wire;
