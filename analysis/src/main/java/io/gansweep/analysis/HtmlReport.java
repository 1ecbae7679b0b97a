package io.gansweep.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code report.html}: one self-contained page (charts embedded as PNG data URIs, no network) with
 * the ranking, heatmaps of quality over pairs of swept axes, the curves of the best and worst
 * configurations, label counts, hyperparameter importance and the best-of-budget curve. Charts by
 * JFreeChart, rendered headless.
 */
public final class HtmlReport {

  static final int WIDTH = 640;
  static final int HEIGHT = 360;
  static final int TABLE_ROWS = 25;
  static final int MAX_HEATMAPS = 3;

  private HtmlReport() {}

  /**
   * The page; {@code grids} holds the last sample grid (PNG) of image trials by trial id, shown
   * under the best and the worst configuration (empty for 2-D sweeps).
   */
  public static String render(SweepAnalysis a, Map<String, byte[]> grids) throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>gansweep report ")
        .append(esc(a.sweepId())).append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}")
        .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#eee}")
        .append("td.l{text-align:left}.stable{color:#176117}.bad{color:#a11}img{margin:6px;border:1px solid #ddd}")
        .append("</style></head>\n<body>\n");
    h.append("<h1>gansweep: ").append(esc(a.sweepId())).append("</h1>\n");
    Map<Label, Integer> counts = new EnumMap<>(Label.class);
    a.verdicts().forEach(v -> counts.merge(v.label(), 1, Integer::sum));
    h.append("<p>").append(a.verdicts().size()).append(" trials, ").append(a.ranking().size())
        .append(" configurations; swept: ").append(esc(String.join(", ", a.axes()))).append(". Labels: ")
        .append(esc(counts.toString().toLowerCase(Locale.ROOT))).append(".</p>\n");
    h.append("<p>Ranking: by the Wilson lower bound (z = 1.96) of the share of stable seeds, then the median, ")
        .append("spread and worst of the final distance over seeds (energy distance for 2-D data, Fréchet distance for images) (lower is better; a seed without one counts as infinite).</p>\n");
    rankingTable(h, a);
    h.append("<h2>Quality over pairs of swept axes</h2>\n");
    int maps = 0;
    for (int i = 0; i < a.axes().size() && maps < MAX_HEATMAPS; i++) {
      for (int j = i + 1; j < a.axes().size() && maps < MAX_HEATMAPS; j++) {
        img(h, heatmap(a, a.axes().get(i), a.axes().get(j)), "heatmap " + a.axes().get(i) + " x " + a.axes().get(j));
        maps++;
      }
    }
    if (maps == 0) {
      h.append("<p>(fewer than two swept axes: no heatmap)</p>\n");
    }
    h.append("<h2>Best and worst configurations</h2>\n");
    if (!a.ranking().isEmpty()) {
      ConfigSummary best = a.ranking().get(0);
      ConfigSummary worst = a.ranking().get(a.ranking().size() - 1);
      for (ConfigSummary c : best == worst ? List.of(best) : List.of(best, worst)) {
        String name = "#" + c.rank() + " " + c.configId() + " " + c.params();
        img(h, lossCurves(a, c, name), "losses of " + name);
        img(h, qualityCurves(a, c, name), "quality of " + name);
        List<TrialVerdict> withGrid = seedsOf(a, c).stream().filter(v -> grids.containsKey(v.trial().trialId())).toList();
        if (!withGrid.isEmpty()) {
          h.append("<p>Samples at the last evaluation (fixed z), ").append(esc(name)).append(":</p>\n<div>");
          for (TrialVerdict v : withGrid) {
            h.append("<img alt=\"samples of ").append(esc(v.trial().trialId())).append("\" title=\"seed ").append(v.trial().seed())
                .append(", ").append(esc(v.label().wireName())).append("\" src=\"data:image/png;base64,")
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
    h.append("<script>window.addEventListener('load',function(){var ok=0;document.querySelectorAll('img').forEach(")
        .append("function(i){if(i.complete&&i.naturalWidth>0){ok++;}});document.body.setAttribute('data-charts-rendered',ok);")
        .append("document.body.setAttribute('data-charts',document.querySelectorAll('img').length);});</script>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void rankingTable(StringBuilder h, SweepAnalysis a) {
    h.append("<table><tr><th>rank</th>");
    for (String axis : a.axes()) {
      h.append("<th>").append(esc(axis)).append("</th>");
    }
    h.append("<th>seeds</th><th>stable</th><th>score</th><th>median</th><th>IQR</th><th>worst</th><th>label</th><th>why</th></tr>\n");
    for (ConfigSummary c : a.ranking().subList(0, Math.min(TABLE_ROWS, a.ranking().size()))) {
      h.append("<tr><td>").append(c.rank()).append("</td>");
      for (String axis : a.axes()) {
        h.append("<td>").append(esc(c.params().get(axis))).append("</td>");
      }
      h.append("<td>").append(c.seeds()).append("</td><td>").append(c.stableSeeds()).append("</td><td>")
          .append(ConfigSummary.format(c.score())).append("</td><td>").append(ConfigSummary.format(c.medianQuality())).append("</td><td>")
          .append(ConfigSummary.format(c.iqrQuality())).append("</td><td>").append(ConfigSummary.format(c.worstQuality())).append("</td><td class=\"l ")
          .append(c.label().equals("stable") ? "stable" : "bad").append("\">").append(esc(c.label()))
          .append("</td><td class=\"l\">").append(esc(c.why())).append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (a.ranking().size() > TABLE_ROWS) {
      h.append("<p>(").append(a.ranking().size() - TABLE_ROWS).append(" more in ranking.parquet)</p>\n");
    }
  }

  /** Median log10 final distance per cell (averaged over the other axes); the text is the best score there. */
  static JFreeChart heatmap(SweepAnalysis a, String xAxis, String yAxis) {
    List<String> xs = new ArrayList<>(new TreeSet<>(a.ranking().stream().map(c -> c.params().get(xAxis)).toList()));
    List<String> ys = new ArrayList<>(new TreeSet<>(a.ranking().stream().map(c -> c.params().get(yAxis)).toList()));
    Map<String, List<Double>> quality = new LinkedHashMap<>();
    Map<String, Double> bestScore = new LinkedHashMap<>();
    double worstFinite = a.ranking().stream().mapToDouble(ConfigSummary::medianQuality).filter(Double::isFinite).max().orElse(1);
    for (ConfigSummary c : a.ranking()) {
      String key = c.params().get(xAxis) + "|" + c.params().get(yAxis);
      double q = Double.isFinite(c.medianQuality()) ? c.medianQuality() : worstFinite;
      quality.computeIfAbsent(key, k -> new ArrayList<>()).add(Math.log10(Math.max(1e-6, q)));
      bestScore.merge(key, c.score(), Math::max);
    }
    int n = xs.size() * ys.size();
    double[][] data = new double[3][n];
    int k = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < xs.size(); i++) {
      for (int j = 0; j < ys.size(); j++) {
        List<Double> cell = quality.getOrDefault(xs.get(i) + "|" + ys.get(j), List.of());
        double v = cell.isEmpty() ? Double.NaN : TrialLabeler.median(cell);
        data[0][k] = i;
        data[1][k] = j;
        data[2][k] = v;
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        k++;
      }
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    DefaultXYZDataset ds = new DefaultXYZDataset();
    ds.addSeries("log10 distance", data);
    XYBlockRenderer r = new XYBlockRenderer();
    LookupPaintScale scale = new LookupPaintScale(lo, hi, Color.LIGHT_GRAY);
    for (int s = 0; s <= 10; s++) {
      float t = s / 10f;
      scale.add(lo + t * (hi - lo), new Color(0.2f + 0.75f * t, 0.75f - 0.6f * t, 0.3f));
    }
    r.setPaintScale(scale);
    XYPlot plot = new XYPlot(ds, new SymbolAxis(xAxis, xs.toArray(String[]::new)), new SymbolAxis(yAxis, ys.toArray(String[]::new)), r);
    for (int i = 0; i < xs.size(); i++) {
      for (int j = 0; j < ys.size(); j++) {
        Double s = bestScore.get(xs.get(i) + "|" + ys.get(j));
        if (s != null) {
          XYTextAnnotation t = new XYTextAnnotation(String.format(Locale.ROOT, "score %.2f", s), i, j);
          t.setFont(new Font("SansSerif", Font.PLAIN, 11));
          plot.addAnnotation(t);
        }
      }
    }
    JFreeChart chart = new JFreeChart("median log10 final distance (green = better); text: best score", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("log10 distance"));
    legend.setPosition(RectangleEdge.RIGHT);
    chart.addSubtitle(legend);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  static JFreeChart lossCurves(SweepAnalysis a, ConfigSummary c, String name) {
    XYSeriesCollection ds = new XYSeriesCollection();
    for (TrialVerdict v : seedsOf(a, c)) {
      Curve curve = a.curves().getOrDefault(v.trial().trialId(), Curve.EMPTY);
      XYSeries d = new XYSeries("D loss, seed " + v.trial().seed());
      XYSeries g = new XYSeries("G loss, seed " + v.trial().seed());
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
      XYSeries s = new XYSeries("distance, seed " + v.trial().seed() + " (" + v.label().wireName() + ")");
      for (int i = 0; i < curve.evalSteps().size(); i++) {
        if (curve.distance().get(i) > 0) {
          addFinite(s, curve.evalSteps().get(i), curve.distance().get(i));
        }
      }
      ds.addSeries(s);
    }
    return lines("distance to the data (energy; Fréchet for images): " + name, "step", "distance (log)", ds, true);
  }

  private static List<TrialVerdict> seedsOf(SweepAnalysis a, ConfigSummary c) {
    return a.verdicts().stream().filter(v -> v.trial().configId().equals(c.configId())).toList();
  }

  private static void addFinite(XYSeries s, int x, double y) {
    if (Double.isFinite(y)) {
      s.add(x, y);
    }
  }

  static JFreeChart labelChart(Map<Label, Integer> counts) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (Label l : Label.values()) {
      ds.addValue(counts.getOrDefault(l, 0), "trials", l.wireName());
    }
    return bars("trials per label", "label", "trials", ds, PlotOrientation.VERTICAL);
  }

  static JFreeChart importanceChart(SweepAnalysis a) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    a.importance().forEach(f -> ds.addValue(f.etaSquared(), "eta squared", f.parameter()));
    return bars("share of quality variance explained (eta squared)", "hyperparameter", "eta squared", ds, PlotOrientation.HORIZONTAL);
  }

  static JFreeChart budgetChart(SweepAnalysis a) {
    XYSeries s = new XYSeries("expected best distance");
    for (int k = 0; k < a.budget().length; k++) {
      addFinite(s, k + 1, a.budget()[k]);
    }
    return lines("expected best final distance with k random trials", "trials (k)", "distance", new XYSeriesCollection(s), false);
  }

  private static JFreeChart bars(String title, String x, String y, DefaultCategoryDataset ds, PlotOrientation o) {
    CategoryPlot plot = new CategoryPlot(ds, new org.jfree.chart.axis.CategoryAxis(x), new NumberAxis(y), new BarRenderer());
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
    XYPlot plot = new XYPlot(ds, xAxis, logY ? new LogAxis(y) : new NumberAxis(y), r);
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 12), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void img(StringBuilder h, JFreeChart chart, String alt) throws IOException {
    byte[] png = ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT));
    h.append("<img alt=\"").append(esc(alt)).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n");
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
