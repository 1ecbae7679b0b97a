package io.gansweep.analysis;

import io.gansweep.data.Mixture;
import io.gansweep.trial.Numbers;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code report.html}: one self-contained page with the ranking (sortable), heatmaps of quality
 * over pairs of swept axes on one shared colour scale, the generated 2-D points over the real
 * modes for every seed of the configurations of interest (best, worst, one per label), the
 * curves of the best and worst configurations, label counts, hyperparameter importance and the
 * best-of-budget curve.
 *
 * <p>Charts are static PNGs drawn by JFreeChart and embedded as data URIs, a deliberate choice
 * over an inlined interactive charting library: the page is what a practitioner reads the morning
 * after, often as a CI artifact or mail attachment, so it must look the same in every viewer,
 * open offline and fetch nothing; scatters of thousands of points per seed stay small as PNGs;
 * and there is no JavaScript library to pin, inline and keep current. The only script is a few
 * lines that sort the ranking table and count the charts that drew (for the headless test).
 */
public final class HtmlReport {

  static final int WIDTH = 640;
  static final int HEIGHT = 360;
  static final int SCATTER = 300;
  static final int TABLE_ROWS = 25;
  static final int MAX_HEATMAPS = 3;

  private HtmlReport() {}

  /** The page without sample grids or points. */
  public static String render(SweepAnalysis a, Map<String, byte[]> grids) throws IOException {
    return render(a, grids, Map.of());
  }

  /**
   * The page; {@code grids} holds the last sample grid (PNG) of image trials by trial id, shown
   * under the best and the worst configuration (empty for 2-D sweeps); {@code points} the last
   * evaluation's generated points of 2-D trials by trial id (the {@code samples} table), drawn
   * for every seed of the {@link #configsOfInterest}.
   */
  public static String render(SweepAnalysis a, Map<String, byte[]> grids, Map<String, TrialPoints> points) throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>gansweep report ")
        .append(esc(a.sweepId())).append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}")
        .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#eee}")
        .append("th.sort{cursor:pointer;user-select:none}th.sort:hover{background:#ddd}")
        .append("th.asc::after{content:' \\25B2'}th.desc::after{content:' \\25BC'}")
        .append("td.l{text-align:left}.stable{color:#176117}.bad{color:#a11}img{margin:6px;border:1px solid #ddd}")
        .append(".seeds{display:flex;flex-wrap:wrap}.note{color:#555;font-size:13px}")
        .append("</style></head>\n<body>\n");
    h.append("<h1>gansweep: ").append(esc(a.sweepId())).append("</h1>\n");
    Map<Label, Integer> counts = new EnumMap<>(Label.class);
    a.verdicts().forEach(v -> counts.merge(v.label(), 1, Integer::sum));
    h.append("<p>").append(a.verdicts().size()).append(" trials, ").append(a.ranking().size())
        .append(" configurations; swept: ").append(esc(String.join(", ", a.axes()))).append(". Labels: ")
        .append(esc(counts.entrySet().stream().map(e -> e.getKey().wireName() + " " + e.getValue())
            .collect(Collectors.joining(", ")))).append(".</p>\n");
    if (!a.screened().isEmpty()) {
      h.append("<p>The G-only screen dropped ").append(a.screened().size()).append(" generator setups before training (their ")
          .append("configurations are not ranked):</p>\n<ul>\n");
      a.screened().forEach(l -> h.append("<li>").append(esc(l)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("<p>Ranking: by the Wilson lower bound (z = 1.96) of the share of stable seeds, then the median, ")
        .append("spread and worst of the final distance over seeds (energy distance for 2-D data, Fréchet distance for images) (lower is better; a seed without one counts as infinite). ")
        .append("Configurations whose seeds cannot tell them apart share a rank group, shown as 1\u20132: the next ")
        .append("configuration starts a new group only when a two-sided Mann\u2013Whitney test of its seeds against the ")
        .append("group's first (stable seeds before unstable, then lower distance) gives p \u2264 ")
        .append(Numbers.format(StabilityThresholds.RANK_GROUP_ALPHA)).append(" (docs/concepts/ranking.md). ")
        .append("Click a column header to sort.</p>\n");
    rankingTable(h, a);

    Map<ConfigSummary, String> interest = configsOfInterest(a);
    if (!points.isEmpty()) {
      h.append("<h2>Generated samples at the last evaluation</h2>\n<p class=\"note\">Every seed of the best and the worst ")
          .append("configuration and of the best-ranked configuration of each label: the points G makes from the trial's ")
          .append("fixed evaluation z (blue) over the real mode centres (red). One frame per dataset, so seeds compare ")
          .append("at a glance; points beyond it are counted in the caption.</p>\n");
      for (Map.Entry<ConfigSummary, String> e : interest.entrySet()) {
        ConfigSummary c = e.getKey();
        List<TrialVerdict> seeds = seedsOf(a, c).stream().filter(v -> points.containsKey(v.trial().trialId())).toList();
        if (seeds.isEmpty()) {
          continue;
        }
        h.append("<h3>").append(esc(e.getValue())).append(": ").append(esc(name(a, c))).append("</h3>\n<p class=\"note\">")
            .append(esc(c.why())).append("</p>\n<div class=\"seeds\">");
        for (TrialVerdict v : seeds) {
          chart(h, scatter(v, points.get(v.trial().trialId())), "scatter of " + v.trial().seedName() + " of " + c.configId(),
              "scatter", SCATTER, SCATTER);
        }
        h.append("</div>\n");
      }
    }

    boolean rungs = a.rungs().stream().mapToInt(SweepAnalysis.RungPoint::rounds).distinct().count() > 1
        || a.verdicts().stream().anyMatch(v -> v.label() == Label.PRUNED); // a tpe sweep's rows are all at the full budget
    if (rungs) {
      h.append("<h2>Early termination: quality at each rung</h2>\n<p class=\"note\">Every trial's distance at each rung it ")
          .append("reached (log scale; lower is better): trials that trained to the end in blue, pruned ones in grey, ending ")
          .append("at the rung that stopped them; diverged trials have no quality and no line.</p>\n");
      img(h, rungChart(a), "quality at each rung");
    }

    h.append("<h2>Quality over pairs of swept axes</h2>\n");
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < a.axes().size() && pairs.size() < MAX_HEATMAPS; i++) {
      for (int j = i + 1; j < a.axes().size() && pairs.size() < MAX_HEATMAPS; j++) {
        pairs.add(new String[] {a.axes().get(i), a.axes().get(j)});
      }
    }
    if (pairs.isEmpty()) {
      h.append("<p>(fewer than two swept axes: no heatmap)</p>\n");
    } else {
      h.append("<p class=\"note\">Colour: median final distance of the configurations in a cell (log scale, one scale ")
          .append("for every heatmap; green = better), printed in the cell; \"score\" is the best stability score there, ")
          .append("shown only where some seed is stable.</p>\n");
      PaintScale scale = qualityScale(a);
      for (String[] p : pairs) {
        img(h, heatmap(a, p[0], p[1], scale), "heatmap " + p[0] + " x " + p[1]);
      }
    }

    h.append("<h2>Best and worst configurations</h2>\n");
    if (!a.ranking().isEmpty()) {
      ConfigSummary best = a.ranking().get(0);
      ConfigSummary worst = a.ranking().get(a.ranking().size() - 1);
      for (ConfigSummary c : best == worst ? List.of(best) : List.of(best, worst)) {
        String name = name(a, c);
        img(h, lossCurves(a, c, name), "losses of " + name);
        img(h, qualityCurves(a, c, name), "quality of " + name);
        List<TrialVerdict> withGrid = seedsOf(a, c).stream().filter(v -> grids.containsKey(v.trial().trialId())).toList();
        if (!withGrid.isEmpty()) {
          h.append("<p>Samples at the last evaluation (fixed z), ").append(esc(name)).append(":</p>\n<div>");
          for (TrialVerdict v : withGrid) {
            h.append("<img class=\"chart grid\" alt=\"samples of ").append(esc(v.trial().trialId())).append("\" title=\"")
                .append(esc(v.trial().seedName())).append(", ").append(esc(v.label().wireName())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(grids.get(v.trial().trialId()))).append("\">");
          }
          h.append("</div>\n");
        }
      }
    }
    h.append("<h2>Labels, importance, budget</h2>\n");
    img(h, labelChart(counts), "trials per label");
    img(h, importanceChart(a), "importance");
    img(h, budgetChart(a), "best of budget");
    h.append(SCRIPT);
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * Sorts the ranking table on a header click (numbers by {@code data-v}, text otherwise; again
   * reverses) and, on load, counts the charts (and scatters) that decoded into {@code <body>}
   * attributes the headless-browser test reads.
   */
  static final String SCRIPT = """
      <script>
      document.querySelectorAll('table.ranking th.sort').forEach(function (th, col) {
        th.addEventListener('click', function () {
          var body = th.closest('table').tBodies[0], rows = Array.prototype.slice.call(body.rows);
          var dir = th.classList.contains('asc') ? -1 : 1;
          th.parentNode.querySelectorAll('th').forEach(function (o) { o.classList.remove('asc', 'desc'); });
          th.classList.add(dir > 0 ? 'asc' : 'desc');
          function key(r) { var c = r.cells[col], v = c.getAttribute('data-v'); return v === null ? c.textContent : parseFloat(v); }
          rows.sort(function (x, y) {
            var a = key(x), b = key(y);
            if (typeof a === 'number') { if (isNaN(a)) return 1; if (isNaN(b)) return -1; return dir * (a - b); }
            return dir * a.localeCompare(b);
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
      window.addEventListener('load', function () {
        function drawn(sel) { var n = 0; document.querySelectorAll(sel).forEach(function (i) { if (i.complete && i.naturalWidth > 0) n++; }); return n; }
        document.body.setAttribute('data-charts-rendered', drawn('img.chart'));
        document.body.setAttribute('data-charts', document.querySelectorAll('img.chart').length);
        document.body.setAttribute('data-scatters-rendered', drawn('img.scatter'));
        document.body.setAttribute('data-scatters', document.querySelectorAll('img.scatter').length);
      });
      </script>
      """;

  /**
   * The configurations whose samples the report shows, each with why: the best, the worst, and
   * the best-ranked configuration of every label present (in ranking order, each once).
   */
  static Map<ConfigSummary, String> configsOfInterest(SweepAnalysis a) {
    Map<ConfigSummary, String> out = new LinkedHashMap<>();
    if (a.ranking().isEmpty()) {
      return out;
    }
    List<ConfigSummary> r = a.ranking();
    out.put(r.get(0), "best (" + r.get(0).label() + ")");
    out.putIfAbsent(r.get(r.size() - 1), "worst (" + r.get(r.size() - 1).label() + ")");
    for (ConfigSummary c : r) {
      boolean seen = out.keySet().stream().anyMatch(o -> o.label().equals(c.label()));
      if (!seen) {
        out.put(c, "best-ranked " + c.label());
      }
    }
    return out;
  }

  /** A configuration as people name it: rank, id and its swept values in axis order. */
  static String name(SweepAnalysis a, ConfigSummary c) {
    return "#" + c.rankGroup() + " " + c.configId() + " ("
        + a.axes().stream().map(x -> x + " " + ConfigSummary.text(c.params().get(x))).collect(Collectors.joining(", ")) + ")";
  }

  private static void rankingTable(StringBuilder h, SweepAnalysis a) {
    h.append("<table class=\"ranking\"><thead><tr><th class=\"sort\">rank</th>");
    for (String axis : a.axes()) {
      h.append("<th class=\"sort\">").append(esc(axis)).append("</th>");
    }
    for (String c : List.of("seeds", "stable", "score", "median", "IQR", "worst", "precision", "recall", "label", "why")) {
      h.append("<th class=\"sort\">").append(c).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (ConfigSummary c : a.ranking().subList(0, Math.min(TABLE_ROWS, a.ranking().size()))) {
      h.append("<tr>");
      number(h, c.rank(), c.rankGroup().toString()); // sorts by rank, shows the group ("1–2")
      for (String axis : a.axes()) {
        Object v = c.params().get(axis);
        if (v instanceof Number d) {
          number(h, d.doubleValue(), ConfigSummary.text(v));
        } else {
          h.append("<td class=\"l\">").append(esc(ConfigSummary.text(v))).append("</td>");
        }
      }
      number(h, c.seeds(), Integer.toString(c.seeds()));
      number(h, c.stableSeeds(), Integer.toString(c.stableSeeds()));
      for (double v : new double[] {c.score(), c.medianQuality(), c.iqrQuality(), c.worstQuality()}) {
        number(h, v, Numbers.format(v));
      }
      for (double v : new double[] {medianOverSeeds(a, c, TrialRecord::finalPrecision), medianOverSeeds(a, c, TrialRecord::finalRecall)}) {
        number(h, v, Numbers.format(v));
      }
      h.append("<td class=\"l ").append(c.label().equals("stable") ? "stable" : "bad").append("\">").append(esc(c.label()))
          .append("</td><td class=\"l\">").append(esc(c.why())).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
    if (a.ranking().size() > TABLE_ROWS) {
      h.append("<p>(").append(a.ranking().size() - TABLE_ROWS).append(" more in ranking.parquet)</p>\n");
    }
  }

  /**
   * The median over a configuration's seeds of a final value (precision: fidelity; recall:
   * coverage), beside the distance so both axes of quality read at a glance; NaN (n/a) where no
   * seed has one.
   */
  static double medianOverSeeds(SweepAnalysis a, ConfigSummary c, java.util.function.Function<TrialRecord, Double> value) {
    List<Double> vs = seedsOf(a, c).stream().map(v -> value.apply(v.trial())).filter(java.util.Objects::nonNull).toList();
    return vs.isEmpty() ? Double.NaN : TrialLabeler.median(vs);
  }

  /** A numeric cell: the text as shown, the value for sorting ({@code Infinity}, {@code NaN} for n/a). */
  private static void number(StringBuilder h, double v, String text) {
    h.append("<td data-v=\"").append(Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity") : Double.toString(v))
        .append("\">").append(esc(text)).append("</td>");
  }

  /**
   * The levels of an axis as labels, in the values' own order: numbers by value (1e-4 before
   * 1e-3), names and booleans by their text; a configuration without the value is "n/a", last.
   */
  static List<String> axisOrder(java.util.Collection<?> values) {
    List<Object> present = values.stream().filter(java.util.Objects::nonNull).distinct().collect(Collectors.toList());
    boolean numeric = present.stream().allMatch(v -> v instanceof Number);
    present.sort(numeric ? Comparator.comparingDouble(v -> ((Number) v).doubleValue()) : Comparator.comparing(ConfigSummary::text));
    List<String> out = new ArrayList<>(present.stream().map(ConfigSummary::text).toList());
    if (values.stream().anyMatch(java.util.Objects::isNull)) {
      out.add(ConfigSummary.text(null));
    }
    return out;
  }

  /** log10 of a configuration's median quality; one that has none takes the sweep's worst finite one. */
  private static double logQuality(SweepAnalysis a, ConfigSummary c) {
    double worstFinite = a.ranking().stream().mapToDouble(ConfigSummary::medianQuality).filter(Double::isFinite).max().orElse(1);
    double q = Double.isFinite(c.medianQuality()) ? c.medianQuality() : worstFinite;
    return Math.log10(Math.max(1e-6, q));
  }

  /** One colour scale for every heatmap of the page: log10 median distance over all configurations. */
  static LookupPaintScale qualityScale(SweepAnalysis a) {
    double lo = a.ranking().stream().mapToDouble(c -> logQuality(a, c)).min().orElse(0);
    double hi = a.ranking().stream().mapToDouble(c -> logQuality(a, c)).max().orElse(1);
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    LookupPaintScale scale = new LookupPaintScale(lo, hi + 1e-9, Color.LIGHT_GRAY);
    for (int s = 0; s <= 10; s++) {
      float t = s / 10f;
      scale.add(lo + t * (hi - lo), new Color(0.2f + 0.75f * t, 0.75f - 0.6f * t, 0.3f));
    }
    return scale;
  }

  /** Median log10 final distance per cell (over the configurations there), on the page's shared scale. */
  static JFreeChart heatmap(SweepAnalysis a, String xAxis, String yAxis, PaintScale scale) {
    List<String> xs = axisOrder(a.ranking().stream().map(c -> c.params().get(xAxis)).toList());
    List<String> ys = axisOrder(a.ranking().stream().map(c -> c.params().get(yAxis)).toList());
    Map<String, List<Double>> quality = new LinkedHashMap<>();
    Map<String, Double> bestScore = new LinkedHashMap<>();
    for (ConfigSummary c : a.ranking()) {
      String key = ConfigSummary.text(c.params().get(xAxis)) + "|" + ConfigSummary.text(c.params().get(yAxis));
      quality.computeIfAbsent(key, k -> new ArrayList<>()).add(logQuality(a, c));
      bestScore.merge(key, c.score(), Math::max);
    }
    int n = xs.size() * ys.size();
    double[][] data = new double[3][n];
    int k = 0;
    XYPlot plot = new XYPlot();
    for (int i = 0; i < xs.size(); i++) {
      for (int j = 0; j < ys.size(); j++) {
        String key = xs.get(i) + "|" + ys.get(j);
        List<Double> cell = quality.getOrDefault(key, List.of());
        double v = cell.isEmpty() ? Double.NaN : TrialLabeler.median(cell);
        data[0][k] = i;
        data[1][k] = j;
        data[2][k] = v;
        k++;
        if (!cell.isEmpty()) {
          Double s = bestScore.get(key);
          boolean scored = s != null && s > 0;
          annotate(plot, Numbers.format(Math.pow(10, v), 3), i, scored ? j + 0.12 : j, Font.BOLD);
          if (scored) {
            annotate(plot, "score " + Numbers.format(s, 2), i, j - 0.15, Font.PLAIN);
          }
        }
      }
    }
    DefaultXYZDataset ds = new DefaultXYZDataset();
    ds.addSeries("log10 distance", data);
    XYBlockRenderer r = new XYBlockRenderer();
    r.setPaintScale(scale);
    plot.setDataset(ds);
    plot.setRenderer(r);
    plot.setDomainAxis(new SymbolAxis(xAxis, xs.toArray(String[]::new)));
    plot.setRangeAxis(new SymbolAxis(yAxis, ys.toArray(String[]::new)));
    JFreeChart chart = new JFreeChart("median final distance: " + yAxis + " x " + xAxis, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    NumberAxis legendAxis = new NumberAxis("final distance (log)");
    legendAxis.setNumberFormatOverride(new PowerOfTen());
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 4, 4, 4);
    chart.addSubtitle(legend);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void annotate(XYPlot plot, String text, double x, double y, int style) {
    XYTextAnnotation t = new XYTextAnnotation(text, x, y);
    t.setFont(new Font("SansSerif", style, 12));
    t.setTextAnchor(TextAnchor.CENTER);
    plot.addAnnotation(t);
  }

  /** Tick labels of a log10 axis as the values they stand for, in {@link Numbers} style. */
  static final class PowerOfTen extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double log10, StringBuffer to, FieldPosition pos) {
      return to.append(Numbers.format(Math.pow(10, log10), 2));
    }

    @Override
    public StringBuffer format(long log10, StringBuffer to, FieldPosition pos) {
      return format((double) log10, to, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("Cannot parse " + source + ": PowerOfTen only formats (got a parse; allowed format)");
    }
  }

  /** Tick labels of a linear or logarithmic value axis in {@link Numbers} style (1e-4, 0.02, 3). */
  static final class Plain extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
      return to.append(Numbers.format(v, 3));
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
      return to.append(v);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("Cannot parse " + source + ": Plain only formats (got a parse; allowed format)");
    }
  }

  /**
   * One seed's generated points (blue) over the real mode centres (red), in a square frame that
   * fits the modes with a margin, the same for every seed of a dataset; for a 2-D points file
   * (no modes known here), a frame that fits the seed's own points.
   */
  static JFreeChart scatter(TrialVerdict v, TrialPoints p) {
    Mixture modes = Mixture.find(v.trial().dataset()).orElse(null);
    double extent = 1;
    XYSeries real = new XYSeries("real modes");
    if (modes != null) {
      for (double[] m : modes.means()) {
        real.add(m[0], m[1]);
        extent = Math.max(extent, Math.max(Math.abs(m[0]), Math.abs(m[1])));
      }
    }
    double[] xy = p.xy();
    if (modes == null) { // points from a file: the analysis knows no modes, so the frame fits the generated points
      for (double c : xy) {
        extent = Double.isFinite(c) ? Math.max(extent, Math.abs(c) / 1.5 * 1.05) : extent;
      }
    }
    double frame = extent * 1.5;
    XYSeries gen = new XYSeries("generated", false, true);
    int outside = 0;
    for (int i = 0; i < xy.length; i += 2) {
      if (!Double.isFinite(xy[i]) || !Double.isFinite(xy[i + 1]) || Math.abs(xy[i]) > frame || Math.abs(xy[i + 1]) > frame) {
        outside++;
      }
      if (Double.isFinite(xy[i]) && Double.isFinite(xy[i + 1])) {
        gen.add(xy[i], xy[i + 1]);
      }
    }
    XYSeriesCollection ds = new XYSeriesCollection();
    ds.addSeries(gen);
    ds.addSeries(real);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    r.setSeriesShape(0, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
    r.setSeriesPaint(0, new Color(40, 90, 200, 110));
    r.setSeriesShape(1, new Ellipse2D.Double(-4, -4, 8, 8));
    r.setSeriesShapesFilled(1, false);
    r.setSeriesPaint(1, new Color(210, 30, 30));
    r.setSeriesOutlineStroke(1, new BasicStroke(1.5f));
    r.setUseOutlinePaint(false);
    NumberAxis x = new NumberAxis();
    NumberAxis y = new NumberAxis();
    for (NumberAxis axis : List.of(x, y)) {
      axis.setRange(-frame, frame);
      axis.setNumberFormatOverride(new Plain());
    }
    XYPlot plot = new XYPlot(ds, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(225, 225, 225));
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
    String title = v.trial().seedName() + ": " + v.label().wireName();
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 12), plot, false);
    StringBuilder caption = new StringBuilder("step " + p.step());
    if (v.trial().coveredModes() != null) {
      caption.append(", ").append(v.trial().coveredModes()).append(modes == null ? "" : "/" + modes.modes()).append(" modes covered");
    }
    if (v.trial().finalPrecision() != null && v.trial().finalRecall() != null) {
      caption.append(", precision ").append(Numbers.format(v.trial().finalPrecision(), 2))
          .append(", recall ").append(Numbers.format(v.trial().finalRecall(), 2));
    }
    if (v.trial().finalDistance() != null) {
      caption.append(", distance ").append(Numbers.format(v.trial().finalDistance(), 3));
    }
    if (outside > 0) {
      caption.append(", ").append(outside).append(" of ").append(p.size()).append(" outside");
    }
    chart.addSubtitle(new TextTitle(caption.toString(), new Font("SansSerif", Font.PLAIN, 11)));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  static JFreeChart lossCurves(SweepAnalysis a, ConfigSummary c, String name) {
    XYSeriesCollection ds = new XYSeriesCollection();
    for (TrialVerdict v : seedsOf(a, c)) {
      Curve curve = a.curves().getOrDefault(v.trial().trialId(), Curve.EMPTY);
      XYSeries d = new XYSeries("D loss, " + v.trial().seedName());
      XYSeries g = new XYSeries("G loss, " + v.trial().seedName());
      for (int i = 0; i < curve.steps().size(); i++) {
        addFinite(d, curve.steps().get(i), curve.dLoss().get(i));
        addFinite(g, curve.steps().get(i), curve.gLoss().get(i));
      }
      ds.addSeries(d);
      ds.addSeries(g);
    }
    return lines("losses: " + name, "step", "loss", ds, false);
  }

  static JFreeChart qualityCurves(SweepAnalysis a, ConfigSummary c, String name) {
    XYSeriesCollection ds = new XYSeriesCollection();
    for (TrialVerdict v : seedsOf(a, c)) {
      Curve curve = a.curves().getOrDefault(v.trial().trialId(), Curve.EMPTY);
      XYSeries s = new XYSeries("distance, " + v.trial().seedName() + " (" + v.label().wireName() + ")");
      for (int i = 0; i < curve.evalSteps().size(); i++) {
        if (curve.distance().get(i) > 0) {
          addFinite(s, curve.evalSteps().get(i), curve.distance().get(i));
        }
      }
      ds.addSeries(s);
    }
    return lines("distance to the data (energy; Fréchet for images): " + name, "step", "distance (log scale)", ds, true);
  }

  private static List<TrialVerdict> seedsOf(SweepAnalysis a, ConfigSummary c) {
    return a.verdicts().stream().filter(v -> v.trial().configId().equals(c.configId())).toList();
  }

  private static void addFinite(XYSeries s, int x, double y) {
    if (Double.isFinite(y)) {
      s.add(x, y);
    }
  }

  /** Trials per label, horizontal so that every label reads in full. */
  static JFreeChart labelChart(Map<Label, Integer> counts) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (Label l : Label.values()) {
      ds.addValue(counts.getOrDefault(l, 0), "trials", l.wireName());
    }
    return bars("trials per label", "label", "trials", ds, PlotOrientation.HORIZONTAL);
  }

  static JFreeChart importanceChart(SweepAnalysis a) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    a.importance().forEach(f -> ds.addValue(f.etaSquared(), "eta squared", f.parameter()));
    return bars("share of quality variance explained (eta squared)", "hyperparameter", "eta squared", ds, PlotOrientation.HORIZONTAL);
  }

  static JFreeChart budgetChart(SweepAnalysis a) {
    XYSeries s = new XYSeries("expected best distance");
    for (BestOfBudget.Point p : a.budget()) {
      addFinite(s, p.trials(), p.expectedBest());
    }
    return lines("expected best final distance with k random trials", "trials (k)", "distance", new XYSeriesCollection(s), false);
  }

  private static JFreeChart bars(String title, String x, String y, DefaultCategoryDataset ds, PlotOrientation o) {
    CategoryAxis categories = new CategoryAxis(x);
    categories.setMaximumCategoryLabelWidthRatio(0.4f); // room for the full names: mode_collapse, not mode_coll...
    NumberAxis values = new NumberAxis(y);
    values.setNumberFormatOverride(new Plain());
    CategoryPlot plot = new CategoryPlot(ds, categories, values, new BarRenderer());
    plot.setOrientation(o);
    ((BarRenderer) plot.getRenderer()).setSeriesPaint(0, new Color(60, 110, 170));
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static JFreeChart lines(String title, String x, String y, XYSeriesCollection ds, boolean logY) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < ds.getSeriesCount(); i++) {
      r.setSeriesStroke(i, new BasicStroke(1.2f));
    }
    NumberAxis xAxis = new NumberAxis(x);
    xAxis.setAutoRangeIncludesZero(false);
    NumberAxis yAxis;
    if (logY) {
      // LogarithmicAxis ticks at 1, 2, …, 9 × 10^k and labels them as plain values (0.02, 0.1), where
      // LogAxis labels fractional powers (10^-0.2).
      LogarithmicAxis log = new LogarithmicAxis(y);
      log.setStrictValuesFlag(false);
      log.setAutoRangeNextLogFlag(false);
      log.setNumberFormatOverride(new Plain());
      yAxis = log;
    } else {
      yAxis = new NumberAxis(y);
      yAxis.setAutoRangeIncludesZero(false);
      yAxis.setNumberFormatOverride(new Plain());
    }
    xAxis.setNumberFormatOverride(new Plain());
    XYPlot plot = new XYPlot(ds, xAxis, yAxis, r);
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 12), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Distance against rounds at each rung, one line per trial: pruned grey, the others blue. */
  static JFreeChart rungChart(SweepAnalysis a) {
    Map<String, TrialVerdict> byId = new java.util.HashMap<>();
    a.verdicts().forEach(v -> byId.put(v.trial().trialId(), v));
    Map<String, XYSeries> series = new java.util.LinkedHashMap<>();
    for (SweepAnalysis.RungPoint p : a.rungs()) {
      if (p.quality() != null && Double.isFinite(p.quality()) && p.quality() > 0) {
        series.computeIfAbsent(p.trialId(), id -> new XYSeries(id, false, true)).add(p.rounds(), p.quality());
      }
    }
    XYSeriesCollection ds = new XYSeriesCollection();
    series.values().forEach(ds::addSeries);
    JFreeChart chart = lines("quality at each rung", "rounds", "distance", ds, true);
    chart.removeLegend();
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
    r.setDefaultShapesVisible(true);
    for (int i = 0; i < ds.getSeriesCount(); i++) {
      TrialVerdict v = byId.get((String) ds.getSeriesKey(i));
      boolean pruned = v != null && v.trial().status() == io.gansweep.trial.TrialStatus.PRUNED;
      r.setSeriesPaint(i, pruned ? new Color(150, 150, 150) : new Color(40, 90, 200));
      r.setSeriesShapesVisible(i, true);
    }
    return chart;
  }

  private static void img(StringBuilder h, JFreeChart chart, String alt) throws IOException {
    chart(h, chart, alt, "chart", WIDTH, HEIGHT);
  }

  private static void chart(StringBuilder h, JFreeChart chart, String alt, String kind, int width, int height) throws IOException {
    byte[] png = ChartUtils.encodeAsPNG(chart.createBufferedImage(width, height));
    h.append("<img class=\"chart").append(kind.equals("chart") ? "" : " " + kind).append("\" alt=\"").append(esc(alt))
        .append("\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n");
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
