package dev.unigen.provider.runware;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.jobs.Progress;
import dev.unigen.provider.runware.wire.ApiError;
import dev.unigen.provider.runware.wire.Envelope;
import dev.unigen.provider.runware.wire.ResultItem;
import dev.unigen.provider.runware.wire.TaskBody;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;

/**
 * Runware's REST task API ({@code POST https://api.runware.ai/v1}) as a Unigen {@link Provider}.
 *
 * <p>Every request is a JSON array holding one task with a client-made UUID v4 {@code taskUUID}
 * and {@code includeCost:true}, sent with {@code Authorization: Bearer <key>}. Images, upscales,
 * background removals and ControlNet preprocessing answer synchronously ({@code deliveryMethod:
 * "sync"}) with one {@code data[]} item per result; video is submitted with {@code deliveryMethod:
 * "async"} and polled with {@code getResponse} until every result is {@code success} (Runware has
 * no cancel call). The cost Runware reports for each result, summed, is the actual cost
 * ({@code REPORTED}).
 *
 * <p>Runware answers a {@code getResponse} for a task by the UUID the client made for it, so a
 * call whose answer a restart lost is looked up ({@link #find}) rather than recorded as an
 * unknown outcome.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> RunwareProvider.builder().build(ctx))   // reads RUNWARE_API_KEY
 *     .build();
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class RunwareProvider extends AbstractProvider {
  /** The provider name used in catalogs and in {@code UNIGEN_RUNWARE_BASE_URL}. */
  public static final String NAME = "runware";
  /** The environment variable holding the API key, as Runware's official SDKs read it. */
  public static final String KEY_VARIABLE = "RUNWARE_API_KEY";
  /** Runware's REST endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.runware.ai/v1";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final String name;
  private final ProviderHttp http;
  private final RunwareTasks tasks;
  private final RunwareErrors errors;
  private final Logger log;

  private RunwareProvider(ProviderSettings settings) {
    super(settings);
    this.name = settings.name();
    this.errors = new RunwareErrors(settings);
    this.http = ProviderHttp.builder(settings).bearerAuth().errors(errors::forStatus).build();
    this.tasks = new RunwareTasks(name);
    this.log = settings.context().logger(RunwareProvider.class);
  }

  /** Returns a builder; only the context is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends the call's task. Synchronous tasks complete with their results; a video task completes
   * with the accepted job to {@link #poll}. A task that may have reached Runware is never re-sent:
   * a connection lost after sending, or a 2xx answer that cannot be read, completes with
   * {@link dev.unigen.OutcomeUnknownException}.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    PreparedTask task;
    try {
      task = tasks.prepare(call);
    } catch (GenerationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidRequestException(name, e.getMessage());
    }
    log.debug("{}: sending {} task {}", name, task.body().get("taskType"), task.taskUUID());
    return http.submit(post(http.settings().baseUrl(), task.body()), answer -> answer(task, answer));
  }

  /** Asks Runware for the job's results with a {@code getResponse} task; a failed read is retryable. */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    PreparedTask task = fromRef(job);
    HttpUrl url = job.pollUrl().map(HttpUrl::get).orElse(http.settings().baseUrl());
    return http.read(post(url, TaskBody.task("getResponse", job.id())), answer -> status(task, answer));
  }

  /**
   * True: a task is looked up by the {@code taskUUID} the client made for it, which is derived
   * from the call id and so is the same after a restart.
   */
  @Override
  public boolean findsCalls() {
    return true;
  }

  /**
   * Looks the call up with a {@code getResponse} task for its task UUID; nothing is run. Results
   * Runware holds complete the future with the output (a finished task) or with the accepted job
   * to {@link #poll} (one still processing, or one whose items cannot all be read yet). Runware
   * answers a task it never received and one it has not started alike (no items, or an error such
   * as {@code taskFailedOrNotFound}), so such an answer completes exceptionally: the call stays an
   * unknown outcome, with its estimate counted — it is never reported as not received.
   */
  @Override
  public CompletableFuture<Optional<Submission>> find(ProviderCall call) {
    PreparedTask task;
    try {
      task = tasks.prepare(call);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    log.debug("{}: looking up task {}", name, task.taskUUID());
    return http.read(post(http.settings().baseUrl(), TaskBody.task("getResponse", task.taskUUID())),
        answer -> lookedUp(task, answer));
  }

  private Optional<Submission> lookedUp(PreparedTask task, Answer answer) {
    Envelope env = Envelope.parse(answer.text());
    if (env.itemsOf(task.taskUUID()).isEmpty()) {
      List<ApiError> errs = env.errorsOf(task.taskUUID());
      throw new ProviderFailureException(name, "Runware holds no result for task " + task.taskUUID()
          + (errs.isEmpty() ? "" : " (" + errors.describe(errs) + ")")
          + "; it answers so for a task it never received and for one not started yet", answer.status(), false, null);
    }
    PollResult found = status(task, answer);
    if (found.state() == PollResult.State.SUCCEEDED) return Optional.of(Submission.completed(found.output().get()));
    // Runware has the task: the poll loop follows it to its end, billed or not as its status says.
    return Optional.of(Submission.accepted(jobRef(task)));
  }

  /** Runware's request body is always an array of tasks; each call sends one. */
  private Request post(HttpUrl url, TaskBody task) {
    return http.request(url)
        .header("Accept", "application/json")
        .post(RequestBody.create(TaskBody.array(List.of(task)), JSON))
        .build();
  }

  private Submission answer(PreparedTask task, Answer answer) {
    Envelope env = Envelope.parse(answer.text());
    List<ApiError> errs = env.errorsOf(task.taskUUID());
    if (task.async()) {
      if (!errs.isEmpty()) throw errors.inSuccess(errs, answer);
      return Submission.accepted(jobRef(task));
    }
    List<ResultItem> items = env.itemsOf(task.taskUUID());
    List<ResultItem> results = RunwareOutputs.distinctResults(items);
    if (results.isEmpty()) {
      if (errs.isEmpty()) {
        if (items.stream().anyMatch(i -> i.mediaUUID().isPresent() || i.status().isPresent())) {
          // Runware made (or is making) the media but sent nothing to read: the task exists and
          // may be billed, so it is read again with getResponse rather than bought elsewhere.
          return Submission.accepted(jobRef(task));
        }
        throw new NoOutputException(name, answer.status() + " Runware returned no result for task " + task.taskUUID());
      }
      throw errors.inSuccess(errs, answer);
    }
    return Submission.completed(RunwareOutputs.build(task, results, warnings(task, results, errs)));
  }

  private PollResult status(PreparedTask task, Answer answer) {
    Envelope env = Envelope.parse(answer.text());
    List<ResultItem> items = env.itemsOf(task.taskUUID());
    List<ApiError> errs = new ArrayList<>(env.errorsOf(task.taskUUID()));
    boolean processing = false;
    int blank = 0;
    Integer percent = null;
    for (ResultItem i : items) {
      String s = i.status().orElse(i.hasContent() ? "success" : "processing");
      if ("error".equals(s)) {
        errs.add(i.error().orElse(ApiError.read(Map.<String, Object>of("code", "taskFailed", "message", "a result of the task failed"),
            task.taskUUID())));
      } else if ("processing".equals(s)) {
        processing = true;
        if (i.progress().isPresent()) percent = Math.max(percent == null ? 0 : percent, i.progress().getAsInt());
      } else if ("success".equals(s) && !i.hasContent()) {
        blank++;
      }
    }
    List<ResultItem> results = RunwareOutputs.distinctResults(items);
    if (results.size() >= task.expected() || (!processing && (!errs.isEmpty() || blank > 0) && !results.isEmpty())) {
      List<String> w = warnings(task, results, errs);
      if (blank > 0) w.add(blank + " result(s) Runware reported as a success carried nothing to read");
      return PollResult.succeeded(RunwareOutputs.build(task, results, w));
    }
    if (!processing && blank > 0) {
      // Runware says the work succeeded, so it is billed: its result is read again, a bounded number of times.
      return PollResult.unreadable(new ProviderFailureException(name, "Runware reports task " + task.taskUUID()
          + " a success, but its result carries no URL or content to read", answer.status(), true, null));
    }
    if (!processing && !errs.isEmpty()) {
      return PollResult.failed(errors.inSuccess(errs, answer));
    }
    PollResult.State state = items.isEmpty() ? PollResult.State.QUEUED : PollResult.State.RUNNING;
    String what = results.isEmpty() ? "processing" : "processing (" + results.size() + " of " + task.expected() + " done)";
    return PollResult.pending(state, new Progress(what, null, percent, List.of()), null);
  }

  private List<String> warnings(PreparedTask task, List<ResultItem> results, List<ApiError> errs) {
    List<String> w = new ArrayList<>();
    if (!errs.isEmpty()) {
      w.add("Runware returned " + results.size() + " of " + task.expected() + " results; errors: " + errors.describe(errs));
    } else if (results.size() < task.expected()) {
      w.add("Runware returned " + results.size() + " of " + task.expected() + " results");
    }
    return w;
  }

  /** The job handle: what {@link #poll} needs to price the results, and never the key. */
  private JobRef jobRef(PreparedTask t) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("taskType", String.valueOf(t.body().get("taskType")));
    a.put("task", t.task().wireName());
    a.put("expected", Integer.toString(t.expected()));
    if (t.size() != null) {
      a.put("width", Integer.toString(t.size().width()));
      a.put("height", Integer.toString(t.size().height()));
    }
    if (t.seconds() != null) a.put("seconds", t.seconds().toPlainString());
    if (t.resolution() != null) a.put("resolution", t.resolution());
    a.put("mediaType", t.mediaType());
    return JobRef.of(name, t.taskUUID(), http.settings().baseUrl().toString(), null, a);
  }

  private PreparedTask fromRef(JobRef ref) {
    Map<String, String> a = ref.attributes();
    Size size = a.containsKey("width") && a.containsKey("height")
        ? Size.of(Integer.parseInt(a.get("width")), Integer.parseInt(a.get("height"))) : null;
    Task task = Task.fromWireName(a.getOrDefault("task", "")).orElse(Task.TEXT_TO_VIDEO);
    return new PreparedTask(null, ref.id(), task, true, Integer.parseInt(a.getOrDefault("expected", "1")), size,
        a.containsKey("seconds") ? new BigDecimal(a.get("seconds")) : null, a.get("resolution"),
        a.getOrDefault("mediaType", "video/mp4"), 0);
  }

  /**
   * Builds a {@link RunwareProvider}. Every setting is optional and is the one of
   * {@link ProviderBuilder}: the API key defaults to {@value #KEY_VARIABLE}, the base URL to
   * {@code UNIGEN_RUNWARE_BASE_URL} or {@value #DEFAULT_BASE_URL}, the timeout of one HTTP exchange
   * to 3 minutes (synchronous images can be slow under load). Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private Builder() {
      super(NAME, List.of(KEY_VARIABLE), DEFAULT_BASE_URL, Duration.ofMinutes(3));
    }

    /**
     * Returns the provider, reading what was not set from {@code context}.
     *
     * @throws IllegalStateException if no API key is given or set in {@value #KEY_VARIABLE}
     */
    @Override
    public RunwareProvider build(ProviderContext context) {
      return new RunwareProvider(settings(context));
    }
  }
}
