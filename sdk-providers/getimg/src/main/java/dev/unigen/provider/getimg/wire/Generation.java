package dev.unigen.provider.getimg.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A generation as API v2 answers it: {@code {id, status, model, data[...], usage}} when
 * {@code completed}, {@code {id, status: "pending"}} while a video runs, and
 * {@code {id, status: "failed", error{code, message}}} when it failed.
 *
 * @param id {@code id}
 * @param status {@code status}, or an empty string
 * @param data the outputs in {@code data}, in order
 * @param totalCost {@code usage.total_cost}, in US dollars: what the generation was billed
 * @param errorCode {@code error.code} of a failed generation
 * @param errorMessage {@code error.message} of a failed generation
 */
public record Generation(Optional<String> id, String status, List<Output> data, Optional<BigDecimal> totalCost,
    Optional<String> errorCode, Optional<String> errorMessage) {
  /** A video generation still running. */
  public static final String PENDING = "pending";
  /** Done; {@code data} holds the outputs. */
  public static final String COMPLETED = "completed";
  /** Failed; {@code error} says why. */
  public static final String FAILED = "failed";

  /** A generation with these fields. */
  public Generation {
    Objects.requireNonNull(status, "status");
    data = List.copyOf(data);
  }

  /** Reads a parsed answer. */
  public static Generation of(Map<String, Object> o) {
    List<Output> data = new ArrayList<>();
    for (Object item : Json.array(o, "data")) data.add(Output.of(Json.object(item)));
    Map<String, Object> error = Json.object(o, "error");
    return new Generation(Json.text(o, "id"), Json.string(o, "status").orElse(""), data,
        Json.decimal(Json.object(o, "usage"), "total_cost").filter(c -> c.signum() >= 0),
        Json.text(error, "code"), Json.text(error, "message"));
  }

  /**
   * One output.
   *
   * @param url {@code url}, a signed download link
   * @param mimeType {@code mime_type}
   * @param width {@code width}, a positive whole number
   * @param height {@code height}, a positive whole number
   * @param duration {@code duration} of a video, in seconds
   * @param fps {@code fps} of a video
   * @param hasSound {@code has_sound} of a video
   * @param deletesAt {@code deletes_at}: when GetImg deletes the output and its URL stops working
   */
  public record Output(Optional<String> url, Optional<String> mimeType, OptionalInt width, OptionalInt height,
      Optional<BigDecimal> duration, OptionalInt fps, Optional<Boolean> hasSound, Optional<Instant> deletesAt) {
    static Output of(Map<String, Object> o) {
      Optional<BigDecimal> fps = Json.decimal(o, "fps").filter(d -> d.signum() > 0);
      return new Output(Json.text(o, "url"), Json.text(o, "mime_type"), whole(o, "width"), whole(o, "height"),
          Json.decimal(o, "duration").filter(d -> d.signum() > 0),
          fps.isPresent() ? OptionalInt.of(fps.get().intValue()) : OptionalInt.empty(), Json.bool(o, "has_sound"),
          Json.string(o, "deletes_at").flatMap(Output::instant));
    }

    private static Optional<Instant> instant(String text) {
      try {
        return Optional.of(OffsetDateTime.parse(text).toInstant());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }

    private static OptionalInt whole(Map<String, Object> o, String key) {
      Optional<BigDecimal> v = Json.decimal(o, key).filter(d -> d.signum() > 0);
      try {
        return v.isPresent() ? OptionalInt.of(v.get().intValueExact()) : OptionalInt.empty();
      } catch (ArithmeticException notWhole) {
        return OptionalInt.empty();
      }
    }
  }
}
