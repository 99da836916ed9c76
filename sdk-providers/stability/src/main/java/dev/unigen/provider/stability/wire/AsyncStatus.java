package dev.unigen.provider.stability.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * An asynchronous generation as Stability reports it: {@code {"id": "<64 hex>"}} when an async
 * endpoint (the creative upscaler) accepts a request, and {@code {"id": "...", "status":
 * "in-progress"}} while {@code GET /v2beta/results/{id}} answers 202. Internal to the Stability
 * module; not part of Unigen's API. Immutable.
 */
public final class AsyncStatus {
  /** The only status the API documents for a running generation. */
  public static final String IN_PROGRESS = "in-progress";

  private final String id;
  private final String status;

  private AsyncStatus(String id, String status) {
    this.id = id;
    this.status = status;
  }

  /** Reads {@code json}; empty if it has no non-blank {@code id}. */
  public static Optional<AsyncStatus> parse(Map<String, Object> json) {
    Optional<String> id = Json.string(json, "id").map(String::trim).filter(s -> !s.isEmpty());
    return id.map(i -> new AsyncStatus(i, Json.string(json, "status").orElse(null)));
  }

  /** The generation id, used in the results path. */
  public String id() {
    return id;
  }

  /** The status word, such as {@code in-progress}, when one was sent. */
  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  @Override
  public String toString() {
    return "AsyncStatus(" + id + (status != null ? " " + status : "") + ")";
  }
}
