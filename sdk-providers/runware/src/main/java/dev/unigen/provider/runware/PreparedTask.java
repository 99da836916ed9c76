package dev.unigen.provider.runware;

import dev.unigen.provider.runware.wire.TaskBody;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;

/**
 * A task ready to send, with what the response alone does not say but pricing needs: how many
 * results were asked for, the output size (Runware's result items carry no dimensions), the video
 * length, and the media type to expect. Immutable.
 */
final class PreparedTask {
  final TaskBody body;
  final String taskUUID;
  final Task task;
  final boolean async;
  final int expected;
  final Size size;
  final BigDecimal seconds;
  final String resolution;
  final String mediaType;
  final int loras;

  PreparedTask(TaskBody body, String taskUUID, Task task, boolean async, int expected, Size size, BigDecimal seconds,
      String resolution, String mediaType, int loras) {
    this.body = body;
    this.taskUUID = taskUUID;
    this.task = task;
    this.async = async;
    this.expected = expected;
    this.size = size;
    this.seconds = seconds;
    this.resolution = resolution;
    this.mediaType = mediaType;
    this.loras = loras;
  }
}
