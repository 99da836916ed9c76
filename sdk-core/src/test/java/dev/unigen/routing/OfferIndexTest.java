package dev.unigen.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A request naming no model weighs only the offers its task and capabilities allow, and the plan
 * still names every other offer of the task with its reason.
 */
class OfferIndexTest {
  private static String offer(String provider, String tasks, String caps, String price) {
    return "{'provider':'" + provider + "','model':'clip','endpoint':'" + provider + "/clip','tasks':[" + tasks + "],"
        + "'capabilities':{" + caps + "},'price':" + price + ",'asOf':'2026-11-01','source':'test'}";
  }

  // a: audio, 720p and 1080p; b: 1080p without audio; c: audio at 720p only; d: audio at any
  // resolution; e: audio and 1080p but image-to-video only.
  private static final Catalog CATALOG = Catalog.parse(("{'format':1,'offers':["
      + offer("a", "'text-to-video'", "'audio':true,'resolutions':['720p','1080p']", "{'kind':'per-second','price':'0.10'}") + ","
      + offer("b", "'text-to-video'", "'resolutions':['1080p']", "{'kind':'per-second','price':'0.05'}") + ","
      + offer("c", "'text-to-video'", "'audio':true,'resolutions':['720p']", "{'kind':'per-second','price':'0.04'}") + ","
      + offer("d", "'text-to-video'", "'audio':true", "{'kind':'per-second','price':'0.20'}") + ","
      + offer("e", "'image-to-video'", "'audio':true,'resolutions':['1080p']", "{'kind':'per-second','price':'0.01'}")
      + "]}").replace('\'', '"'), "test.json");

  private static Request video(String resolution, boolean audio) {
    return Request.builder(Task.TEXT_TO_VIDEO).prompt("rain").duration(Duration.ofSeconds(5))
        .resolution(resolution).audio(audio).build();
  }

  private static List<String> providers(List<Offer> offers) {
    return offers.stream().map(Offer::provider).collect(Collectors.toList());
  }

  @Test
  void weighsOnlyOffersWithTheAskedAudioAndResolution() {
    OfferIndex index = new OfferIndex(CATALOG);
    assertEquals(List.of("a", "d"), providers(index.candidates(video("1080p", true))));
    // case aside, as the capability check reads resolutions
    assertEquals(List.of("a", "d"), providers(index.candidates(video("1080P", true))));
    assertEquals(List.of("a", "b", "d"), providers(index.candidates(video("1080p", false))));
    assertEquals(List.of("a", "c", "d"), providers(index.candidates(video("720p", true))));
    // a resolution no offer lists: only the offer that lists none may serve it
    assertEquals(List.of("d"), providers(index.candidates(video("480p", false))));
  }

  @Test
  void thePlanQuotesWhatBruteForceWouldAndExplainsTheRest() {
    Selector selector = Selector.builder().catalog(CATALOG).build();
    Plan plan = selector.plan(video("1080p", true));
    // a: 5 s × 0.10 = 0.50; d: 5 s × 0.20 = 1.00
    assertEquals(List.of("a", "d"), plan.quotes().stream().map(Quote::provider).collect(Collectors.toList()));
    assertEquals(Money.usd("0.50"), plan.quotes().get(0).estimate().get());
    assertEquals(Money.usd("1.00"), plan.quotes().get(1).estimate().get());
    List<String> why = plan.excluded().stream()
        .map(e -> e.offer().provider() + ": " + e.reason() + " " + e.detail()).collect(Collectors.toList());
    assertEquals(List.of("b: CAPABILITY_MISSING audio not offered",
        "c: CAPABILITY_MISSING resolution 1080p not offered"), why);
  }
}
