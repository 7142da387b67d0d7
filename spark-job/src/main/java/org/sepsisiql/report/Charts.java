package org.sepsisiql.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One method per chart of the report, each returning a PNG image. The methods take plain numbers
 * (the sections extract them from the evaluation's JSON), so every chart can be tested on its own.
 * The estimates chart and the heatmaps live in {@link EstimateChart} and {@link HeatmapChart}.
 */
final class Charts {
  private final ChartCanvas canvas = new ChartCanvas();
  private final ReportSettings settings;

  Charts(ReportSettings settings) {
    this.settings = settings;
  }

  byte[] learningLosses(LearningCurve curve) {
    List<Curve> lines =
        LearningCurve.LOSSES.stream()
            .map(column -> new Curve(column, epochs(curve), curve.values(column)))
            .toList();
    return lines("Training and validation losses per epoch", "epoch", "loss", lines, curve);
  }

  byte[] validationCriterion(LearningCurve curve) {
    Curve line =
        new Curve(
            "validation criterion (TD + V loss)",
            epochs(curve),
            curve.values(LearningCurve.CRITERION));
    return lines(
        "Early-stopping criterion on validation", "epoch", "criterion", List.of(line), curve);
  }

  /** Value estimates with intervals per policy and estimator, and the true values as markers. */
  byte[] estimates(
      List<String> policies,
      Map<String, Map<String, Estimate>> estimates,
      Map<String, Double> trueValues) {
    JFreeChart chart = EstimateChart.create(canvas, policies, estimates, trueValues);
    return canvas.png(chart, settings.chartWidth(), settings.chartHeight() + 60);
  }

  /** A 3x3 action heatmap; {@code scaleMax} is shared by heatmaps drawn side by side. */
  byte[] actionHeatmap(String title, double[][] shares, double scaleMax) {
    JFreeChart chart = HeatmapChart.create(canvas, title, shares, scaleMax);
    return canvas.png(chart, settings.heatmapSize(), settings.heatmapSize());
  }

  byte[] bpSweep(List<Curve> policies) {
    return sweep(
        "Blood-pressure sweep: expected vasopressor level",
        "mean arterial pressure (mmHg)",
        "expected vasopressor level (0-2)",
        policies);
  }

  byte[] lactateSweep(List<Curve> policies) {
    return sweep(
        "Lactate sweep: expected IV-fluid level",
        "lactate (mmol/L)",
        "expected IV-fluid level (0-2)",
        policies);
  }

  byte[] essPerStep(String policy, double[] ess) {
    JFreeChart chart =
        lineChart(
            "Effective sample size per step: " + policy,
            "step",
            "effective sample size",
            List.of(Curve.indexed(policy, ess, 0)));
    integerDomain(chart);
    return canvas.png(chart, settings.chartWidth(), settings.chartHeight());
  }

  byte[] fqeErrors(List<Curve> policies) {
    JFreeChart chart =
        lineChart("FQE validation TD error per iteration", "iteration", "TD error", policies);
    integerDomain(chart);
    return canvas.png(chart, settings.chartWidth(), settings.chartHeight());
  }

  /** Reliability diagram: accuracy against mean confidence per bin, with the diagonal. */
  byte[] reliability(double[] confidence, double[] accuracy, Double ece) {
    String title =
        "Behavior policy calibration (test), ECE = "
            + (ece == null ? "not available" : String.format("%.4f", ece));
    JFreeChart chart =
        lineChart(
            title,
            "mean predicted probability of the predicted action",
            "observed accuracy",
            List.of(
                new Curve("behavior policy", confidence, accuracy),
                new Curve("perfect calibration", new double[] {0, 1}, new double[] {0, 1})));
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    renderer.setSeriesShapesVisible(1, false);
    renderer.setSeriesPaint(1, Color.GRAY);
    renderer.setSeriesStroke(
        1,
        new BasicStroke(
            1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 5f}, 0f));
    plot.getDomainAxis().setRange(0, 1);
    plot.getRangeAxis().setRange(0, 1);
    int side = settings.chartHeight() + 80;
    return canvas.png(chart, side, side);
  }

  /** Bars of one number per policy, with the value printed on each bar. */
  byte[] essPerPolicy(Map<String, Double> ess) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    ess.forEach((policy, value) -> data.addValue(value, "effective sample size", policy));
    JFreeChart chart =
        canvas.styled(
            ChartFactory.createBarChart(
                "Effective sample size per policy (test trajectories)",
                null,
                "effective sample size",
                data,
                PlotOrientation.VERTICAL,
                false,
                false,
                false));
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setSeriesPaint(0, ChartCanvas.color(0));
    renderer.setMaximumBarWidth(0.12);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("0.0")));
    renderer.setDefaultItemLabelsVisible(true);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(1.6f);
    plot.getRangeAxis().setUpperMargin(0.15);
    return canvas.png(chart, settings.chartWidth(), settings.chartHeight());
  }

  private byte[] sweep(String title, String xLabel, String yLabel, List<Curve> policies) {
    JFreeChart chart = lineChart(title, xLabel, yLabel, policies);
    chart.getXYPlot().getRangeAxis().setRange(-0.05, 2.05);
    ((NumberAxis) chart.getXYPlot().getDomainAxis()).setAutoRangeIncludesZero(false);
    return canvas.png(chart, settings.chartWidth(), settings.chartHeight());
  }

  private byte[] lines(
      String title, String xLabel, String yLabel, List<Curve> lines, LearningCurve curve) {
    JFreeChart chart = lineChart(title, xLabel, yLabel, lines);
    if (curve.bestEpoch() >= 0) {
      chart.getXYPlot().addDomainMarker(ChartCanvas.marker(curve.bestEpoch(), "best epoch"));
    }
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
    integerDomain(chart);
    return canvas.png(chart, settings.chartWidth(), settings.chartHeight());
  }

  /** A line chart with markers, one colour per curve; NaN points are skipped. */
  private JFreeChart lineChart(String title, String xLabel, String yLabel, List<Curve> lines) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Curve line : lines) {
      XYSeries series = new XYSeries(line.name(), false, true);
      for (int i = 0; i < line.x().length; i++) {
        if (Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i])) {
          series.add(line.x()[i], line.y()[i]);
        }
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        canvas.styled(
            ChartFactory.createXYLineChart(
                title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < lines.size(); i++) {
      renderer.setSeriesPaint(i, ChartCanvas.color(i));
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    chart.getXYPlot().setRenderer(renderer);
    return chart;
  }

  /** Whole-number ticks for epochs, steps and iterations. */
  private static void integerDomain(JFreeChart chart) {
    ((NumberAxis) chart.getXYPlot().getDomainAxis())
        .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
  }

  private static double[] epochs(LearningCurve curve) {
    double[] x = new double[curve.epochs().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = curve.epochs()[i];
    }
    return x;
  }
}
