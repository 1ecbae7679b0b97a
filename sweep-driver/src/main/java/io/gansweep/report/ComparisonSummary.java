package io.gansweep.report;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.SweepComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code gansweep compare} concluded, for people and machines: {@code summary.md} beside the
 * later sweep's report, and the JSON body a nightly's {@code --notify URL} receives.
 *
 * @param status the outcome
 * @param exitCode the exit status compare returns for it
 * @param before the earlier sweep's id (or the name asked for, when there is none)
 * @param after the later sweep's id (or the name asked for)
 * @param message one line saying what happened
 * @param result the comparison, null when there was none (no earlier sweep, invalid input, a failure)
 * @param report the later sweep's report.html, null when unknown
 */
public record ComparisonSummary(Status status, int exitCode, String before, String after, String message,
    SweepComparison.Result result, String report) {

  /** Compare's outcomes; the wire name is lower case ({@code nothing_comparable}). */
  public enum Status {
    /** Compared; nothing regressed. */
    OK,
    /** Compared; a configuration newly fails or its median distance got worse beyond seed noise. */
    REGRESSED,
    /** The sweeps share no configuration (e.g. the spec was edited): nothing could be compared. */
    NOTHING_COMPARABLE,
    /** No earlier sweep to compare with (a nightly's first night): nothing was compared. */
    NO_EARLIER_SWEEP,
    /** A or B could not be found or used. */
    INVALID_INPUT,
    /** The comparison failed at run time. */
    FAILED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Changes listed in the summary and the JSON, most severe first (as the console lists them). */
  public static final int LISTED = 15;

  /** The changes worth listing: all but unchanged, at most {@link #LISTED}. */
  public List<SweepComparison.ConfigChange> listed() {
    return result == null ? List.of() : result.changes().stream().filter(c -> c.change() != SweepComparison.Change.UNCHANGED)
        .limit(LISTED).toList();
  }

  /** summary.md: the outcome, the counts and the listed changes, in Markdown. */
  public String markdown() {
    StringBuilder m = new StringBuilder("# gansweep compare: ").append(md(before)).append(" \u2192 ").append(md(after)).append("\n\n");
    m.append("**").append(status.wireName()).append("** (exit ").append(exitCode).append("): ").append(md(message)).append("\n");
    if (result != null) {
      m.append("\n").append(result.changes().size()).append(" configurations in both, ").append(result.onlyBefore())
          .append(" only before, ").append(result.onlyAfter()).append(" only after.\n\n| change | configurations |\n| --- | ---: |\n");
      for (SweepComparison.Change c : SweepComparison.Change.values()) {
        m.append("| ").append(c.name().toLowerCase(Locale.ROOT)).append(" | ").append(result.count(c)).append(" |\n");
      }
      if (!listed().isEmpty()) {
        m.append("\n| change | config_id | params | label | median distance |\n| --- | --- | --- | --- | --- |\n");
        for (SweepComparison.ConfigChange c : listed()) {
          m.append("| ").append(c.change().name().toLowerCase(Locale.ROOT)).append(" | ").append(c.configId()).append(" | ")
              .append(md(ConfigSummary.paramsText(c.params()))).append(" | ").append(c.before().label()).append(" \u2192 ")
              .append(c.after().label()).append(" | ").append(ConfigSummary.format(c.before().medianQuality())).append(" \u2192 ")
              .append(ConfigSummary.format(c.after().medianQuality())).append(" |\n");
        }
      }
    }
    if (report != null) {
      m.append("\nReport: [report.html](report.html)\n");
    }
    return m.toString();
  }

  /** The JSON body of a notification: status, exit code, sweeps, message, counts and listed changes. */
  public String json() {
    StringBuilder j = new StringBuilder("{");
    field(j, "status", status.wireName()).append(',');
    j.append("\"exit_code\":").append(exitCode).append(',');
    field(j, "before", before).append(',');
    field(j, "after", after).append(',');
    field(j, "message", message).append(',');
    field(j, "report", report);
    if (result != null) {
      j.append(",\"in_both\":").append(result.changes().size()).append(",\"only_before\":").append(result.onlyBefore())
          .append(",\"only_after\":").append(result.onlyAfter()).append(",\"counts\":{");
      List<String> counts = new ArrayList<>();
      for (SweepComparison.Change c : SweepComparison.Change.values()) {
        counts.add(quote(c.name().toLowerCase(Locale.ROOT)) + ":" + result.count(c));
      }
      j.append(String.join(",", counts)).append("},\"changes\":[");
      List<String> changes = new ArrayList<>();
      for (SweepComparison.ConfigChange c : listed()) {
        StringBuilder o = new StringBuilder("{");
        field(o, "change", c.change().name().toLowerCase(Locale.ROOT)).append(',');
        field(o, "config_id", c.configId()).append(',');
        field(o, "params", ConfigSummary.paramsText(c.params())).append(',');
        field(o, "label_before", c.before().label()).append(',');
        field(o, "label_after", c.after().label()).append(',');
        field(o, "median_before", ConfigSummary.format(c.before().medianQuality())).append(',');
        field(o, "median_after", ConfigSummary.format(c.after().medianQuality()));
        changes.add(o.append('}').toString());
      }
      j.append(String.join(",", changes)).append(']');
    }
    return j.append("}").toString();
  }

  private static StringBuilder field(StringBuilder b, String name, String value) {
    return b.append(quote(name)).append(':').append(value == null ? "null" : quote(value));
  }

  /** A JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
  static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) {
            q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  /** Text in a Markdown table cell or line: pipes escaped, line breaks as spaces. */
  private static String md(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace('\n', ' ');
  }
}
