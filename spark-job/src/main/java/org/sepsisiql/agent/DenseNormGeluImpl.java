package org.sepsisiql.agent;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The running {@link DenseNormGelu} layer. Forward, per example: {@code z = x W + b}, {@code xhat =
 * (z - mean(z)) / sqrt(var(z) + eps)}, {@code y = g * xhat + beta}, {@code a = gelu(y)} (the tanh
 * form of GELU, {@link TanhGelu}).
 *
 * <p>Backward, from {@code dL/da}: {@code dy = gelu'(y) dL/da}; {@code dg = sum(dy xhat)}, {@code
 * dbeta = sum(dy)} over the batch; {@code dxhat = g dy}; {@code dz = (dxhat - mean(dxhat) - xhat
 * mean(dxhat xhat)) / sqrt(var + eps)}; then {@code dW = x^T dz}, {@code db = sum(dz)}, {@code
 * dL/dx = dz W^T}.
 *
 * <p>Two ways to run it. In single precision on ND4J's CPU backend (training and inference by
 * default) the layer copies its input and parameters to Java arrays and runs {@link
 * NormGeluKernel}: OpenBLAS GEMMs into preallocated arrays and vectorized loops, with the forward
 * pass of a training step kept for backpropagation. Otherwise (double precision, as the gradient
 * checks use, or another backend) it runs as ND4J ops and recomputes the forward pass in backprop.
 * {@code HeapKernelTest} holds the two to the same outputs and gradients.
 */
final class DenseNormGeluImpl extends BaseLayer<DenseNormGelu> {
  private transient NormGeluKernel kernel;
  private transient INDArray kernelInput;

  DenseNormGeluImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean onHeap() {
    return dataType == DataType.FLOAT && HeapBlas.available();
  }

  private NormGeluKernel kernel() {
    if (kernel == null) {
      DenseNormGelu conf = layerConf();
      kernel = new NormGeluKernel((int) conf.getNIn(), (int) conf.getNOut(), conf.getEpsilon());
    }
    return kernel;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    if (onHeap()) {
      return activateOnHeap(training, workspaceMgr);
    }
    Normalized forward = normalize(training, workspaceMgr);
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS, forward.y.dataType(), forward.y.shape(), 'c');
    return TanhGelu.forward(forward.y, TanhGelu.tanhTerm(forward.y), out);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (onHeap()) {
      return backpropOnHeap(epsilon, workspaceMgr);
    }
    Normalized forward = normalize(true, workspaceMgr);
    INDArray dy = TanhGelu.backward(forward.y, TanhGelu.tanhTerm(forward.y), epsilon);
    INDArray gain = getParam(NormGeluParams.GAIN);
    gradientViews.get(NormGeluParams.GAIN).assign(dy.mul(forward.xhat).sum(true, 0));
    gradientViews.get(NormGeluParams.SHIFT).assign(dy.sum(true, 0));

    INDArray dxhat = dy.muliRowVector(gain);
    INDArray meanDxhat = dxhat.mean(true, 1);
    INDArray meanDxhatXhat = dxhat.mul(forward.xhat).mean(true, 1);
    INDArray dz =
        dxhat
            .subiColumnVector(meanDxhat)
            .subi(forward.xhat.muliColumnVector(meanDxhatXhat))
            .muliColumnVector(forward.rstd);

    INDArray weights = getParam(NormGeluParams.WEIGHT);
    INDArray input = this.input.castTo(dz.dataType());
    INDArray weightGradient = gradientViews.get(NormGeluParams.WEIGHT);
    input.transpose().mmuli(dz, weightGradient);
    gradientViews.get(NormGeluParams.BIAS).assign(dz.sum(true, 0));

    INDArray epsilonNext =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, dz.dataType(), new long[] {dz.rows(), weights.rows()}, 'f');
    dz.mmuli(weights.transpose(), epsilonNext);

    return new Pair<>(gradientOfViews(), epsilonNext);
  }

  private INDArray activateOnHeap(boolean training, LayerWorkspaceMgr workspaceMgr) {
    applyDropOutIfNecessary(training, workspaceMgr);
    float[] activations = forwardOnHeap();
    kernelInput = training ? input : null;
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS,
            DataType.FLOAT,
            new long[] {input.size(0), layerConf().getNOut()},
            'c');
    HeapBlas.write(activations, out);
    return out;
  }

  private float[] forwardOnHeap() {
    NormGeluKernel k = kernel();
    HeapBlas.read(input, k.input((int) input.size(0)));
    HeapBlas.readRaw(getParam(NormGeluParams.WEIGHT), k.wt);
    HeapBlas.readRaw(getParam(NormGeluParams.BIAS), k.bias);
    HeapBlas.readRaw(getParam(NormGeluParams.GAIN), k.gain);
    HeapBlas.readRaw(getParam(NormGeluParams.SHIFT), k.shift);
    return k.forward();
  }

  private Pair<Gradient, INDArray> backpropOnHeap(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    NormGeluKernel k = kernel();
    if (kernelInput != input || k.rows() != input.size(0)) {
      forwardOnHeap();
    }
    kernelInput = null;
    float[] dA = k.outputGradient();
    HeapBlas.read(epsilon, dA);
    float[] dx = k.backward(dA, true);
    HeapBlas.write(k.weightGradient, gradientViews.get(NormGeluParams.WEIGHT));
    HeapBlas.write(k.biasGradient, gradientViews.get(NormGeluParams.BIAS));
    HeapBlas.write(k.gainGradient, gradientViews.get(NormGeluParams.GAIN));
    HeapBlas.write(k.shiftGradient, gradientViews.get(NormGeluParams.SHIFT));
    INDArray epsilonNext =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD,
            DataType.FLOAT,
            new long[] {input.size(0), layerConf().getNIn()},
            'c');
    HeapBlas.write(dx, epsilonNext);
    return new Pair<>(gradientOfViews(), epsilonNext);
  }

  private Gradient gradientOfViews() {
    Gradient gradient = new DefaultGradient();
    for (String key : NormGeluParams.INSTANCE.paramKeys(layerConf())) {
      gradient.setGradientFor(key, gradientViews.get(key));
    }
    return gradient;
  }

  private Normalized normalize(boolean training, LayerWorkspaceMgr workspaceMgr) {
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray input = this.input.castTo(dataType);
    INDArray z = input.mmul(getParam(NormGeluParams.WEIGHT));
    z.addiRowVector(getParam(NormGeluParams.BIAS));
    z.subiColumnVector(z.mean(true, 1));
    INDArray variance = z.mul(z).mean(true, 1);
    INDArray rstd = Transforms.pow(variance.addi(layerConf().getEpsilon()), -0.5, false);
    INDArray xhat = z.muliColumnVector(rstd);
    INDArray y =
        xhat.mulRowVector(getParam(NormGeluParams.GAIN))
            .addiRowVector(getParam(NormGeluParams.SHIFT));
    return new Normalized(xhat, rstd, y);
  }

  private record Normalized(INDArray xhat, INDArray rstd, INDArray y) {}
}
