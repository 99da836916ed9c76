package dev.unigen.provider.luma.wire;

import dev.unigen.spi.http.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A generation as the Luma Agents API returns it from {@code POST /generations} (201) and
 * {@code GET /generations/{id}}: {@code {id, type, model, state, failure_code, failure_reason,
 * output[{type, url}], created_at}}, where {@code state} is {@code queued}, {@code processing},
 * {@code completed} or {@code failed} and each output URL is presigned for one hour. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class AgentsGeneration {
  /** Waiting for capacity. */
  public static final String QUEUED = "queued";
  /** Being generated. */
  public static final String PROCESSING = "processing";
  /** Done; {@code output} holds the media. */
  public static final String COMPLETED = "completed";
  /** Ended without output; {@code failure_code} says why. */
  public static final String FAILED = "failed";

  private final String id;
  private final String state;
  private final String type;
  private final String failureCode;
  private final String failureReason;
  private final List<Output> outputs;

  private AgentsGeneration(Map<String, Object> o) {
    id = Json.string(o, "id").filter(s -> !s.isBlank()).orElse(null);
    state = Json.string(o, "state").orElse("");
    type = Json.string(o, "type").orElse(null);
    failureCode = Json.string(o, "failure_code").orElse(null);
    failureReason = Json.string(o, "failure_reason").orElse(null);
    List<Output> out = new ArrayList<>();
    for (Object item : Json.array(o, "output")) {
      if (!(item instanceof Map)) continue;
      Map<String, Object> entry = Json.object(item);
      Optional<String> url = Json.string(entry, "url").filter(s -> !s.isBlank());
      url.ifPresent(u -> out.add(new Output(Json.string(entry, "type").orElse(""), u)));
    }
    outputs = Collections.unmodifiableList(out);
  }

  /**
   * Reads a generation.
   *
   * @throws IllegalArgumentException if {@code text} is not a JSON object
   */
  public static AgentsGeneration parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    return new AgentsGeneration(Json.object(parsed));
  }

  /** The generation id. */
  public Optional<String> id() { return Optional.ofNullable(id); }
  /** The state word, empty if absent. */
  public String state() { return state; }
  /** The generation type ({@code image}, {@code image_edit}, {@code video}, ...), if stated. */
  public Optional<String> type() { return Optional.ofNullable(type); }
  /** The machine-readable failure code of a failed generation, such as {@code content_moderated}. */
  public Optional<String> failureCode() { return Optional.ofNullable(failureCode); }
  /** The human-readable failure description. */
  public Optional<String> failureReason() { return Optional.ofNullable(failureReason); }
  /** The outputs with a URL, in order. */
  public List<Output> outputs() { return outputs; }

  /** One generated output: its media kind ({@code image}, {@code video}) and its presigned URL. */
  public static final class Output {
    private final String type;
    private final String url;

    Output(String type, String url) {
      this.type = type;
      this.url = url;
    }

    /** The media kind, as Luma names it; empty if not stated. */
    public String type() { return type; }
    /** The presigned URL, valid for one hour. */
    public String url() { return url; }
  }
}
