package dev.unigen.spring;

import dev.unigen.WebhookReceiver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /unigen/webhooks/{provider}}: hands the raw body and headers to the generator's
 * {@link WebhookReceiver}, which verifies the signature and completes the job. Answers 200 with
 * the outcome for a verified delivery (so the provider stops retrying it) and 400 for one that is
 * not verified.
 */
@RestController
final class UnigenWebhookController {
  private final WebhookReceiver receiver;

  UnigenWebhookController(WebhookReceiver receiver) {
    this.receiver = receiver;
  }

  @PostMapping(path = "${unigen.webhooks.path:/unigen/webhooks}/{provider}", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> receive(@PathVariable("provider") String provider, @RequestHeader HttpHeaders headers,
      @RequestBody(required = false) byte[] body) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(copy::put);
    WebhookReceiver.Outcome outcome = receiver.receive(provider, copy, body == null ? new byte[0] : body);
    String text = outcome.name().toLowerCase(Locale.ROOT) + "\n";
    return outcome == WebhookReceiver.Outcome.REJECTED ? ResponseEntity.badRequest().body(text) : ResponseEntity.ok(text);
  }
}
