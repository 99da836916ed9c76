package dev.unigen.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The queue server of the fleet tests (see {@link FleetQueueProvider}). It counts every call id
 * it received and how often, and for every job which instance polled it, in order. A job runs
 * until {@link #finish} names it, or, with {@link #runFor}, for a time drawn for it at submit.
 */
final class FleetQueue extends Dispatcher implements AutoCloseable {
  final MockWebServer server = new MockWebServer();
  /** Call ids received, and how many times each. */
  final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  /** The instance that submitted each call id. */
  final Map<String, String> submittedBy = new ConcurrentHashMap<>();
  /** Job id by call id. */
  final Map<String, String> jobOfCall = new ConcurrentHashMap<>();
  /** For each job, the instance of each poll, in order. */
  final Map<String, List<String>> pollers = new ConcurrentHashMap<>();
  /** When each instance first polled each job, in milliseconds since the epoch, by "instance job". */
  final Map<String, Long> firstPoll = new ConcurrentHashMap<>();
  final Set<String> finished = ConcurrentHashMap.newKeySet();
  final AtomicInteger submits = new AtomicInteger();
  private final Map<String, Long> doneAt = new ConcurrentHashMap<>();
  private final Random random;
  private volatile int minRunMillis = -1;
  private volatile int maxRunMillis = -1;
  private volatile int maxSubmitDelayMillis;
  private volatile int maxSlowSubmitDelayMillis;
  private volatile int slowSubmitPercent;

  FleetQueue(long seed) throws Exception {
    random = new Random(seed);
    server.setDispatcher(this);
    server.start();
  }

  /** Jobs submitted from now on finish by themselves, after a time drawn between the two bounds. */
  FleetQueue runFor(int minMillis, int maxMillis) {
    minRunMillis = minMillis;
    maxRunMillis = maxMillis;
    return this;
  }

  /**
   * Answers each submit after a delay drawn up to {@code millis} once the job exists, and
   * {@code slowPercent} of them after one drawn up to {@code slowMillis}.
   */
  FleetQueue submitDelay(int millis, int slowMillis, int slowPercent) {
    maxSubmitDelayMillis = millis;
    maxSlowSubmitDelayMillis = slowMillis;
    slowSubmitPercent = slowPercent;
    return this;
  }

  void finish(String jobId) {
    finished.add(jobId);
  }

  String baseUrl() {
    return server.url("/").toString();
  }

  /** How many calls the server received from {@code instance}. */
  long receivedFrom(String instance) {
    return submittedBy.values().stream().filter(instance::equals).count();
  }

  @Override
  public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
    String path = r.getUrl().encodedPath();
    String instance = String.valueOf(r.getHeaders().get("X-Fleet-Instance"));
    if (r.getMethod().equals("POST") && path.equals("/v1/jobs")) {
      String key = r.getHeaders().get("Idempotency-Key");
      String id = "job-" + submits.incrementAndGet();
      int delay;
      synchronized (random) {
        boolean slow = random.nextInt(100) < slowSubmitPercent;
        int max = slow ? maxSlowSubmitDelayMillis : maxSubmitDelayMillis;
        delay = max > 0 ? random.nextInt(max) : 0;
        if (minRunMillis >= 0) doneAt.put(id, System.currentTimeMillis() + minRunMillis + random.nextInt(maxRunMillis - minRunMillis + 1));
      }
      // The job exists, and would be billed, from here on; the answer comes later.
      jobOfCall.put(key, id);
      submittedBy.put(key, instance);
      received.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if (delay > 0) Thread.sleep(delay);
      return json("{\"id\":\"" + id + "\"}");
    }
    if (r.getMethod().equals("GET") && path.equals("/v1/jobs")) {
      String id = jobOfCall.get(r.getUrl().queryParameter("idempotency_key"));
      return id == null ? new MockResponse.Builder().code(404).body("{\"error\":\"not found\"}").build() : json(job(id));
    }
    if (r.getMethod().equals("GET") && path.startsWith("/v1/jobs/")) {
      String id = path.substring("/v1/jobs/".length());
      firstPoll.putIfAbsent(instance + " " + id, System.currentTimeMillis());
      List<String> seen = pollers.computeIfAbsent(id, k -> new ArrayList<>());
      synchronized (seen) {
        seen.add(instance);
      }
      return json(job(id));
    }
    return new MockResponse.Builder().code(404).build();
  }

  /** The job object, as polls and webhooks carry it. */
  String job(String id) {
    Long at = doneAt.get(id);
    boolean done = finished.contains(id) || (at != null && System.currentTimeMillis() >= at);
    return "{\"id\":\"" + id + "\",\"status\":\"" + (done ? "succeeded" : "running") + "\""
        + (done ? ",\"videos\":[{\"url\":\"https://cdn.example.com/" + id + ".mp4\"}]" : "") + "}";
  }

  /** The instances that polled {@code jobId}, each once, in the order they first did. */
  List<String> pollersOf(String jobId) {
    List<String> seen = pollers.getOrDefault(jobId, List.of());
    List<String> distinct = new ArrayList<>();
    synchronized (seen) {
      for (String s : seen) {
        if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(s)) distinct.add(s);
      }
    }
    return distinct;
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** Headers of a webhook delivery {@code id} of {@code body}, signed as Standard Webhooks says. */
  static Map<String, List<String>> signed(String id, byte[] body) throws Exception {
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    byte[] key = Base64.getDecoder().decode(FleetQueueProvider.WEBHOOK_SECRET.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("webhook-id", List.of(id));
    h.put("webhook-timestamp", List.of(ts));
    h.put("webhook-signature", List.of("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))));
    return h;
  }

  @Override
  public void close() {
    server.close();
  }
}
