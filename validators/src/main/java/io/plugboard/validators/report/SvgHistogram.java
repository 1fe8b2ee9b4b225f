package io.plugboard.validators.report;

import java.util.List;
import java.util.Locale;

/** Draws a small inline SVG histogram of a series of numbers. Stateless. */
final class SvgHistogram {
  private static final int W = 320;
  private static final int H = 140;
  private static final int BINS = 10;

  private SvgHistogram() {}

  static String render(String title, List<Double> values, String unit) {
    List<Double> finite = values.stream().filter(Double::isFinite).toList();
    StringBuilder b = new StringBuilder();
    b.append("<figure class=\"hist\" data-series=\"").append(Html.esc(title)).append("\">");
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H + 30)
        .append("\" role=\"img\" aria-label=\"").append(Html.esc(title + " histogram")).append("\">");
    if (finite.isEmpty()) {
      b.append("<text x=\"10\" y=\"20\">no finite values</text></svg>");
    } else {
      double min = finite.stream().mapToDouble(d -> d).min().orElse(0);
      double max = finite.stream().mapToDouble(d -> d).max().orElse(0);
      double width = max > min ? (max - min) / BINS : 1;
      int[] counts = new int[BINS];
      for (double v : finite) {
        int i = max > min ? (int) Math.min(BINS - 1, Math.floor((v - min) / width)) : 0;
        counts[i]++;
      }
      int top = 1;
      for (int c : counts) top = Math.max(top, c);
      int bw = (W - 20) / BINS;
      for (int i = 0; i < BINS; i++) {
        int h = (int) Math.round((double) counts[i] / top * (H - 10));
        b.append("<rect class=\"bar\" x=\"").append(10 + i * bw).append("\" y=\"").append(H - h)
            .append("\" width=\"").append(bw - 2).append("\" height=\"").append(h).append("\"><title>")
            .append(counts[i]).append(" in [").append(fmt(min + i * width)).append(", ")
            .append(fmt(min + (i + 1) * width)).append(")</title></rect>");
      }
      b.append("<line x1=\"10\" y1=\"").append(H).append("\" x2=\"").append(W - 10).append("\" y2=\"").append(H)
          .append("\" stroke=\"#555\"/>");
      b.append("<text x=\"10\" y=\"").append(H + 16).append("\">").append(fmt(min)).append("</text>");
      b.append("<text x=\"").append(W - 10).append("\" y=\"").append(H + 16).append("\" text-anchor=\"end\">")
          .append(fmt(max)).append(Html.esc(unit)).append("</text>");
    }
    b.append("</svg><figcaption>").append(Html.esc(title)).append(" (n=").append(values.size());
    if (finite.size() != values.size()) b.append(", ").append(values.size() - finite.size()).append(" non-finite");
    b.append(")</figcaption></figure>");
    return b.toString();
  }

  static String fmt(double d) {
    return Math.abs(d) >= 100 || d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d)
        : String.format(Locale.ROOT, "%.3g", d);
  }
}
