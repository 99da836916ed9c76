package dev.unigen.provider.replicate;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An offer's endpoint resolved for one call. The catalog writes {@code owner/name} for an official
 * model (run at {@code POST /v1/models/{owner}/{name}/predictions}) and
 * {@code owner/name:<64-hex version>} or a bare 64-hex version for a model run by version
 * ({@code POST /v1/predictions} with {@code version}). A {@code {resolution}} placeholder is filled
 * from the request, or with the offer's first resolution.
 */
final class Endpoint {
  static final String RESOLUTION = "{resolution}";
  private static final Pattern VERSION = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

  /** {@code owner/name}, or null for a bare version id. */
  final String model;
  /** The 64-hex version id, or null for an official model. */
  final String version;
  /** The resolution filled in, or null when the endpoint names none. */
  final String resolution;

  private Endpoint(String model, String version, String resolution) {
    this.model = model;
    this.version = version;
    this.resolution = resolution;
  }

  /**
   * Resolves {@code template} for a request asking {@code resolution} (may be null); {@code
   * offered} are the offer's resolutions, the first being the default.
   *
   * @throws IllegalArgumentException if the endpoint is not one of the three forms, or has a
   *     placeholder and no resolution can fill it
   */
  static Endpoint resolve(String template, String resolution, List<String> offered) {
    String text = template.trim();
    String filled = null;
    if (text.contains(RESOLUTION)) {
      String r = resolution != null ? resolution : offered.isEmpty() ? null : offered.get(0);
      if (r == null) throw new IllegalArgumentException("endpoint " + template + " needs a resolution");
      filled = r.toLowerCase(Locale.ROOT);
      text = text.replace(RESOLUTION, filled);
    }
    int colon = text.indexOf(':');
    if (colon >= 0) {
      String model = text.substring(0, colon);
      String version = text.substring(colon + 1);
      if (!MODEL.matcher(model).matches() || !VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException("not owner/name:<64-hex version>: " + template);
      }
      return new Endpoint(model, version, filled);
    }
    if (VERSION.matcher(text).matches()) return new Endpoint(null, text, filled);
    if (!MODEL.matcher(text).matches()) throw new IllegalArgumentException("not owner/name: " + template);
    return new Endpoint(text, null, filled);
  }

  /** True for an official model, run by name. */
  boolean official() {
    return version == null;
  }

  @Override
  public String toString() {
    return model == null ? version : version == null ? model : model + ":" + version;
  }
}
