package dev.unigen.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The HTML both reports share: a page with its own styles and a content security policy that
 * forbids scripts and every fetch, and horizontal bar charts drawn as inline SVG. Bar lengths are
 * worked out in {@link BigDecimal} like every amount; nothing here touches a {@code double}.
 */
final class Html {
  static final String BLUE = "#3b6ea5";
  static final String LIGHT_BLUE = "#a9c6e8";
  static final String ORANGE = "#e08a2c";
  static final String RED = "#b42318";
  static final String GREY = "#6b7280";

  private static final int WIDTH = 900;
  private static final int LABEL = 300;
  private static final int BARS = 440;
  private static final int ROW = 26;
  private static final int BAR = 16;
  private static final int LABEL_CHARS = 40;

  private Html() {}

  /** One bar: a label, segments drawn end to end (value and colour), and the text after the bar. */
  static final class Bar {
    final String label;
    final List<BigDecimal> values;
    final List<String> colours;
    final String text;
    final boolean missing;

    private Bar(String label, List<BigDecimal> values, List<String> colours, String text, boolean missing) {
      this.label = label;
      this.values = values;
      this.colours = colours;
      this.text = text;
      this.missing = missing;
    }

    static Bar of(String label, BigDecimal value, String colour, String text) {
      return new Bar(label, List.of(value), List.of(colour), text, false);
    }

    static Bar stacked(String label, List<BigDecimal> values, List<String> colours, String text) {
      return new Bar(label, values, colours, text, false);
    }

    /** A row with no bar, such as a line no provider can serve. */
    static Bar missing(String label, String text) {
      return new Bar(label, List.of(), List.of(), text, true);
    }

    BigDecimal length() {
      BigDecimal sum = BigDecimal.ZERO;
      for (BigDecimal v : values) sum = sum.add(v.max(BigDecimal.ZERO));
      return sum;
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&': b.append("&amp;"); break;
        case '<': b.append("&lt;"); break;
        case '>': b.append("&gt;"); break;
        case '"': b.append("&quot;"); break;
        case '\'': b.append("&#39;"); break;
        default: b.append(c);
      }
    }
    return b.toString();
  }

  /** An id for {@code key} usable in a fragment link: letters and digits kept, anything else {@code -}. */
  static String anchor(String key) {
    return "src-" + key.replaceAll("[^A-Za-z0-9]", "-");
  }

  /** {@code text} escaped, as a link when it is an http(s) URL. */
  static String link(String text) {
    if (!text.startsWith("https://") && !text.startsWith("http://")) return escape(text);
    return "<a href=\"" + escape(text) + "\" rel=\"noreferrer\">" + escape(text) + "</a>";
  }

  /** Opens the page: its head and styles, then {@code title} as the heading and {@code subtitle} under it. */
  static void open(StringBuilder out, String title, String subtitle) {
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // The page may load nothing and run nothing: only its own inline styles apply.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2937;margin:0;background:#fff}\n")
        .append("main{max-width:1100px;margin:0 auto;padding:24px 32px 48px}\n")
        .append("h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 6px;padding-top:14px;border-top:2px solid #e5e7eb}\n")
        .append("h3{font-size:15px;margin:20px 0 6px}p{margin:4px 0}\n")
        .append(".muted{color:").append(GREY).append("}.neg{color:").append(RED).append("}\n")
        .append("table{border-collapse:collapse;margin:8px 0 4px;font-size:13px}\n")
        .append("th,td{padding:4px 10px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}\n")
        .append("th{background:#f3f4f6;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n")
        .append("tr.total td{font-weight:700;border-top:2px solid #9ca3af}\n")
        .append(".cards{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}\n")
        .append(".card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px;min-width:200px}\n")
        .append(".card b{display:block;font-size:20px;font-variant-numeric:tabular-nums}\n")
        .append(".warn{background:#fef3f2;border-left:4px solid ").append(RED).append(";padding:8px 12px;margin:10px 0;font-size:13px}\n")
        .append(".note{background:#fffbeb;border-left:4px solid #d97706;padding:8px 12px;margin:10px 0;font-size:13px}\n")
        .append(".legend{font-size:13px;margin:6px 0}.legend i{display:inline-block;width:12px;height:12px;margin:0 4px -1px 12px;border-radius:2px}\n")
        .append("svg{display:block;margin:6px 0 10px;max-width:100%;height:auto}\n")
        .append("footer{margin-top:40px;font-size:12px;color:").append(GREY).append("}\n")
        .append("a{color:#1d4ed8}td.d{white-space:nowrap}td.src{overflow-wrap:anywhere}td a[href^=\"#\"]{white-space:nowrap}\n")
        .append(".card b{white-space:nowrap}.chart.narrow{display:none}\n")
        .append(".badge{display:inline-block;font-size:11px;line-height:15px;padding:0 5px;border:1px solid #d97706;")
        .append("border-radius:8px;color:#92400e;background:#fffbeb;white-space:nowrap}.nw{white-space:nowrap}\n")
        // On a phone a wide table scrolls on its own instead of widening the page.
        .append("@media (max-width:700px){main{padding:12px 10px 32px}h1{font-size:21px}")
        .append("table{display:block;overflow-x:auto;max-width:100%}th,td{padding:3px 6px;white-space:nowrap}")
        .append("td.w{white-space:normal;min-width:220px}td.src{white-space:normal;min-width:200px}")
        .append(".card{min-width:0;flex:1 1 140px;padding:8px 10px}.card b{font-size:17px}.card span{font-size:13px}.chart.wide{display:none}.chart.narrow{display:block}}\n")
        .append("@media print{main{max-width:none;padding:0}h2{break-after:avoid}tr,.card,svg,.warn,.note{break-inside:avoid}")
        .append(".chart.wide{display:block}.chart.narrow{display:none}")
        .append("table{font-size:11px}th,td{padding:2px 6px}tr:first-child{break-after:avoid}footer{break-before:avoid}")
        .append("th,.warn,.note{background:none}a{color:inherit;text-decoration:none}}\n")
        .append("</style>\n</head>\n<body>\n<main>\n")
        .append("<h1>").append(escape(title)).append("</h1>\n<p class=\"muted\">").append(keepDates(escape(subtitle))).append("</p>\n");
  }

  /** Escaped text with each date or instant ({@code 2026-12-01T00:00:00Z}) kept on one line. */
  static String keepDates(String escaped) {
    return escaped.replaceAll("\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z)?", "<span class=\"nw\">$0</span>");
  }

  /** Closes the page with {@code footer} in small print. */
  static void close(StringBuilder out, String footer) {
    out.append("<footer>").append(escape(footer)).append("</footer>\n</main>\n</body>\n</html>\n");
  }

  /** A legend of coloured swatches: pairs of colour and name. */
  static void legend(StringBuilder out, String... colourThenName) {
    out.append("<p class=\"legend\">");
    for (int i = 0; i < colourThenName.length; i += 2) {
      out.append("<span class=\"nw\"><i style=\"background:").append(colourThenName[i]).append("\"></i>")
          .append(escape(colourThenName[i + 1])).append("</span>");
    }
    out.append("</p>\n");
  }

  /**
   * A horizontal bar chart: one row per bar, lengths to the scale of {@code max}; with a
   * {@code markerLabel}, a dashed vertical line at {@code marker} (such as the revenue). Drawn
   * twice: wide, labels beside the bars, for a screen or paper; and narrow, each label above its
   * bar, for a phone, where the wide one would shrink its text past reading. The styles show one.
   */
  static void barChart(StringBuilder out, String caption, List<Bar> bars, BigDecimal max, BigDecimal marker,
      String markerLabel) {
    out.append("<div class=\"chart wide\">\n");
    chart(out, WIDE, caption, bars, max, marker, markerLabel);
    out.append("</div>\n<div class=\"chart narrow\">\n");
    chart(out, NARROW, caption, bars, max, marker, markerLabel);
    out.append("</div>\n");
  }

  /**
   * Where a chart puts things: its width, the label column (0: labels above the bars), the bar
   * area, a row's height and the longest label before it is cut (the whole label is its tooltip).
   */
  private record Layout(int width, int label, int bars, int row, int labelChars) {
    boolean above() {
      return label == 0;
    }
  }

  private static final Layout WIDE = new Layout(WIDTH, LABEL, BARS, ROW, LABEL_CHARS);
  private static final Layout NARROW = new Layout(370, 0, 230, 36, 52);

  private static void chart(StringBuilder out, Layout at, String caption, List<Bar> bars, BigDecimal max,
      BigDecimal marker, String markerLabel) {
    int top = marker != null ? 24 : 6;
    int height = top + bars.size() * at.row() + 6;
    int x0 = at.above() ? 2 : at.label();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(at.width()).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(at.width()).append(' ').append(height)
        .append("\" font-family=\"system-ui,sans-serif\" font-size=\"13\"><title>").append(escape(caption)).append("</title>\n");
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = top + i * at.row();
      String label = b.label.length() > at.labelChars() ? b.label.substring(0, at.labelChars() - 1) + "…" : b.label;
      if (at.above()) {
        out.append("<text x=\"").append(x0).append("\" y=\"").append(y + 12).append("\">");
        y += 16; // the bar and its figure go under the label
      } else {
        out.append("<text x=\"").append(at.label() - 10).append("\" y=\"").append(y + 13).append("\" text-anchor=\"end\">");
      }
      out.append("<title>").append(escape(b.label)).append("</title>").append(escape(label)).append("</text>\n");
      if (b.missing) {
        out.append("<text x=\"").append(x0 + 4).append("\" y=\"").append(y + 13).append("\" fill=\"").append(RED)
            .append("\" font-style=\"italic\">").append(escape(b.text)).append("</text>\n");
        continue;
      }
      int x = x0;
      for (int s = 0; s < b.values.size(); s++) {
        int w = scale(b.values.get(s).max(BigDecimal.ZERO), max, at.bars());
        if (w == 0 && b.values.get(s).signum() > 0) w = 1; // a sliver, so a small amount is still seen
        if (w > 0) {
          out.append("<rect x=\"").append(x).append("\" y=\"").append(y + 1).append("\" width=\"").append(w)
              .append("\" height=\"").append(at.above() ? 12 : BAR).append("\" fill=\"").append(b.colours.get(s)).append("\"/>\n");
        }
        x += w;
      }
      // On a phone the figure goes inside the bar's row at the right when the bar leaves no room.
      String text = at.above() ? shortText(b.text) : b.text;
      out.append("<text x=\"").append(x + 6).append("\" y=\"").append(y + (at.above() ? 11 : 13)).append("\"")
          .append(at.above() ? " font-size=\"12\"" : "").append(">").append(escape(text)).append("</text>\n");
    }
    if (marker != null) {
      int x = x0 + scale(marker, max, at.bars());
      out.append("<line x1=\"").append(x).append("\" y1=\"").append(top - 6).append("\" x2=\"").append(x)
          .append("\" y2=\"").append(height - 2).append("\" stroke=\"").append(RED)
          .append("\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n")
          .append("<text x=\"").append(x).append("\" y=\"").append(top - 10).append("\" text-anchor=\"")
          .append(at.above() ? "end" : "middle").append("\" fill=\"").append(RED).append("\">").append(escape(markerLabel))
          .append("</text>\n");
    }
    out.append("</svg>\n");
  }

  /** The figure after a narrow chart's bar: the amount alone, without what follows {@code ·}. */
  private static String shortText(String text) {
    int dot = text.indexOf(" · ");
    return dot < 0 ? text : text.substring(0, dot);
  }

  /** {@code value / max} of the bar area, in whole pixels. */
  private static int scale(BigDecimal value, BigDecimal max, int bars) {
    if (max.signum() <= 0) return 0;
    return value.multiply(BigDecimal.valueOf(bars)).divide(max, 0, RoundingMode.HALF_EVEN).min(BigDecimal.valueOf(bars))
        .intValue();
  }
}
