package dev.unigen.provider.runware;

import dev.unigen.provider.runware.wire.TaskBody;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;

/**
 * A task ready to send, with what the response alone does not say but pricing needs: how many
 * results were asked for, the output size (Runware's result items carry no dimensions; null when
 * unknown), the video length and resolution (null for images), and the media type to expect. The
 * body is null for a task rebuilt from a job reference.
 */
record PreparedTask(TaskBody body, String taskUUID, Task task, boolean async, int expected, Size size,
    BigDecimal seconds, String resolution, String mediaType, int loras) {}
