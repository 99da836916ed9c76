/**
 * Hand-written request and response shapes of OpenAI's Image API, as its OpenAPI document and
 * official clients define them. Internal to the OpenAI provider module: public only because the
 * provider package uses them, and not part of Unigen's API.
 */
package dev.unigen.provider.openai.wire;
