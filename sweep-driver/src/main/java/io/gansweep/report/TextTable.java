package io.gansweep.report;

import java.io.PrintWriter;
import java.util.List;

/** Left-aligned plain-text columns, two spaces apart. */
public final class TextTable {

  private TextTable() {}

  public static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    line(out, header, width);
    for (List<String> r : rows) {
      line(out, r, width);
    }
  }

  /** {@code s} cut to {@code max} characters, ending in "..." when cut. */
  public static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  private static void line(PrintWriter out, List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        sb.append("  ");
      }
      sb.append(cells.get(c));
      if (c < cells.size() - 1) {
        sb.append(" ".repeat(width[c] - cells.get(c).length()));
      }
    }
    out.println(sb);
  }
}
