package dev.unigen.provider.sandbox;

import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to render an accepted job's output, carried in its {@link dev.unigen.spi.JobRef}
 * attributes. Since rendering is deterministic, a job can be polled by a new sandbox in a
 * restarted process and gives the same file: the journal's resume path can be tested offline.
 * Immutable.
 */
final class JobSpec {
  /** Prompts are cut to this length in the journal; only the picture's caption uses them. */
  private static final int MAX_PROMPT = 500;

  final Task task;
  final String model;
  /** The prompt drawn on a video; for a LoRA training, the trigger word. */
  final String prompt;
  final long seed;
  final int count;
  /** The frame size of the GIF, for video. */
  final Size frame;
  /** The size a real provider would have made, for the usage. */
  final Size nominal;
  final long durationMillis;
  final String resolution;
  final boolean audio;
  final Integer steps;
  final long submittedAt;
  final long readyAt;
  final SandboxFailure failure;

  JobSpec(Task task, String model, String prompt, long seed, int count, Size frame, Size nominal,
      long durationMillis, String resolution, boolean audio, Integer steps, long submittedAt, long readyAt,
      SandboxFailure failure) {
    this.task = task;
    this.model = model;
    this.prompt = prompt.length() > MAX_PROMPT ? prompt.substring(0, MAX_PROMPT) : prompt;
    this.seed = seed;
    this.count = count;
    this.frame = frame;
    this.nominal = nominal;
    this.durationMillis = durationMillis;
    this.resolution = resolution;
    this.audio = audio;
    this.steps = steps;
    this.submittedAt = submittedAt;
    this.readyAt = readyAt;
    this.failure = failure;
  }

  Map<String, String> attributes() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("task", task.wireName());
    a.put("model", model);
    a.put("prompt", prompt);
    a.put("seed", Long.toString(seed));
    a.put("count", Integer.toString(count));
    if (frame != null) a.put("frame", frame.toString());
    if (nominal != null) a.put("nominal", nominal.toString());
    if (durationMillis > 0) a.put("durationMillis", Long.toString(durationMillis));
    if (resolution != null) a.put("resolution", resolution);
    if (audio) a.put("audio", "true");
    if (steps != null) a.put("steps", steps.toString());
    a.put("submittedAt", Long.toString(submittedAt));
    a.put("readyAt", Long.toString(readyAt));
    if (failure != null) a.put("failure", failure.name());
    return a;
  }

  /**
   * Reads a spec back from job attributes.
   *
   * @throws IllegalArgumentException if they were not written by {@link #attributes()}
   */
  static JobSpec from(Map<String, String> a) {
    Task task = Task.fromWireName(required(a, "task")).orElseThrow(() -> new IllegalArgumentException("unknown task"));
    return new JobSpec(task, required(a, "model"), a.getOrDefault("prompt", ""),
        Long.parseLong(required(a, "seed")), Integer.parseInt(required(a, "count")),
        a.containsKey("frame") ? Size.parse(a.get("frame")) : null,
        a.containsKey("nominal") ? Size.parse(a.get("nominal")) : null,
        Long.parseLong(a.getOrDefault("durationMillis", "0")), a.get("resolution"),
        Boolean.parseBoolean(a.get("audio")),
        a.containsKey("steps") ? Integer.valueOf(a.get("steps")) : null,
        Long.parseLong(required(a, "submittedAt")), Long.parseLong(required(a, "readyAt")),
        a.containsKey("failure") ? SandboxFailure.valueOf(a.get("failure")) : null);
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) throw new IllegalArgumentException("no " + key);
    return v;
  }
}
