package dev.unigen.provider.getimg.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A generation as API v2 answers it: {@code {id, status, model, data[...], usage}} when
 * {@code completed}, {@code {id, status: "pending"}} while a video runs, and
 * {@code {id, status: "failed", error{code, message}}} when it failed. Immutable.
 */
public final class Generation {
  /** A video generation still running. */
  public static final String PENDING = "pending";
  /** Done; {@code data} holds the outputs. */
  public static final String COMPLETED = "completed";
  /** Failed; {@code error} says why. */
  public static final String FAILED = "failed";

  private final Map<String, Object> o;

  private Generation(Map<String, Object> o) {
    this.o = o;
  }

  /** Reads a parsed answer. */
  public static Generation of(Map<String, Object> o) {
    return new Generation(o);
  }

  /** {@code id}. */
  public Optional<String> id() {
    return Json.text(o, "id");
  }

  /** {@code status}, or an empty string. */
  public String status() {
    return Json.string(o, "status").orElse("");
  }

  /** The outputs in {@code data}, in order. */
  public List<Output> data() {
    List<Output> out = new ArrayList<>();
    for (Object item : Json.array(o, "data")) out.add(new Output(Json.object(item)));
    return out;
  }

  /** {@code usage.total_cost}, in US dollars: what the generation was billed. */
  public Optional<BigDecimal> totalCost() {
    return Json.decimal(Json.object(o, "usage"), "total_cost").filter(c -> c.signum() >= 0);
  }

  /** {@code usage.billable_unit}, such as {@code image} or {@code video_second}. */
  public Optional<String> billableUnit() {
    return Json.string(Json.object(o, "usage"), "billable_unit");
  }

  /** {@code error.code} of a failed generation. */
  public Optional<String> errorCode() {
    return Json.text(Json.object(o, "error"), "code");
  }

  /** {@code error.message} of a failed generation. */
  public Optional<String> errorMessage() {
    return Json.text(Json.object(o, "error"), "message");
  }

  /**
   * One output: {@code url} (a signed download link), {@code mime_type}, {@code width},
   * {@code height}, {@code deletes_at}, and for a video {@code duration}, {@code fps} and
   * {@code has_sound}.
   */
  public static final class Output {
    private final Map<String, Object> o;

    Output(Map<String, Object> o) {
      this.o = o;
    }

    /** {@code url}. */
    public Optional<String> url() {
      return Json.text(o, "url");
    }

    /** {@code mime_type}. */
    public Optional<String> mimeType() {
      return Json.text(o, "mime_type");
    }

    /** {@code width}. */
    public OptionalInt width() {
      return whole(o, "width");
    }

    /** {@code height}. */
    public OptionalInt height() {
      return whole(o, "height");
    }

    /** {@code duration} in seconds. */
    public Optional<BigDecimal> duration() {
      return Json.decimal(o, "duration").filter(d -> d.signum() > 0);
    }

    /** {@code fps}. */
    public OptionalInt fps() {
      Optional<BigDecimal> fps = Json.decimal(o, "fps").filter(d -> d.signum() > 0);
      return fps.isPresent() ? OptionalInt.of(fps.get().intValue()) : OptionalInt.empty();
    }

    /** {@code has_sound}. */
    public Optional<Boolean> hasSound() {
      return Json.bool(o, "has_sound");
    }

    /** {@code deletes_at}: when GetImg deletes the output and its URL stops working. */
    public Optional<Instant> deletesAt() {
      Optional<String> text = Json.string(o, "deletes_at");
      if (text.isEmpty()) return Optional.empty();
      try {
        return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  private static OptionalInt whole(Map<String, Object> o, String key) {
    Optional<BigDecimal> v = Json.decimal(o, key);
    if (v.isEmpty() || v.get().signum() <= 0) return OptionalInt.empty();
    try {
      return OptionalInt.of(v.get().intValueExact());
    } catch (ArithmeticException notWhole) {
      return OptionalInt.empty();
    }
  }
}
