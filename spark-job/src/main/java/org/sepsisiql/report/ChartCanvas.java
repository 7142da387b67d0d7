package org.sepsisiql.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

/**
 * Renders JFreeChart charts to PNG bytes in one house style (white background, light grid, a
 * colour-blind safe palette). Switches AWT to headless mode before any chart exists, so the report
 * renders on cluster nodes and in CI without a display.
 */
final class ChartCanvas {
  /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
  static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    new Color(0x000000),
    new Color(0xF0E442)
  };

  static final Color GRID = new Color(0xDDDDDD);
  private final StandardChartTheme theme;

  ChartCanvas() {
    System.setProperty("java.awt.headless", "true");
    theme = new StandardChartTheme("sepsis-iql");
    theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setDomainGridlinePaint(GRID);
    theme.setRangeGridlinePaint(GRID);
    theme.setPlotOutlinePaint(Color.GRAY);
    theme.setShadowVisible(false);
  }

  static Color color(int index) {
    return PALETTE[index % PALETTE.length];
  }

  /** A dashed grey horizontal or vertical reference line at {@code value}. */
  static ValueMarker marker(double value, String label) {
    ValueMarker marker = new ValueMarker(value);
    marker.setPaint(Color.GRAY);
    marker.setStroke(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
    if (label != null) {
      marker.setLabel(label);
      marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    }
    return marker;
  }

  /** Applies the house style; call before customizing series colours and annotations. */
  JFreeChart styled(JFreeChart chart) {
    theme.apply(chart);
    Plot plot = chart.getPlot();
    plot.setOutlineVisible(true);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    return chart;
  }

  /** Renders the chart as a PNG image of the given size. */
  byte[] png(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render a chart", e);
    }
    return out.toByteArray();
  }
}
