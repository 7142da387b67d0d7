package org.sepsisiql.agent;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major single-precision matrix products on Java arrays through the OpenBLAS that ND4J's CPU
 * backend ships with ({@code org.bytedeco.openblas}), and block copies between Java arrays and
 * ND4J's off-heap buffers. A product into a preallocated Java array costs what the GEMM costs; an
 * ND4J {@code mmul} that allocates its result measured about 3.5 times slower on the layer's shapes
 * (AGENT.md, "Where the time goes").
 */
final class HeapBlas {
  private HeapBlas() {}

  /** Whether ND4J runs on the CPU backend, where OpenBLAS is on the classpath. */
  static boolean available() {
    return Holder.AVAILABLE;
  }

  /** c[m, n] = a[m, k] * b[k, n]. */
  static void nn(float[] a, float[] b, float[] c, int m, int k, int n) {
    gemm(openblas.CblasNoTrans, openblas.CblasNoTrans, a, b, c, m, k, n, k, n);
  }

  /** c[m, n] = a[m, k] * b[n, k]^T. */
  static void nt(float[] a, float[] b, float[] c, int m, int k, int n) {
    gemm(openblas.CblasNoTrans, openblas.CblasTrans, a, b, c, m, k, n, k, k);
  }

  /** c[m, n] = a[k, m]^T * b[k, n]. */
  static void tn(float[] a, float[] b, float[] c, int m, int k, int n) {
    gemm(openblas.CblasTrans, openblas.CblasNoTrans, a, b, c, m, k, n, m, n);
  }

  /**
   * z[m, n] = a[m, k] * b[n, k]^T + bias (added to every row), and {@code rowSums[i] = sum_j z[i,
   * j]}, both from the same off-heap product.
   */
  static void affine(
      float[] a, float[] b, float[] bias, float[] z, float[] rowSums, int m, int k, int n) {
    Scratch scratch = SCRATCH.get();
    FloatPointer pa = scratch.a(m * k);
    FloatPointer pb = scratch.b(k * n);
    FloatPointer pc = scratch.c(m * n);
    for (int row = 0; row < m; row++) {
      System.arraycopy(bias, 0, z, row * n, n);
    }
    pa.put(a, 0, m * k);
    pb.put(b, 0, k * n);
    pc.put(z, 0, m * n);
    openblas.cblas_sgemm(
        openblas.CblasRowMajor,
        openblas.CblasNoTrans,
        openblas.CblasTrans,
        m,
        n,
        k,
        1f,
        pa,
        k,
        pb,
        k,
        1f,
        pc,
        n);
    FloatPointer sums = scratch.b(m);
    openblas.cblas_sgemv(
        openblas.CblasRowMajor,
        openblas.CblasNoTrans,
        m,
        n,
        1f,
        pc,
        n,
        scratch.ones(n),
        1,
        0f,
        sums,
        1);
    pc.get(z, 0, m * n);
    sums.get(rowSums, 0, m);
  }

  /** out[i] = sum_j values[i, j] for a row-major [rows, columns] matrix. */
  static void rowSums(float[] values, float[] out, int rows, int columns) {
    sums(values, out, rows, columns, openblas.CblasNoTrans, columns, rows);
  }

  /** out[j] = sum_i values[i, j] for a row-major [rows, columns] matrix. */
  static void columnSums(float[] values, float[] out, int rows, int columns) {
    sums(values, out, rows, columns, openblas.CblasTrans, rows, columns);
  }

  private static void sums(
      float[] values,
      float[] out,
      int rows,
      int columns,
      int trans,
      int onesLength,
      int outLength) {
    Scratch scratch = SCRATCH.get();
    FloatPointer pa = scratch.a((long) rows * columns);
    FloatPointer pc = scratch.c(outLength);
    pa.put(values, 0, rows * columns);
    openblas.cblas_sgemv(
        openblas.CblasRowMajor,
        trans,
        rows,
        columns,
        1f,
        pa,
        columns,
        scratch.ones(onesLength),
        1,
        0f,
        pc,
        1);
    pc.get(out, 0, outLength);
  }

  /**
   * Copies the operands into this thread's off-heap scratch buffers, multiplies there and copies
   * the product back: one memcpy per operand. (Passing Java arrays to JavaCPP instead makes the JVM
   * allocate, copy and copy back every array on each call, about 0.3-0.5 ms per product here.)
   */
  private static void gemm(
      int transA,
      int transB,
      float[] a,
      float[] b,
      float[] c,
      int m,
      int k,
      int n,
      int lda,
      int ldb) {
    Scratch scratch = SCRATCH.get();
    FloatPointer pa = scratch.a(m * k);
    FloatPointer pb = scratch.b(k * n);
    FloatPointer pc = scratch.c(m * n);
    pa.put(a, 0, m * k);
    pb.put(b, 0, k * n);
    openblas.cblas_sgemm(
        openblas.CblasRowMajor, transA, transB, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
    pc.get(c, 0, m * n);
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Off-heap operand buffers of one thread, grown on demand and kept. */
  private static final class Scratch {
    private FloatPointer a;
    private FloatPointer b;
    private FloatPointer c;
    private FloatPointer ones;

    FloatPointer ones(long length) {
      if (ones == null || ones.capacity() < length) {
        ones = fit(ones, length);
        float[] values = new float[(int) length];
        java.util.Arrays.fill(values, 1f);
        ones.put(values, 0, values.length);
      }
      return ones;
    }

    FloatPointer a(long length) {
      a = fit(a, length);
      return a;
    }

    FloatPointer b(long length) {
      b = fit(b, length);
      return b;
    }

    FloatPointer c(long length) {
      c = fit(c, length);
      return c;
    }

    private static FloatPointer fit(FloatPointer pointer, long length) {
      if (pointer != null && pointer.capacity() >= length) {
        return pointer;
      }
      if (pointer != null) {
        pointer.close();
      }
      return new FloatPointer(Math.max(length, 1));
    }
  }

  /** Copies {@code src} into {@code dst} in row-major ('c') order, converting when needed. */
  static void read(INDArray src, float[] dst) {
    INDArray dense =
        src.ordering() == 'c' && isDenseFloat(src) ? src : src.castTo(DataType.FLOAT).dup('c');
    copyOut(dense, dst);
  }

  /**
   * Copies a float array with default strides into {@code dst} in its own memory order: a parameter
   * view as it lies in the network's flat vector ('f' weights arrive transposed).
   */
  static void readRaw(INDArray src, float[] dst) {
    if (!isDenseFloat(src)) {
      throw new IllegalArgumentException(
          "expected a float array with default strides, got " + src.dataType() + " " + src);
    }
    copyOut(src, dst);
  }

  private static void copyOut(INDArray dense, float[] dst) {
    FloatBuffer buffer = dense.data().asNioFloat();
    buffer.position((int) dense.offset());
    buffer.get(dst, 0, (int) dense.length());
  }

  /** Writes {@code src} into {@code dst} (float, default strides) in its own memory order. */
  static void write(float[] src, INDArray dst) {
    if (!isDenseFloat(dst)) {
      throw new IllegalArgumentException(
          "expected a float array with default strides, got "
              + dst.dataType()
              + " of shape "
              + java.util.Arrays.toString(dst.shape()));
    }
    FloatBuffer buffer = dst.data().asNioFloat();
    buffer.position((int) dst.offset());
    buffer.put(src, 0, (int) dst.length());
  }

  private static boolean isDenseFloat(INDArray array) {
    if (array.dataType() != DataType.FLOAT) {
      return false;
    }
    long[] shape = array.shape();
    long[] defaults =
        array.ordering() == 'c'
            ? org.nd4j.common.util.ArrayUtil.calcStrides(shape)
            : org.nd4j.common.util.ArrayUtil.calcStridesFortran(shape);
    long[] strides = array.stride();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] > 1 && strides[i] != defaults[i]) {
        return false;
      }
    }
    return true;
  }

  private static final class Holder {
    static final boolean AVAILABLE = detect();

    private static boolean detect() {
      String backend = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName();
      if (!backend.contains("Cpu")) {
        return false;
      }
      try {
        Class.forName("org.bytedeco.openblas.global.openblas");
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
  }
}
