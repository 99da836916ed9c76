package dev.unigen.spring;

import dev.unigen.WebhookReceiver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /unigen/webhooks/{provider}}: hands the raw body and headers to the generator's
 * {@link WebhookReceiver}, which verifies the signature and completes the job. Answers 200 with
 * the outcome for a verified delivery (so the provider stops retrying it), 400 for one that is
 * not verified, and 413 for a body over the configured bound, which is not read.
 */
@RestController
final class UnigenWebhookController {
  private final WebhookReceiver receiver;
  private final long maxBodyBytes;

  UnigenWebhookController(WebhookReceiver receiver, long maxBodyBytes) {
    this.receiver = receiver;
    this.maxBodyBytes = maxBodyBytes;
  }

  @PostMapping(path = "${unigen.webhooks.path:/unigen/webhooks}/{provider}", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> receive(@PathVariable("provider") String provider, @RequestHeader HttpHeaders headers,
      HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > maxBodyBytes) return tooLarge();
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      // One byte over the bound tells a body without a declared length that is too large.
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    }
    if (body.length > maxBodyBytes) return tooLarge();
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(copy::put);
    WebhookReceiver.Outcome outcome = receiver.receive(provider, copy, body);
    String text = outcome.name().toLowerCase(Locale.ROOT) + "\n";
    return outcome == WebhookReceiver.Outcome.REJECTED ? ResponseEntity.badRequest().body(text) : ResponseEntity.ok(text);
  }

  private ResponseEntity<String> tooLarge() {
    return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body("over " + maxBodyBytes + " bytes\n");
  }
}
