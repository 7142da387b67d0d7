package org.sepsisiql.run;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo setup for every Spark job of the pipeline: ND4J's registrations (arrays and data sets for
 * the DL4J Spark trainers), numeric arrays moved in bulk ({@link BulkArraySerializer}), plus Java
 * serialization for Java records, which Kryo 4's field serializer cannot construct (records have no
 * settable fields).
 */
public final class SepsisKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    new Nd4jRegistrator().registerClasses(kryo);
    kryo.register(Nd4j.getBackend().getNDArrayClass(), new BulkArraySerializer());
    kryo.addDefaultSerializer(Record.class, new JavaSerializer());
  }
}
