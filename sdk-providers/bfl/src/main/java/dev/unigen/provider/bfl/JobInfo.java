package dev.unigen.provider.bfl;

import dev.unigen.request.Size;
import dev.unigen.spi.JobRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a BFL task's output needs beyond the status answer, which repeats none of it: the endpoint,
 * the size and format asked for, the input images sent, and the cost and megapixels BFL reported
 * at submit. It travels in the {@link dev.unigen.spi.JobRef}'s attributes, so a job resumed after
 * a restart is priced the same; it never holds the key. {@code size} is null when BFL picks it
 * (aspect-ratio endpoints, edits without a size), {@code cost} and the megapixels when BFL did not
 * report them. Immutable.
 */
record JobInfo(String endpoint, Size size, String format, BigDecimal cost, BigDecimal inputMegapixels,
    BigDecimal outputMegapixels, int inputs, List<Size> inputSizes, List<String> warnings) {
  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String FORMAT = "format";
  static final String COST = "cost";
  static final String INPUT_MP = "inputMp";
  static final String OUTPUT_MP = "outputMp";
  static final String INPUTS = "inputs";
  static final String INPUT_SIZES = "inputSizes";
  static final String WARNINGS = "warnings";

  JobInfo {
    inputSizes = List.copyOf(inputSizes);
    warnings = List.copyOf(warnings);
  }

  /** The attributes of a job ref. */
  Map<String, String> attributes() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(JobRef.ENDPOINT, endpoint);
    if (size != null) {
      a.put(WIDTH, Integer.toString(size.width()));
      a.put(HEIGHT, Integer.toString(size.height()));
    }
    a.put(FORMAT, format);
    if (cost != null) a.put(COST, cost.toPlainString());
    if (inputMegapixels != null) a.put(INPUT_MP, inputMegapixels.toPlainString());
    if (outputMegapixels != null) a.put(OUTPUT_MP, outputMegapixels.toPlainString());
    a.put(INPUTS, Integer.toString(inputs));
    if (!inputSizes.isEmpty()) {
      List<String> sizes = new ArrayList<>();
      for (Size s : inputSizes) sizes.add(s.width() + "x" + s.height());
      a.put(INPUT_SIZES, String.join(",", sizes));
    }
    if (!warnings.isEmpty()) a.put(WARNINGS, String.join("\n", warnings));
    return a;
  }

  /**
   * Reads the attributes of a job ref; values that do not parse are dropped rather than failing
   * the job, since the output can still be returned without them.
   */
  static JobInfo from(Map<String, String> a) {
    Size size = null;
    try {
      if (a.containsKey(WIDTH) && a.containsKey(HEIGHT)) {
        size = Size.of(Integer.parseInt(a.get(WIDTH)), Integer.parseInt(a.get(HEIGHT)));
      }
    } catch (IllegalArgumentException e) {
      size = null;
    }
    List<Size> inputSizes = new ArrayList<>();
    String sizes = a.get(INPUT_SIZES);
    if (sizes != null && !sizes.isBlank()) {
      for (String s : sizes.split(",")) {
        try {
          inputSizes.add(Size.parse(s.trim()));
        } catch (IllegalArgumentException e) {
          // dropped: the reported input megapixels are preferred anyway
        }
      }
    }
    int inputs;
    try {
      inputs = Integer.parseInt(a.getOrDefault(INPUTS, "0"));
    } catch (NumberFormatException e) {
      inputs = 0;
    }
    String w = a.get(WARNINGS);
    String endpoint = a.getOrDefault(JobRef.ENDPOINT, "");
    return new JobInfo(endpoint, size, a.getOrDefault(FORMAT, Family.of(endpoint).defaultFormat()),
        decimal(a.get(COST)), decimal(a.get(INPUT_MP)), decimal(a.get(OUTPUT_MP)), inputs, inputSizes,
        w == null || w.isEmpty() ? List.of() : List.of(w.split("\n")));
  }

  private static BigDecimal decimal(String s) {
    if (s == null) return null;
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
