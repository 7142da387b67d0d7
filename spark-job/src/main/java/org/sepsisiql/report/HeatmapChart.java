package org.sepsisiql.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A 3x3 action heatmap: rows are the IV-fluid level (0 none, 1 low, 2 high; high at the top),
 * columns the vasopressor level, the colour and the printed number the share of states in that
 * cell. Two heatmaps drawn with the same {@code scaleMax} share one colour scale, so the
 * clinicians' and the learned policy's can be compared cell by cell.
 */
final class HeatmapChart {
  static final String[] LEVELS = {"0 none", "1 low", "2 high"};

  private HeatmapChart() {}

  static JFreeChart create(ChartCanvas canvas, String title, double[][] shares, double scaleMax) {
    DefaultXYZDataset data = new DefaultXYZDataset();
    double[][] series = new double[3][9];
    XYPlot plot = new XYPlot();
    List<XYTextAnnotation> labels = new ArrayList<>();
    for (int iv = 0; iv < 3; iv++) {
      for (int vaso = 0; vaso < 3; vaso++) {
        int i = iv * 3 + vaso;
        series[0][i] = vaso;
        series[1][i] = iv;
        series[2][i] = shares[iv][vaso];
        XYTextAnnotation label =
            new XYTextAnnotation(String.format("%.1f %%", 100 * shares[iv][vaso]), vaso, iv);
        label.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        label.setPaint(shares[iv][vaso] > 0.55 * scaleMax ? Color.WHITE : Color.BLACK);
        labels.add(label);
      }
    }
    data.addSeries("share", series);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(new BlueScale(scaleMax));
    plot.setDataset(data);
    plot.setRenderer(renderer);
    plot.setDomainAxis(axis("vasopressor level"));
    plot.setRangeAxis(axis("IV fluid level"));
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    JFreeChart chart = canvas.styled(new JFreeChart(title, plot));
    chart.removeLegend();
    labels.forEach(plot::addAnnotation);
    return chart;
  }

  private static SymbolAxis axis(String label) {
    SymbolAxis axis = new SymbolAxis(label, LEVELS);
    axis.setRange(-0.5, 2.5);
    axis.setGridBandsVisible(false);
    return axis;
  }

  /** White (0) to dark blue ({@code max}), linear. */
  private record BlueScale(double max) implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return max;
    }

    @Override
    public Paint getPaint(double value) {
      double t = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
      return new Color(
          (int) Math.round(255 - t * (255 - 8)),
          (int) Math.round(255 - t * (255 - 48)),
          (int) Math.round(255 - t * (255 - 107)));
    }
  }
}
