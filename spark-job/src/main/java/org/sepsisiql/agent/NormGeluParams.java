package org.sepsisiql.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of a {@link DenseNormGelu} layer, as views of the layer's slice of the network's one
 * flat parameter (and gradient) vector: the weight matrix {@code W} [nIn, nOut] in 'f' order, the
 * dense bias {@code b}, the layer-norm gain {@code g} (initialized to 1) and the layer-norm bias
 * {@code beta} (0). Only {@code W} is a "weight" (weight decay applies); the rest are "biases".
 */
final class NormGeluParams implements ParamInitializer {
  static final String WEIGHT = "W";
  static final String BIAS = "b";
  static final String GAIN = "g";
  static final String SHIFT = "beta";
  private static final List<String> KEYS = List.of(WEIGHT, BIAS, GAIN, SHIFT);

  static final NormGeluParams INSTANCE = new NormGeluParams();

  private NormGeluParams() {}

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    DenseNormGelu conf = (DenseNormGelu) layer;
    return conf.getNIn() * conf.getNOut() + 3 * conf.getNOut();
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return KEYS;
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of(WEIGHT);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of(BIAS, GAIN, SHIFT);
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return WEIGHT.equals(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return BIAS.equals(key) || GAIN.equals(key) || SHIFT.equals(key);
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    DenseNormGelu layer = (DenseNormGelu) conf.getLayer();
    Map<String, INDArray> views = split(layer, paramsView);
    long[] shape = {layer.getNIn(), layer.getNOut()};
    INDArray weights = views.get(WEIGHT);
    if (initializeParams) {
      weights =
          layer
              .getWeightInitFn()
              .init(
                  layer.getNIn(),
                  layer.getNOut(),
                  shape,
                  IWeightInit.DEFAULT_WEIGHT_INIT_ORDER,
                  weights);
      views.get(BIAS).assign(layer.getBiasInit());
      views.get(GAIN).assign(1.0);
      views.get(SHIFT).assign(0.0);
    } else {
      weights = WeightInitUtil.reshapeWeights(shape, weights);
    }
    views.put(WEIGHT, weights);
    KEYS.forEach(conf::addVariable);
    return views;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    DenseNormGelu layer = (DenseNormGelu) conf.getLayer();
    Map<String, INDArray> views = split(layer, gradientView);
    views.put(WEIGHT, views.get(WEIGHT).reshape('f', layer.getNIn(), layer.getNOut()));
    return views;
  }

  private static Map<String, INDArray> split(DenseNormGelu layer, INDArray flat) {
    long nIn = layer.getNIn();
    long nOut = layer.getNOut();
    long expected = nIn * nOut + 3 * nOut;
    if (flat.length() != expected) {
      throw new IllegalStateException(
          "expected a parameter view of length " + expected + ", got " + flat.length());
    }
    Map<String, INDArray> views = new LinkedHashMap<>();
    long offset = 0;
    views.put(WEIGHT, row(flat, offset, nIn * nOut));
    offset += nIn * nOut;
    for (String key : List.of(BIAS, GAIN, SHIFT)) {
      views.put(key, row(flat, offset, nOut));
      offset += nOut;
    }
    return views;
  }

  private static INDArray row(INDArray flat, long offset, long length) {
    return flat.get(
        NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(offset, offset + length));
  }
}
