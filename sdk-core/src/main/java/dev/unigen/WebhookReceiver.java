package dev.unigen;

import dev.unigen.spi.Provider;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes webhook deliveries from whatever HTTP server the application runs: a plain function from
 * a provider name, the request headers and the raw body to what became of it. The provider
 * verifies the signature; the receiver rejects replays and completes the job it names — even a job
 * no poll is running for, resuming exactly that job from the journal. Answer 2xx for {@link Outcome#ACCEPTED},
 * {@link Outcome#DUPLICATE} and {@link Outcome#UNKNOWN_JOB}, and 4xx for
 * {@link Outcome#REJECTED}. Threadsafe.
 */
public final class WebhookReceiver {
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
  /** How long a delivery id is remembered to detect replays; longer than every provider's signature window. */
  static final Duration REPLAY_WINDOW = Duration.ofMinutes(10);
  private static final int MAX_REMEMBERED = 100_000;

  /** What became of a delivery. */
  public enum Outcome {
    /** Verified, and the job was updated. */
    ACCEPTED,
    /** Verified, but already received. */
    DUPLICATE,
    /** Verified, but about a job this generator does not know. */
    UNKNOWN_JOB,
    /** Verified, but not about a job (a progress ping the provider sends, say). */
    IGNORED,
    /** Not verified: a bad or missing signature, a stale timestamp, or an unknown provider. */
    REJECTED
  }

  private final Map<String, Provider> providers;
  private final JobManager jobs;
  private final Clock clock;
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

  WebhookReceiver(Map<String, Provider> providers, JobManager jobs, Clock clock) {
    this.providers = providers;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** Handles a delivery from {@code provider}; never throws for a bad delivery, only reports it. */
  public Outcome receive(String provider, Map<String, List<String>> headers, byte[] body) {
    Provider p = providers.get(provider);
    if (p == null) return Outcome.REJECTED;
    Optional<WebhookEvent> event;
    try {
      event = p.webhook(headers, body);
    } catch (WebhookRejectedException e) {
      log.warn("webhook from {} rejected: {}", provider, e.getMessage());
      return Outcome.REJECTED;
    }
    if (event.isEmpty()) return Outcome.IGNORED;
    WebhookEvent e = event.get();
    String delivery = provider + '\u0000' + e.deliveryId();
    // Claimed before it is handled, so concurrent copies of one delivery complete the job once;
    // in the journal too, so a copy reaching another process sharing it is a duplicate there.
    if (!claim(delivery)) return Outcome.DUPLICATE;
    if (!firstDelivery(provider, e.deliveryId())) return Outcome.DUPLICATE;
    Outcome outcome = handle(provider, e);
    // A delivery that changed nothing is forgotten: the provider's retry gets another chance.
    if (outcome != Outcome.ACCEPTED) {
      forget(delivery);
      try {
        jobs.journal().forgetDelivery(provider, e.deliveryId());
      } catch (RuntimeException ex) {
        log.warn("webhook from {}: the journal could not forget delivery {}: {}", provider, e.deliveryId(), ex.toString());
      }
    }
    return outcome;
  }

  private Outcome handle(String provider, WebhookEvent e) {
    if (jobs.deliver(provider, e.providerJobId(), e.result())) return Outcome.ACCEPTED;
    return e.result().isDone() ? Outcome.UNKNOWN_JOB : Outcome.IGNORED;
  }

  /**
   * Records the delivery in the journal; true if no process recorded it before. A journal that
   * cannot be reached does not stop the delivery: completing a job is guarded by the journal's
   * claims, and the delivery is still remembered here.
   */
  private boolean firstDelivery(String provider, String deliveryId) {
    try {
      return jobs.journal().firstDelivery(provider, deliveryId);
    } catch (RuntimeException ex) {
      log.warn("webhook from {}: the journal could not record delivery {}: {}", provider, deliveryId, ex.toString());
      return true;
    }
  }

  /** Takes {@code key} for this delivery unless a copy within the replay window took it first. */
  private synchronized boolean claim(String key) {
    Instant now = clock.instant();
    for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Instant> oldest = it.next();
      if (seen.size() <= MAX_REMEMBERED && oldest.getValue().plus(REPLAY_WINDOW).isAfter(now)) break;
      it.remove();
    }
    return seen.putIfAbsent(key, now) == null;
  }

  private synchronized void forget(String key) {
    seen.remove(key);
  }
}
