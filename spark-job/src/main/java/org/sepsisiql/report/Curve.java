package org.sepsisiql.report;

/** One named line of a chart: x and y of equal length; NaN points are left out. */
record Curve(String name, double[] x, double[] y) {
  Curve {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "curve " + name + ": x has " + x.length + " points, y has " + y.length);
    }
  }

  /** A curve over 0, 1, 2, ... (iterations, steps). */
  static Curve indexed(String name, double[] y, int first) {
    double[] x = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = first + i;
    }
    return new Curve(name, x, y);
  }

  boolean hasPoints() {
    for (int i = 0; i < y.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        return true;
      }
    }
    return false;
  }
}
