package org.sepsisiql.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The estimates chart: for each policy (x axis) one point per estimator with its 95 % interval as
 * an error bar, estimators side by side, and the simulator's true value as a black diamond. Invalid
 * estimates are left out of the chart (the tables say why), so no implausible number is drawn.
 */
final class EstimateChart {
  private static final double SPREAD = 0.6;

  private EstimateChart() {}

  /**
   * @param estimates per estimator (in display order), per policy: valid estimates only
   * @param trueValues per policy, the Monte Carlo value in the simulator (absent when unknown)
   */
  static JFreeChart create(
      ChartCanvas canvas,
      List<String> policies,
      Map<String, Map<String, Estimate>> estimates,
      Map<String, Double> trueValues) {
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    int k = 0;
    int count = estimates.size();
    for (Map.Entry<String, Map<String, Estimate>> estimator : estimates.entrySet()) {
      double offset = count == 1 ? 0 : SPREAD * ((double) k / (count - 1) - 0.5);
      XYIntervalSeries series = new XYIntervalSeries(estimator.getKey() + " (95 % CI)");
      for (int p = 0; p < policies.size(); p++) {
        Estimate e = estimator.getValue().get(policies.get(p));
        if (e != null && e.valid()) {
          double x = p + offset;
          double low = e.lower() != null ? e.lower() : e.value();
          double high = e.upper() != null ? e.upper() : e.value();
          series.add(x, x, x, e.value(), low, high);
        }
      }
      data.addSeries(series);
      k++;
    }
    XYIntervalSeries truth = new XYIntervalSeries("true value (simulator)");
    for (int p = 0; p < policies.size(); p++) {
      Double value = trueValues.get(policies.get(p));
      if (value != null) {
        truth.add(p, p, p, value, value, value);
      }
    }
    data.addSeries(truth);
    return chart(canvas, policies, data, count);
  }

  private static JFreeChart chart(
      ChartCanvas canvas, List<String> policies, XYIntervalSeriesCollection data, int estimators) {
    SymbolAxis x = new SymbolAxis(null, policies.toArray(new String[0]));
    x.setRange(-0.6, policies.size() - 0.4);
    x.setGridBandsVisible(false);
    NumberAxis y = new NumberAxis("estimated value (discounted return)");
    y.setAutoRangeIncludesZero(true);
    XYErrorRenderer renderer = new XYErrorRenderer();
    XYPlot plot = new XYPlot(data, x, y, renderer);
    JFreeChart chart =
        canvas.styled(new JFreeChart("Value estimates per policy, with 95 % intervals", plot));
    renderer.setDrawXError(false);
    renderer.setDefaultLinesVisible(false);
    renderer.setCapLength(6);
    renderer.setErrorStroke(new BasicStroke(1.6f));
    for (int i = 0; i < estimators; i++) {
      renderer.setSeriesPaint(i, ChartCanvas.color(i));
      renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
    }
    renderer.setSeriesPaint(estimators, Color.BLACK);
    renderer.setSeriesShape(estimators, diamond(7));
    plot.addRangeMarker(ChartCanvas.marker(0, null));
    return chart;
  }

  private static Shape diamond(double r) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(0, -r);
    path.lineTo(r, 0);
    path.lineTo(0, r);
    path.lineTo(-r, 0);
    path.closePath();
    return path;
  }
}
