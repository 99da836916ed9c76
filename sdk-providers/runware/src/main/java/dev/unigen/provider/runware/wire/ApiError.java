package dev.unigen.provider.runware.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of Runware's {@code errors[]} — {@code {code, message, parameter?, type?, taskType?,
 * taskUUID?}} — or the {@code error} object a failed {@code getResponse} item carries.
 *
 * <p>Internal to the Runware module. Immutable.
 */
public final class ApiError {
  private final String code;
  private final String message;
  private final String parameter;
  private final String type;
  private final String taskType;
  private final String taskUUID;

  private ApiError(String code, String message, String parameter, String type, String taskType, String taskUUID) {
    this.code = code;
    this.message = message;
    this.parameter = parameter;
    this.type = type;
    this.taskType = taskType;
    this.taskUUID = taskUUID;
  }

  /** Reads an error object; {@code fallbackTaskUUID} fills a missing {@code taskUUID}. */
  public static ApiError read(Map<String, Object> o, String fallbackTaskUUID) {
    return new ApiError(
        Json.string(o, "code").orElse("unknown"),
        Json.string(o, "message").orElse(Json.string(o, "error").orElse("(no message)")),
        Json.string(o, "parameter").orElse(null),
        Json.string(o, "type").orElse(null),
        Json.string(o, "taskType").orElse(null),
        Json.string(o, "taskUUID").orElse(fallbackTaskUUID));
  }

  /** The short identifier, such as {@code invalidApiKey}; {@code unknown} when absent. */
  public String code() { return code; }
  /** The human-readable explanation. */
  public String message() { return message; }
  /** The request parameter the error is about. */
  public Optional<String> parameter() { return Optional.ofNullable(parameter); }
  /** The error type, when the API gives one. */
  public Optional<String> type() { return Optional.ofNullable(type); }
  /** The task type of the failed task. */
  public Optional<String> taskType() { return Optional.ofNullable(taskType); }
  /** The UUID of the failed task. */
  public Optional<String> taskUUID() { return Optional.ofNullable(taskUUID); }

  /** Describes the error as {@code code: message (parameter p)}. */
  @Override
  public String toString() {
    return code + ": " + message + (parameter != null ? " (parameter " + parameter + ")" : "");
  }
}
