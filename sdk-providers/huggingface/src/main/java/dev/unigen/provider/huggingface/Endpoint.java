package dev.unigen.provider.huggingface;

import java.util.Objects;

/**
 * An offer's endpoint string, {@code <route>:<provider model id>}: the route is the Inference
 * Provider to call through the router, the model id is that provider's own name for the model
 * (the Hub id for {@code hf-inference}, fal's app id for {@code fal-ai}, {@code owner/name} or
 * {@code owner/name:version} for Replicate, Together's model name). Only the first colon
 * separates the two, so Replicate's versioned ids keep theirs. Immutable.
 */
final class Endpoint {
  private final Route route;
  private final String model;

  private Endpoint(Route route, String model) {
    this.route = route;
    this.model = model;
  }

  /**
   * Parses {@code endpoint}.
   *
   * @throws IllegalArgumentException if it has no route prefix, names a route Hugging Face no
   *     longer serves or this module does not speak, or has an empty model id
   */
  static Endpoint parse(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    int colon = endpoint.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' must read <route>:<model>, such as"
          + " hf-inference:black-forest-labs/FLUX.1-schnell or fal-ai:fal-ai/flux/schnell");
    }
    String id = endpoint.substring(0, colon);
    String model = endpoint.substring(colon + 1).trim();
    while (model.startsWith("/")) model = model.substring(1);
    if (Route.REMOVED.containsKey(id)) {
      throw new IllegalArgumentException("route '" + id + "' was " + Route.REMOVED.get(id) + "; endpoint '" + endpoint
          + "' cannot be served");
    }
    Route route = Route.of(id).orElseThrow(() -> new IllegalArgumentException("unknown route '" + id + "' in endpoint '"
        + endpoint + "'; known: hf-inference, fal-ai, replicate, together"));
    if (model.isEmpty()) throw new IllegalArgumentException("endpoint '" + endpoint + "' names no model");
    return new Endpoint(route, model);
  }

  /** The route. */
  Route route() {
    return route;
  }

  /** The provider's model id. */
  String model() {
    return model;
  }

  @Override
  public String toString() {
    return route.id() + ":" + model;
  }
}
