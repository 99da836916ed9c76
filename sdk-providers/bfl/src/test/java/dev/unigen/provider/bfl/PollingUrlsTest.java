package dev.unigen.provider.bfl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** When the polling URL BFL returns is used as given, and when it is moved onto the base URL. */
class PollingUrlsTest {
  private static final String ID = "5015d102-09e0-44e9-8ede-ab8c74b16ed6";

  @Test
  void withBflsOwnBaseUrlAClusterHostIsPolledAsGiven() {
    HttpUrl base = HttpUrl.get("https://api.bfl.ai");
    String given = "https://api.us3.bfl.ai/v1/get_result?id=" + ID;
    assertEquals(given, PollingUrls.resolve(base, given, ID).toString());
    assertEquals(given, PollingUrls.resolve(HttpUrl.get("https://api.eu.bfl.ai"), given, ID).toString());
  }

  @Test
  void aPollingUrlOnAnyOtherHostIsMovedOntoTheBaseUrlSoTheKeyStaysWithBfl() {
    HttpUrl base = HttpUrl.get("https://api.bfl.ai");
    assertEquals("https://api.bfl.ai/v1/get_result?id=" + ID,
        PollingUrls.resolve(base, "https://collector.example.com/v1/get_result?id=" + ID, ID).toString());
    assertEquals("https://api.bfl.ai/v1/get_result?id=" + ID,
        PollingUrls.resolve(base, "http://api.us1.bfl.ai/v1/get_result?id=" + ID, ID).toString(), "http is not trusted");
  }

  @Test
  void aProxyOrTestBaseUrlKeepsThePathAndQueryBelowItsOwnPath() {
    String given = "https://api.eu2.bfl.ai/v1/get_result?id=" + ID;
    assertEquals("http://127.0.0.1:8080/v1/get_result?id=" + ID,
        PollingUrls.resolve(HttpUrl.get("http://127.0.0.1:8080"), given, ID).toString());
    assertEquals("https://proxy.example.com/bfl/v1/get_result?id=" + ID,
        PollingUrls.resolve(HttpUrl.get("https://proxy.example.com/bfl"), given, ID).toString());
  }

  @Test
  void aRelativeOrMissingPollingUrlIsGetResultOnTheBaseUrl() {
    HttpUrl base = HttpUrl.get("https://api.bfl.ai");
    assertEquals("https://api.bfl.ai/v1/get_result?id=" + ID,
        PollingUrls.resolve(base, "/v1/get_result?id=" + ID, ID).toString());
    assertEquals("https://api.bfl.ai/v1/get_result?id=" + ID, PollingUrls.resolve(base, null, ID).toString());
  }
}
