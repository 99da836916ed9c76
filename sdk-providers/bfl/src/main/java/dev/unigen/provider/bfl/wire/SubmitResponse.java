package dev.unigen.provider.bfl.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * BFL's answer to {@code POST /v1/{model}}: {@code AsyncResponse}
 * {@code {id, polling_url, cost?, input_mp?, output_mp?}}, or {@code AsyncWebhookResponse} when a
 * webhook was given, which may lack the polling URL. {@code cost} is in credits of $0.01; the
 * megapixel figures are fractions (0.75 for 1024×768). Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class SubmitResponse {
  private final String id;
  private final String pollingUrl;
  private final BigDecimal cost;
  private final BigDecimal inputMegapixels;
  private final BigDecimal outputMegapixels;

  private SubmitResponse(Map<String, Object> o) {
    id = Json.text(o, "id").orElse(null);
    pollingUrl = Json.text(o, "polling_url").orElse(null);
    cost = Json.decimal(o, "cost").orElse(null);
    inputMegapixels = Json.decimal(o, "input_mp").orElse(null);
    outputMegapixels = Json.decimal(o, "output_mp").orElse(null);
  }

  /**
   * Reads the answer.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public static SubmitResponse parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    return new SubmitResponse(Json.object(parsed));
  }

  /** The task id. */
  public Optional<String> id() { return Optional.ofNullable(id); }
  /** Where to poll; its host may be a cluster host such as {@code api.eu2.bfl.ai}. */
  public Optional<String> pollingUrl() { return Optional.ofNullable(pollingUrl); }
  /** What the task costs, in credits. */
  public Optional<BigDecimal> cost() { return Optional.ofNullable(cost); }
  /** The megapixels of the input images billed. */
  public Optional<BigDecimal> inputMegapixels() { return Optional.ofNullable(inputMegapixels); }
  /** The megapixels of the output billed. */
  public Optional<BigDecimal> outputMegapixels() { return Optional.ofNullable(outputMegapixels); }
}
