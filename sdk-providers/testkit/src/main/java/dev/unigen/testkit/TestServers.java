package dev.unigen.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import mockwebserver3.MockWebServer;

/** Local servers for a provider's tests; see {@link StartStop}. */
public final class TestServers {
  private TestServers() {}

  /**
   * A new local server, already started, for a field that other fields are built from; mark the
   * field {@link StartStop} so that the server is closed after the test.
   */
  public static MockWebServer started() {
    MockWebServer server = new MockWebServer();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a local server", e);
    }
    return server;
  }
}
