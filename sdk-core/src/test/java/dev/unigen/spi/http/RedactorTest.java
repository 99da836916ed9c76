package dev.unigen.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void replacesWholeKeysAndEchoedPrefixes() {
    Redactor r = new Redactor();
    r.register("test-key-alpha-0123456789");
    r.register("test-key-beta-9876543210");
    r.register("short");
    assertEquals("bad key *** and ***", r.redact("bad key test-key-alpha-0123456789 and test-key-beta-9876543210"));
    // OpenAI-style partial echo of the key
    assertEquals("Incorrect API key provided: *** (retry)", r.redact("Incorrect API key provided: test-key-al****6789 (retry)"));
    assertEquals("short stays", r.redact("short stays"));
    assertEquals(null, r.redact(null));
  }

  @Test
  void eachPartOfACompositeKeyIsRedactedAlone() {
    Redactor r = new Redactor();
    // the two halves share no prefix, so only registering each part catches the secret alone
    r.register("fal-key-id-0123:zz-secret-part-4567");
    assertEquals("secret *** rejected", r.redact("secret zz-secret-part-4567 rejected"));
    assertEquals("key id *** unknown", r.redact("key id fal-key-id-0123 unknown"));
  }
}
