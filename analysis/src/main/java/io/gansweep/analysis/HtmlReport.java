package io.gansweep.analysis;

import io.gansweep.data.Mixture;
import io.gansweep.trial.Numbers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code report.html}: one self-contained page that opens offline. The page holds the sweep as one
 * JSON blob ({@code <script type="application/json" id="report-data">}) and a script that renders
 * it: the ranking (sortable, filtered by label, rank groups as "1–2"), parallel coordinates of the
 * swept hyperparameters against the median distance, the stability score and the label, heatmaps
 * over pairs of axes, labels, importance, the best-of-budget curve and the rungs; a click on a
 * configuration opens its detail (every seed's generated points or sample grids, losses, quality
 * over steps), drawn only then, so a page of 10,000 trials opens fast. The charts are Vega-Lite
 * specifications drawn by the vendored Vega, Vega-Lite and vega-embed builds
 * ({@code report/VENDORED.txt}, {@code analysis/tools/vendor-charts.sh}), inlined at write time;
 * docs/guide/report.md says why that library.
 *
 * <p>Everything user-written (description, spec text, paths, categorical values, ids) reaches the
 * page either escaped as HTML text ({@link #esc}) or inside the JSON blob, where {@link #json}
 * writes {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \}{@code u} escapes so no
 * text can close the script element; the script puts it on the page as text nodes only.
 */
public final class HtmlReport {

  /**
   * Trials whose curves, generated points and sample grids the page embeds: the configurations of
   * interest and then the best-ranked ones, until adding the next configuration would exceed this
   * (the other configurations' details show their seeds' labels and final values, and say so).
   */
  public static final int DETAIL_TRIALS = 300;
  /** Points of a trial's loss curve the page keeps (evenly thinned, the last one always kept). */
  static final int CURVE_POINTS = 400;
  /** Generated points of a trial the page keeps. */
  static final int SCATTER_POINTS = 1000;
  static final int MAX_HEATMAPS = 3;

  private HtmlReport() {}

  /**
   * What the page says about the sweep beyond its analysis: notes shown first (a partial sweep),
   * the spec's description and text, the fixed hyperparameter values and the versions that ran it.
   */
  public record Context(List<String> notes, String description, String specText, Map<String, String> fixed,
      Map<String, String> versions, List<LineageRows.Row> lineage) {
    public static final Context EMPTY = new Context(List.of(), null, null, Map.of(), Map.of());

    /** A context without a lineage (every method but pbt). */
    public Context(List<String> notes, String description, String specText, Map<String, String> fixed, Map<String, String> versions) {
      this(notes, description, specText, fixed, versions, List.of());
    }

    public Context {
      notes = List.copyOf(notes);
      lineage = lineage == null ? List.of() : List.copyOf(lineage);
      fixed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
      versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** This context with {@code note} shown first. */
    public Context withNote(String note) {
      List<String> n = new ArrayList<>(List.of(note));
      n.addAll(notes);
      return new Context(n, description, specText, fixed, versions, lineage);
    }
  }

  /** The page without sample grids or points. */
  public static String render(SweepAnalysis a, Map<String, byte[]> grids) {
    return render(a, grids, Map.of());
  }

  public static String render(SweepAnalysis a, Map<String, byte[]> grids, Map<String, TrialPoints> points) {
    return render(a, grids, points, Context.EMPTY);
  }

  /**
   * The page; {@code grids} holds the last sample grid (PNG) of image trials by trial id, {@code
   * points} the last evaluation's generated points of 2-D trials by trial id, both for the trials of
   * the {@link #detailedConfigs}; the curves come from the analysis ({@link SweepAnalysis#curves}).
   */
  public static String render(SweepAnalysis a, Map<String, byte[]> grids, Map<String, TrialPoints> points, Context ctx) {
    String title = "gansweep report " + a.sweepId();
    StringBuilder h = new StringBuilder(1 << 20);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").append(esc(title)).append("</title>\n<style>")
        .append(resource("report.css")).append("</style>\n</head>\n<body>\n");
    h.append("<header><h1>gansweep: ").append(esc(a.sweepId())).append("</h1>");
    for (String note : ctx.notes()) {
      h.append("<p class=\"partial\" role=\"alert\">").append(esc(note)).append("</p>");
    }
    h.append("<p id=\"summary\"></p></header>\n");
    h.append("<main id=\"app\"><p id=\"loading\">Rendering the report (it needs JavaScript)…</p></main>\n");
    h.append(BLOB_START).append(data(a, grids, points, ctx)).append("</script>\n");
    for (String lib : List.of("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")) {
      h.append("<script>").append(inline(resource(lib))).append("</script>\n");
    }
    h.append("<script>").append(inline(resource("report.js"))).append("</script>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  /** Where the page's JSON blob starts: the blob runs from here to the next {@code </script>}. */
  static final String BLOB_START = "<script type=\"application/json\" id=\"report-data\">";

  /** The JSON blob of a page {@link #render} wrote (for tests and readers of the report). */
  public static String blobOf(String html) {
    int from = html.indexOf(BLOB_START);
    if (from < 0) {
      throw new IllegalArgumentException("Cannot read report: no data blob (got a page of " + html.length() + " characters; allowed a report.html"
          + " gansweep wrote)");
    }
    from += BLOB_START.length();
    return html.substring(from, html.indexOf("</script>", from));
  }

  /** A vendored or own script as the body of a {@code <script>} element: it must not hold {@code </script}. */
  static String inline(String script) {
    if (script.toLowerCase(Locale.ROOT).contains("</script") || script.contains("<!--")) {
      throw new IllegalStateException("Cannot inline a script: it holds </script or <!-- (got a script of " + script.length()
          + " characters; allowed neither)");
    }
    return script;
  }

  private static final Map<String, String> RESOURCES = new java.util.concurrent.ConcurrentHashMap<>();

  /** A file of {@code io/gansweep/analysis/report/}, read once per JVM. */
  static String resource(String name) {
    return RESOURCES.computeIfAbsent(name, n -> {
      try (InputStream in = HtmlReport.class.getResourceAsStream("report/" + n)) {
        if (in == null) {
          throw new IllegalStateException("Cannot render report: resource report/" + n + " is missing (got none; allowed the files of "
              + "analysis/src/main/resources/io/gansweep/analysis/report)");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * The configurations whose samples the report shows first, each with why: the best group's first,
   * the worst, and the best-ranked configuration of every label present (in ranking order, each
   * once). The first is "best" only when its rank group holds it alone.
   */
  static Map<ConfigSummary, String> configsOfInterest(SweepAnalysis a) {
    Map<ConfigSummary, String> out = new LinkedHashMap<>();
    if (a.ranking().isEmpty()) {
      return out;
    }
    List<ConfigSummary> r = a.ranking();
    ConfigSummary first = r.get(0);
    out.put(first, (first.rankGroup().last() > first.rankGroup().first() ? "in the best group " + first.rankGroup() : "best")
        + " (" + first.label() + ")");
    out.putIfAbsent(r.get(r.size() - 1), "worst (" + r.get(r.size() - 1).label() + ")");
    for (ConfigSummary c : r) {
      boolean seen = out.keySet().stream().anyMatch(o -> o.label().equals(c.label()));
      if (!seen) {
        out.put(c, "best-ranked " + c.label());
      }
    }
    return out;
  }

  /**
   * The configurations whose trials' curves, points and grids the page embeds: those of {@link
   * #configsOfInterest}, then the rest in rank order while their trials fit {@link #DETAIL_TRIALS}.
   */
  public static Set<String> detailedConfigs(SweepAnalysis a) {
    Map<String, Integer> seeds = new HashMap<>();
    a.verdicts().forEach(v -> seeds.merge(v.trial().configId(), 1, Integer::sum));
    Set<String> out = new LinkedHashSet<>();
    int trials = 0;
    for (ConfigSummary c : configsOfInterest(a).keySet()) {
      out.add(c.configId());
      trials += seeds.getOrDefault(c.configId(), 0);
    }
    for (ConfigSummary c : a.ranking()) {
      int n = seeds.getOrDefault(c.configId(), 0);
      if (!out.contains(c.configId())) {
        if (trials + n > DETAIL_TRIALS) {
          break;
        }
        out.add(c.configId());
        trials += n;
      }
    }
    return out;
  }

  /** A configuration as people name it: rank group, id and its swept values in axis order. */
  static String name(SweepAnalysis a, ConfigSummary c) {
    return "#" + c.rankGroup() + " " + c.configId() + " ("
        + a.axes().stream().map(x -> x + " " + ConfigSummary.text(c.params().get(x))).collect(Collectors.joining(", ")) + ")";
  }

  /** The JSON blob the page's script renders (docs/guide/report.md lists its fields). */
  static String data(SweepAnalysis a, Map<String, byte[]> grids, Map<String, TrialPoints> points, Context ctx) {
    Json j = new Json();
    j.open('{');
    j.key("sweep").str(a.sweepId());
    j.key("notes").strings(ctx.notes());
    j.key("description").str(ctx.description());
    j.key("spec").str(ctx.specText());
    j.key("fixed").pairs(ctx.fixed());
    j.key("versions").pairs(ctx.versions());
    j.key("alpha").num(StabilityThresholds.RANK_GROUP_ALPHA);
    j.key("detailTrials").num(DETAIL_TRIALS);
    j.key("labels").open('[');
    for (Label l : Label.values()) {
      j.str(l.wireName());
    }
    j.close(']');
    j.key("axes").open('[');
    for (String axis : a.axes()) {
      List<Object> values = a.ranking().stream().map(c -> c.params().get(axis)).toList();
      j.open('{').key("name").str(axis)
          .key("numeric").bool(values.stream().filter(java.util.Objects::nonNull).allMatch(v -> v instanceof Number))
          .key("order").strings(axisOrder(values)).close('}');
    }
    j.close(']');
    Map<String, Integer> index = new HashMap<>();
    Map<String, List<TrialVerdict>> byConfig = new HashMap<>();
    a.verdicts().forEach(v -> byConfig.computeIfAbsent(v.trial().configId(), k -> new ArrayList<>()).add(v));
    j.key("configs").open('[');
    for (ConfigSummary c : a.ranking()) {
      index.put(c.configId(), index.size());
      j.open('[').num(c.rank()).num(c.rankGroup().first()).num(c.rankGroup().last()).str(c.configId()).open('[');
      for (String axis : a.axes()) {
        j.str(ConfigSummary.text(c.params().get(axis)));
      }
      j.close(']').num(c.seeds()).num(c.stableSeeds()).num(c.score()).num(c.medianQuality()).num(c.iqrQuality())
          .num(c.worstQuality()).num(medianOverSeeds(byConfig.getOrDefault(c.configId(), List.of()), TrialRecord::finalPrecision))
          .num(medianOverSeeds(byConfig.getOrDefault(c.configId(), List.of()), TrialRecord::finalRecall))
          .str(c.label()).str(c.why()).close(']');
    }
    j.close(']');
    Set<String> detailed = detailedConfigs(a);
    j.key("detailed").open('[');
    detailed.forEach(id -> j.num(index.getOrDefault(id, -1)));
    j.close(']');
    j.key("interest").open('[');
    configsOfInterest(a).forEach((c, why) -> j.open('[').num(index.get(c.configId())).str(why).close(']'));
    j.close(']');
    Map<String, Integer> trialIndex = new HashMap<>();
    Map<Label, Integer> counts = new EnumMap<>(Label.class);
    j.key("trials").open('[');
    for (TrialVerdict v : a.verdicts()) {
      TrialRecord t = v.trial();
      trialIndex.put(t.trialId(), trialIndex.size());
      counts.merge(v.label(), 1, Integer::sum);
      j.open('[').str(t.trialId()).num(index.getOrDefault(t.configId(), -1)).str(t.seedName()).str(v.label().wireName())
          .str(t.status().name()).str(v.evidence()).num(t.finalDistance()).num(t.finalPrecision()).num(t.finalRecall())
          .num(t.finalModesCovered() != null ? t.finalModesCovered() : t.finalModes()).str(t.dataset()).close(']');
    }
    j.close(']');
    j.key("counts").open('{');
    counts.forEach((l, n) -> j.key(l.wireName()).num(n));
    j.close('}');
    j.key("curves").open('{');
    for (TrialVerdict v : a.verdicts()) {
      Curve c = a.curves().get(v.trial().trialId());
      if (c == null || !detailed.contains(v.trial().configId())) {
        continue;
      }
      j.key(v.trial().trialId()).open('{');
      int stride = Math.max(1, (c.steps().size() + CURVE_POINTS - 1) / CURVE_POINTS);
      j.key("s").open('[');
      for (int i = 0; i < c.steps().size(); i++) {
        if (i % stride == 0 || i == c.steps().size() - 1) {
          j.num(c.steps().get(i));
        }
      }
      j.close(']');
      for (String series : List.of("d", "g")) {
        List<Double> ys = series.equals("d") ? c.dLoss() : c.gLoss();
        j.key(series).open('[');
        for (int i = 0; i < ys.size(); i++) {
          if (i % stride == 0 || i == ys.size() - 1) {
            j.num4(ys.get(i));
          }
        }
        j.close(']');
      }
      j.key("e").open('[');
      c.evalSteps().forEach(j::num);
      j.close(']').key("q").open('[');
      c.distance().forEach(j::num4);
      j.close(']').close('}');
    }
    j.close('}');
    j.key("points").open('{');
    Map<String, Mixture> datasets = new LinkedHashMap<>();
    for (TrialVerdict v : a.verdicts()) {
      TrialPoints p = points.get(v.trial().trialId());
      if (p == null || !detailed.contains(v.trial().configId())) {
        continue;
      }
      Mixture.find(v.trial().dataset()).ifPresent(m -> datasets.putIfAbsent(v.trial().dataset(), m));
      double[] xy = p.xy();
      int n = xy.length / 2;
      int stride = Math.max(1, (n + SCATTER_POINTS - 1) / SCATTER_POINTS);
      j.key(v.trial().trialId()).open('{').key("step").num(p.step()).key("n").num(n).key("xy").open('[');
      for (int i = 0; i < n; i += stride) {
        j.num4(xy[2 * i]).num4(xy[2 * i + 1]);
      }
      j.close(']').close('}');
    }
    j.close('}');
    j.key("modes").open('{');
    datasets.forEach((name, m) -> {
      j.key(name).open('[');
      m.means().forEach(xy -> j.num4(xy[0]).num4(xy[1]));
      j.close(']');
    });
    j.close('}');
    j.key("grids").open('{');
    for (TrialVerdict v : a.verdicts()) {
      byte[] png = grids.get(v.trial().trialId());
      if (png != null && detailed.contains(v.trial().configId())) {
        j.key(v.trial().trialId()).str(Base64.getEncoder().encodeToString(png));
      }
    }
    j.close('}');
    j.key("importance").open('[');
    a.importance().forEach(f -> j.open('[').str(f.parameter()).num(f.etaSquared()).close(']'));
    j.close(']');
    j.key("budget").open('[');
    a.budget().forEach(p -> j.open('[').num(p.trials()).num(p.expectedBest()).close(']'));
    j.close(']');
    j.key("rungs").open('[');
    for (SweepAnalysis.RungPoint p : a.rungs()) {
      Integer t = trialIndex.get(p.trialId());
      if (t != null && p.quality() != null && Double.isFinite(p.quality()) && p.quality() > 0) {
        j.open('[').num(t).num(p.rounds()).num4(p.quality()).close(']');
      }
    }
    j.close(']');
    j.key("screened").strings(a.screened());
    j.key("lineage").open('['); // pbt: [generation, member, step_from, step_to, parent_member, action, fitness, median distance, params, change]
    for (LineageRows.Row r : ctx.lineage()) {
      j.open('[').num(r.generation()).num(r.member()).num(r.stepFrom()).num(r.stepTo()).num(r.parentMember()).str(r.action())
          .num4(r.fitness()).num4(r.medianDistance()).str(r.params()).str(r.change()).close(']');
    }
    j.close(']');
    j.close('}');
    return j.toString();
  }

  /**
   * The median over a configuration's seeds of a final value (precision: fidelity; recall:
   * coverage), beside the distance so both axes of quality read at a glance; NaN (n/a) where no
   * seed has one.
   */
  static double medianOverSeeds(List<TrialVerdict> seeds, java.util.function.Function<TrialRecord, Double> value) {
    List<Double> vs = seeds.stream().map(v -> value.apply(v.trial())).filter(java.util.Objects::nonNull).toList();
    return vs.isEmpty() ? Double.NaN : TrialLabeler.median(vs);
  }

  /**
   * The levels of an axis as labels, in the values' own order: numbers by value (1e-4 before
   * 1e-3), names and booleans by their text; a configuration without the value is "n/a", last.
   */
  static List<String> axisOrder(java.util.Collection<?> values) {
    List<Object> present = values.stream().filter(java.util.Objects::nonNull).distinct().collect(Collectors.toList());
    boolean numeric = present.stream().allMatch(v -> v instanceof Number);
    present.sort(numeric ? Comparator.comparingDouble(v -> ((Number) v).doubleValue()) : Comparator.comparing(ConfigSummary::text));
    List<String> out = new ArrayList<>(present.stream().map(ConfigSummary::text).distinct().toList());
    if (values.stream().anyMatch(java.util.Objects::isNull)) {
      out.add(ConfigSummary.text(null));
    }
    return out;
  }

  /** Text as HTML text or attribute value: {@code & < > " '} escaped. */
  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  /** A JSON string literal that is also safe inside a {@code <script>} element. */
  static String json(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** A small streaming JSON writer: commas between values, numbers as JSON allows (null for NaN and infinities). */
  static final class Json {
    private final StringBuilder b = new StringBuilder(1 << 16);
    private boolean first = true;

    private Json sep() {
      if (!first) {
        b.append(',');
      }
      first = false;
      return this;
    }

    Json open(char c) {
      sep();
      b.append(c);
      first = true;
      return this;
    }

    Json close(char c) {
      b.append(c);
      first = false;
      return this;
    }

    Json key(String k) {
      sep();
      b.append(json(k)).append(':');
      first = true;
      return this;
    }

    Json str(String s) {
      sep();
      b.append(s == null ? "null" : json(s));
      return this;
    }

    Json bool(boolean v) {
      sep();
      b.append(v);
      return this;
    }

    Json num(Number v) {
      sep();
      if (v == null || (v instanceof Double d && !Double.isFinite(d))) {
        b.append("null");
      } else if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
        b.append((long) d.doubleValue());
      } else {
        b.append(v);
      }
      return this;
    }

    Json num(double v) {
      return num(Double.valueOf(v));
    }

    /** A measured value to 4 significant digits (curves, points): a quarter of the bytes of every digit. */
    Json num4(Double v) {
      if (v == null || !Double.isFinite(v) || v == 0) {
        return num(v);
      }
      int e = (int) Math.floor(Math.log10(Math.abs(v)));
      int shift = 3 - e;
      double r = shift >= 0 && shift <= 22 ? Math.round(v * Math.pow(10, shift)) / Math.pow(10, shift)
          : shift < 0 && shift >= -22 ? Math.round(v / Math.pow(10, -shift)) * Math.pow(10, -shift) : v;
      return num(r);
    }

    Json num4(double v) {
      return num4(Double.valueOf(v));
    }

    Json strings(List<String> values) {
      open('[');
      values.forEach(this::str);
      return close(']');
    }

    Json pairs(Map<String, String> m) {
      open('[');
      m.forEach((k, v) -> open('[').str(k).str(v).close(']'));
      return close(']');
    }

    @Override
    public String toString() {
      return b.toString();
    }
  }
}
