package dev.unigen.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.request.Request;
import dev.unigen.request.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A clip is priced by the shortest bucket that holds it, among the entries of its resolution and
 * audio, else by an entry without a length; buckets given in whole milliseconds or not.
 */
class ClipTableTest {
  private static List<String> costs(String clips, String resolution, boolean audio, long... millis) {
    PriceRule rule = PriceRule.fromJson(("{'kind':'per-clip','clips':[" + clips + "]}").replace('\'', '"'));
    List<String> out = new ArrayList<>();
    for (long ms : millis) {
      Request r = Request.builder(Task.TEXT_TO_VIDEO).prompt("rain").duration(Duration.ofMillis(ms))
          .resolution(resolution).audio(audio).build();
      try {
        out.add(rule.estimate(r).amount().toPlainString());
      } catch (PricingException e) {
        out.add(e.getMessage());
      }
    }
    return out;
  }

  private static final String TABLE = "{'resolution':'720p','seconds':10,'price':'0.80'},"
      + "{'resolution':'720p','seconds':5,'price':'0.40'},{'resolution':'1080p','seconds':5,'price':'0.60'},"
      + "{'resolution':'1080p','audio':true,'seconds':5,'price':'0.90'},{'resolution':'720p','seconds':5,'price':'0.45'},"
      + "{'resolution':'720p','price':'2.00'}";

  @Test
  void theShortestBucketThatHoldsTheClipAndTheFirstOfEqualOnes() {
    assertEquals(List.of("0.40", "0.40", "0.80", "0.80", "2.00"), costs(TABLE, "720P", false, 1000, 5000, 5001, 10000, 10001));
    // an entry without an audio key serves either, and comes first here
    assertEquals(List.of("0.60", "0.60", "no clip price for 6 s 1080p with audio"),
        List.of(costs(TABLE, "1080p", false, 5000).get(0), costs(TABLE, "1080p", true, 5000).get(0),
            costs(TABLE, "1080p", true, 6000).get(0)));
  }

  @Test
  void bucketsBetweenMilliseconds() {
    String table = "{'seconds':10,'price':'0.80'},{'seconds':5.0005,'price':'0.50'}";
    assertEquals(List.of("0.50", "0.50", "0.80", "0.80"), costs(table, "720p", false, 4000, 5000, 5001, 9999));
  }

  private static List<String> baseAndExtra(String baseSeconds, long... millis) {
    PriceRule rule = PriceRule.fromJson(("{'kind':'per-clip','base':'0.40','baseSeconds':" + baseSeconds
        + ",'extraSecond':'0.08'}").replace('\'', '"'));
    List<String> out = new ArrayList<>();
    for (long ms : millis) {
      Request r = Request.builder(Task.TEXT_TO_VIDEO).prompt("rain").duration(Duration.ofMillis(ms)).build();
      out.add(rule.estimate(r).amount().toPlainString());
    }
    return out;
  }

  @Test
  void aBaseClipPlusExtraSecondsKeepsTheScaleOfItsArithmetic() {
    // shorter: 0.40 + 0 × 0.08; as long: 0.40 + 0.000 × 0.08; longer: 0.40 + 1.500 × 0.08
    assertEquals(List.of("0.40", "0.40000", "0.52000"), baseAndExtra("5", 3000, 5000, 6500));
    assertEquals(List.of("0.40", "0.40000", "0.44000"), baseAndExtra("5.5", 5000, 5500, 6000));
    // a base length finer than milliseconds: 5 s is shorter, 5.001 s is 0.0005 s longer
    assertEquals(List.of("0.40", "0.400040"), baseAndExtra("5.0005", 5000, 5001));
  }
}
