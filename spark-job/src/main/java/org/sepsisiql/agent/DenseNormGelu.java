package org.sepsisiql.agent;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a hidden layer doing dense, then layer normalization with a learned gain and
 * bias, then GELU: {@code gelu(g * normalize(x W + b) + beta)}, with {@code normalize} over the
 * layer's units. DL4J 1.0.0-M2's own {@code DenseLayer.hasLayerNorm(true)} fails at run time, so
 * this layer does it with hand-written backpropagation ({@link DenseNormGeluImpl}).
 *
 * <p>Serializable to DL4J's JSON (a no-argument constructor and a bean property for epsilon), so a
 * saved model or a Spark-broadcast configuration restores it.
 */
public final class DenseNormGelu extends FeedForwardLayer {
  private double epsilon;

  /** For JSON deserialization. */
  public DenseNormGelu() {}

  private DenseNormGelu(Builder builder) {
    super(builder);
    this.epsilon = builder.epsilon;
  }

  public double getEpsilon() {
    return epsilon;
  }

  public void setEpsilon(double epsilon) {
    this.epsilon = epsilon;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    DenseNormGeluImpl layer = new DenseNormGeluImpl(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> table = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(table);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return NormGeluParams.INSTANCE;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType outputType = getOutputType(-1, inputType);
    long params = initializer().numParams(this);
    long perExample = 4 * outputType.arrayElementsPerExample();
    return new LayerMemoryReport.Builder(layerName, DenseNormGelu.class, inputType, outputType)
        .standardMemory(params, getIUpdater().stateSize(params))
        .workingMemory(0, perExample, 0, perExample)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DenseNormGelu layer
        && super.equals(other)
        && Double.compare(epsilon, layer.epsilon) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), epsilon);
  }

  /** Builds the layer; {@code nIn}, {@code nOut} and weight initialization as for DenseLayer. */
  public static final class Builder extends FeedForwardLayer.Builder<Builder> {
    private double epsilon = 1e-5;

    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public DenseNormGelu build() {
      return new DenseNormGelu(this);
    }
  }
}
