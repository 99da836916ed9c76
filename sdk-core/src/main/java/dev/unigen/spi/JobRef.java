package dev.unigen.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's handle on an accepted job: its id, the URLs to poll and cancel it at, and any other
 * strings the provider needs to find it again. Everything in it is written to the job journal, so
 * a restarted process can resume polling without re-submitting; it must never hold a key.
 * Immutable.
 */
public final class JobRef {
  /**
   * The attribute holding the endpoint the job was submitted to ({@link ProviderCall#endpoint()}),
   * which the generator reads to price a resumed job whose offer has left the catalog.
   */
  public static final String ENDPOINT = "endpoint";

  private final String provider;
  private final String id;
  private final String pollUrl;
  private final String cancelUrl;
  private final Map<String, String> attributes;

  private JobRef(String provider, String id, String pollUrl, String cancelUrl, Map<String, String> attributes) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.id = Objects.requireNonNull(id, "id");
    this.pollUrl = pollUrl;
    this.cancelUrl = cancelUrl;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** Returns a handle on job {@code id} of {@code provider}; the URLs may be null. */
  public static JobRef of(String provider, String id, String pollUrl, String cancelUrl, Map<String, String> attributes) {
    return new JobRef(provider, id, pollUrl, cancelUrl, attributes);
  }

  /** The provider's name. */
  public String provider() { return provider; }
  /** The provider's job id. */
  public String id() { return id; }
  /** Where to poll, if the provider gave a URL. */
  public Optional<String> pollUrl() { return Optional.ofNullable(pollUrl); }
  /** Where to cancel, if the provider gave a URL. */
  public Optional<String> cancelUrl() { return Optional.ofNullable(cancelUrl); }
  /** Other values the provider needs, such as the endpoint. */
  public Map<String, String> attributes() { return attributes; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JobRef)) return false;
    JobRef j = (JobRef) o;
    return provider.equals(j.provider) && id.equals(j.id) && Objects.equals(pollUrl, j.pollUrl)
        && Objects.equals(cancelUrl, j.cancelUrl) && attributes.equals(j.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, id);
  }

  @Override
  public String toString() {
    return "JobRef(" + provider + " " + id + ")";
  }
}
