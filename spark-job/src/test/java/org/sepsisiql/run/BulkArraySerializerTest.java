package org.sepsisiql.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * ND4J arrays through Spark's Kryo serializer as the pipeline configures it ({@link
 * SepsisKryoRegistrator}, {@link BulkArraySerializer}): every numeric type, views, column-major
 * arrays, scalars and empty arrays come back with the same type, shape and values, and arrays
 * inside other objects too.
 */
class BulkArraySerializerTest {
  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);

  private final SerializerInstance kryo =
      new KryoSerializer(
              new SparkConf()
                  .set("spark.kryo.registrator", SepsisKryoRegistrator.class.getName())
                  .set("spark.kryoserializer.buffer.max", "64m"))
          .newInstance();

  @Test
  void numericArraysComeBackEqual() {
    INDArray matrix = Nd4j.rand(DataType.FLOAT, 37, 11);
    List<INDArray> arrays =
        List.of(
            matrix,
            Nd4j.rand(DataType.DOUBLE, 1, 1000),
            Nd4j.createFromArray(new int[] {3, -1, 7}),
            Nd4j.createFromArray(new long[] {Long.MAX_VALUE, 0}),
            Nd4j.createFromArray(new boolean[] {true, false, true}),
            Nd4j.rand(DataType.FLOAT, 4, 5, 6).castTo(DataType.HALF),
            matrix.get(NDArrayIndex.interval(3, 9), NDArrayIndex.point(4)),
            matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5)),
            Nd4j.rand(DataType.FLOAT, 'f', 6, 3),
            Nd4j.scalar(2.5f),
            Nd4j.empty(DataType.FLOAT));
    for (INDArray array : arrays) {
      INDArray back = roundTrip(array);
      assertEquals(array.dataType(), back.dataType(), "type of " + array.shapeInfoToString());
      assertArrayEquals(array.shape(), back.shape(), "shape of " + array.shapeInfoToString());
      assertEquals(array, back, "values of " + array.shapeInfoToString());
    }
  }

  @Test
  void arraysInsideOtherObjectsComeBackEqual() {
    INDArray features = Nd4j.rand(DataType.FLOAT, 8, 3);
    INDArray labels = Nd4j.rand(DataType.FLOAT, 8, 2);
    org.nd4j.linalg.dataset.MultiDataSet batch =
        new org.nd4j.linalg.dataset.MultiDataSet(
            new INDArray[] {features}, new INDArray[] {labels});
    org.nd4j.linalg.dataset.MultiDataSet back = roundTrip(batch);
    assertEquals(features, back.getFeatures(0));
    assertEquals(labels, back.getLabels(0));
  }

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(T value) {
    return (T) kryo.deserialize(kryo.serialize(value, ANY), ANY);
  }
}
