package dev.unigen.provider.stability.wire;

import dev.unigen.spi.http.Multipart;
import dev.unigen.request.Media;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.MultipartBody;

/**
 * One v2beta call as it goes over the wire: the path, the {@code accept} header, and the
 * {@code multipart/form-data} body of text fields and image files. Stability takes a multipart
 * body even when there is nothing to upload; an empty form gets the lone {@code none} field its
 * official samples send. Internal to the Stability module; not part of Unigen's API. Immutable;
 * the builder is not threadsafe.
 */
public final class FormRequest {
  private final String path;
  private final String accept;
  private final Map<String, String> fields;
  private final Map<String, Media> files;

  private FormRequest(String path, String accept, Map<String, String> fields, Map<String, Media> files) {
    this.path = path;
    this.accept = accept;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** Returns a builder for a POST to {@code path}, such as {@code /v2beta/stable-image/generate/core}. */
  public static Builder builder(String path, String accept) {
    return new Builder(Objects.requireNonNull(path, "path"), Objects.requireNonNull(accept, "accept"));
  }

  /** The path below the base URL. */
  public String path() {
    return path;
  }

  /** The {@code accept} header: {@code image/*} for the image itself, {@code *}{@code /*} for async endpoints. */
  public String accept() {
    return accept;
  }

  /** The text fields, in the order they are sent. */
  public Map<String, String> fields() {
    return fields;
  }

  /** The file fields, in the order they are sent. */
  public Map<String, Media> files() {
    return files;
  }

  /** Returns a copy whose file {@code name} is {@code media}, as when a URL has been downloaded. */
  public FormRequest withFile(String name, Media media) {
    Map<String, Media> f = new LinkedHashMap<>(files);
    f.put(name, Objects.requireNonNull(media));
    return new FormRequest(path, accept, fields, f);
  }

  /**
   * Builds the body: the text fields, then the files read from their local media.
   *
   * @throws dev.unigen.InvalidRequestException if a file cannot be read
   * @throws IllegalArgumentException if a file is still a URL
   */
  public MultipartBody body() {
    Multipart form = new Multipart();
    fields.forEach(form::field);
    files.forEach(form::file);
    return form.build();
  }

  @Override
  public String toString() {
    return "FormRequest(" + path + " fields=" + fields.keySet() + " files=" + files.keySet() + ")";
  }

  /** Builds a {@link FormRequest}. Not threadsafe. */
  public static final class Builder {
    private final String path;
    private final String accept;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, Media> files = new LinkedHashMap<>();

    private Builder(String path, String accept) {
      this.path = path;
      this.accept = accept;
    }

    /** Sets text field {@code name}, replacing an earlier value. */
    public Builder field(String name, String value) {
      fields.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    /** Removes text field {@code name}. */
    public Builder remove(String name) {
      fields.remove(name);
      return this;
    }

    /** True if text field {@code name} is set. */
    public boolean has(String name) {
      return fields.containsKey(name);
    }

    /** Sets file field {@code name}. */
    public Builder file(String name, Media media) {
      files.put(Objects.requireNonNull(name), Objects.requireNonNull(media));
      return this;
    }

    /** Returns the request. */
    public FormRequest build() {
      return new FormRequest(path, accept, fields, files);
    }
  }
}
