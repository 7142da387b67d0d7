package org.sepsisiql.run;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo serializer for ND4J arrays that moves a numeric array's data as one block of bytes. ND4J's
 * own ({@link Nd4jSerializer}) writes and reads one element at a time through data streams: 4 ms to
 * write and 3 ms to read the default network's parameters with their Adam moments (337,000 floats),
 * paid several times per averaging split of the Spark trainers (DL4J's broadcast of the network,
 * each worker's result). Strings and compressed buffers still go through ND4J's serializer (which
 * fails on empty arrays; those are written here). The bytes are in the writer's native order, which
 * the reader checks.
 */
public final class BulkArraySerializer extends Serializer<INDArray> {
  private static final byte ND4J = 0;
  private static final byte BULK = 1;
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  private static final boolean CPU_BACKEND =
      Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");

  private final Nd4jSerializer nd4j = new Nd4jSerializer();

  @Override
  public void write(Kryo kryo, Output output, INDArray array) {
    if (!bulk(array)) {
      output.writeByte(ND4J);
      nd4j.write(kryo, output, array);
      return;
    }
    INDArray dense = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
    int length = dense.isEmpty() ? 0 : Math.toIntExact(dense.length() * dense.dataType().width());
    byte[] bytes = new byte[length];
    if (length > 0) {
      ByteBuffer data = dense.data().asNio();
      data.position(0);
      data.get(bytes, 0, length);
    }
    output.writeByte(BULK);
    output.writeBoolean(LITTLE_ENDIAN);
    output.writeString(dense.dataType().name());
    long[] shape = dense.shape();
    output.writeInt(shape.length, true);
    for (long size : shape) {
      output.writeLong(size, true);
    }
    output.writeInt(length, true);
    output.writeBytes(bytes);
  }

  @Override
  public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
    if (input.readByte() == ND4J) {
      return nd4j.read(kryo, input, type);
    }
    if (input.readBoolean() != LITTLE_ENDIAN) {
      throw new KryoException(
          "an ND4J array written on a machine of the other byte order; use the same architecture"
              + " for the driver and the executors");
    }
    DataType dataType = DataType.valueOf(input.readString());
    long[] shape = new long[input.readInt(true)];
    for (int d = 0; d < shape.length; d++) {
      shape[d] = input.readLong(true);
    }
    byte[] bytes = input.readBytes(input.readInt(true));
    if (bytes.length == 0) {
      return shape.length == 0 ? Nd4j.empty(dataType) : Nd4j.create(dataType, shape);
    }
    INDArray array =
        shape.length == 0
            ? Nd4j.scalar(dataType, 0)
            : Nd4j.createUninitialized(dataType, shape, 'c');
    ByteBuffer data = array.data().asNio();
    data.position(0);
    data.put(bytes);
    return array;
  }

  private static boolean bulk(INDArray array) {
    return !array.isCompressed() && array.dataType().isNumerical() && CPU_BACKEND;
  }
}
