package dev.unigen.pricing;

import static dev.unigen.pricing.Rules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid rules fail with the path of the offending field. */
class PriceRuleFormatTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'kind':'per-pixel','price':'1'}|$.kind: unknown rule kind 'per-pixel'; known: compute-seconds, input-output-seconds, per-clip, per-image, per-megapixel, per-request, per-second, per-step, storage, tiered-megapixel, tokens, video-megapixel",
      "{'price':'1'}|$.kind: is required",
      "{'kind':'per-image','prize':'1'}|$.price: give either price or prices",
      "{'kind':'per-image','price':'1','prize':'1'}|$.prize: unknown field (did you mean 'price'?)",
      "{'kind':'per-image','price':'-1'}|$.price: must not be negative",
      "{'kind':'per-image','price':'abc'}|$.price: not a decimal number: 'abc'",
      "{'kind':'per-megapixel','price':'1','megapixelBase':1000}|$.megapixelBase: must be 1000000 or 1048576, was 1000",
      "{'kind':'per-megapixel','price':'1','rounding':'down'}|$.rounding: must be 'none' or 'up', was 'down'",
      "{'kind':'per-image','price':'1','currency':'XYZ1'}|$.currency: unknown currency 'XYZ1'",
      "{'kind':'per-image','price':'1','addOns':{'perLorra':'1'}}|$.addOns.perLorra: unknown field (did you mean 'perLora'?)",
      "{'kind':'per-second','rates':[{'resolution':'720p'}]}|$.rates[0].price: is required",
      "{'kind':'per-second','rates':[{'price':'1','resolutoin':'720p'}]}|$.rates[0].resolutoin: unknown field (did you mean 'resolution'?)",
      "{'kind':'per-step','buckets':[{'price':'2'},{'maxSteps':5,'price':'4'}]}|$.buckets[0].maxSteps: only the last bucket may be open",
      "{'kind':'per-image','prices':[{'size':'1024','price':'1'}]}|$.prices[0].size: not a WxH size: 1024",
      "{'kind':'tokens'}|$.perMillion: is required",
      "{'kind':'video-megapixel','price':'1'}|$.defaultFps: is required",
      // a key a rule never compares would silently match anything
      "{'kind':'per-second','rates':[{'size':'1920x1080','price':'1'}]}|$.rates[0].size: is not a key of this rule; keys: audio, resolution, voiceControl",
      "{'kind':'per-image','prices':[{'audio':true,'price':'1'}]}|$.prices[0].audio: is not a key of this rule; keys: quality, resolution, size",
      "{'kind':'tokens','perMillion':{'imageOutput':'1'},'outputTokensPerImage':[{'tokens':10.5}]}|$.outputTokensPerImage[0].tokens: expected a whole number",
      "{'kind':'tokens','perMillion':{'imageOutput':'1'},'inputTokensPerImage':-5}|$.inputTokensPerImage: must not be negative",
      "{'kind':'per-step','buckets':[]}|$.buckets: needs at least one bucket",
  })
  void rejectsWithThePath(String json, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rule(json));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'kind':'per-image','price':0.04}",
      "{'kind':'per-image','price':'0.04'}",
  })
  void numbersAndDecimalStringsAreBothExact(String json) {
    assertEquals(dev.unigen.money.Money.usd("0.04"), rule(json).estimate(Rules.image(1, 1).build()));
  }
}
