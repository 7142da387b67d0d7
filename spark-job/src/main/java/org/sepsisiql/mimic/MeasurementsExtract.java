package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.ClinicalVariable;
import org.sepsisiql.udfs.UnitConversions;

/**
 * Builds {@code measurements} from CHARTEVENTS and LABEVENTS with the item table of {@link
 * MeasurementItems}.
 *
 * <p>Plain items: value = {@code to_canonical_unit(variable, valuenum, unit)} with the table's unit
 * (Fahrenheit converted, FiO2 above 1 read as percent); rows whose value is NULL after conversion
 * (text-only or unknown) are dropped. GCS: the CareVue total, or the sum of the three MetaVision
 * components charted at the same time (incomplete triples dropped). mech_vent: 1 at every time a
 * ventilator setting is charted (no rows for 0). LABEVENTS carries no icustay_id: a lab belongs to
 * every ICU stay of the patient whose window [intime - lab-hours-before-intime, outtime] holds it.
 * CareVue charts copies of many labs; exact duplicates (stay, time, variable, value) are removed.
 *
 * <p>Cost: CHARTEVENTS is scanned once (the caller filters it to mapped items and caches it); the
 * item table is broadcast; the lab window join shuffles LABEVENTS by subject; duplicate removal
 * shuffles the result once.
 */
final class MeasurementsExtract {
  private MeasurementsExtract() {}

  /** Measurements in {@code ExtractSchemas.MEASUREMENTS} column order. */
  static Dataset<Row> build(
      SparkSession spark, Dataset<Row> chart, MimicTables tables, MimicSettings settings) {
    Dataset<Row> all =
        plainChartItems(spark, chart)
            .unionByName(gcs(chart))
            .unionByName(ventilation(chart))
            .unionByName(labs(spark, tables, settings));
    return all.filter(col("value").isNotNull().and(col("charttime").isNotNull()))
        .withColumn("unit", element_at(canonicalUnits(), col("variable")))
        .dropDuplicates("stay_id", "charttime", "variable", "value");
  }

  private static Dataset<Row> plainChartItems(SparkSession spark, Dataset<Row> chart) {
    Dataset<Row> items = itemTable(spark, false);
    return chart
        .join(broadcast(items), "itemid")
        .select(
            col("icustay_id").as("stay_id"),
            col("charttime"),
            col("variable"),
            call_udf("to_canonical_unit", col("variable"), col("valuenum"), col("source_unit"))
                .as("value"));
  }

  private static Dataset<Row> gcs(Dataset<Row> chart) {
    Dataset<Row> careVue =
        chart
            .filter(col("itemid").isin(MeasurementItems.GCS_TOTAL_CAREVUE.toArray()))
            .select(col("icustay_id").as("stay_id"), col("charttime"), col("valuenum").as("value"));
    Dataset<Row> metaVision =
        chart
            .filter(col("itemid").isin(MeasurementItems.GCS_COMPONENTS_METAVISION.toArray()))
            .filter(col("valuenum").isNotNull())
            .groupBy(col("icustay_id").as("stay_id"), col("charttime"))
            .agg(sum("valuenum").as("value"), countDistinct("itemid").as("components"))
            .filter(col("components").equalTo(MeasurementItems.GCS_COMPONENTS_METAVISION.size()))
            .drop("components");
    return careVue.unionByName(metaVision).withColumn("variable", lit("gcs"));
  }

  private static Dataset<Row> ventilation(Dataset<Row> chart) {
    return chart
        .filter(col("itemid").isin(MeasurementItems.VENTILATOR_SETTINGS.toArray()))
        .filter(col("value").isNotNull().or(col("valuenum").isNotNull()))
        .select(col("icustay_id").as("stay_id"), col("charttime"))
        .distinct()
        .withColumn("variable", lit("mech_vent"))
        .withColumn("value", lit(1.0));
  }

  private static Dataset<Row> labs(SparkSession spark, MimicTables tables, MimicSettings settings) {
    Dataset<Row> stays =
        tables
            .get(MimicTable.ICUSTAYS)
            .select(
                col("subject_id").as("stay_subject"),
                col("icustay_id").as("stay_id"),
                expr("intime - make_interval(0, 0, 0, 0, " + settings.labHoursBeforeIntime() + ")")
                    .as("window_start"),
                col("outtime").as("window_end"));
    return tables
        .get(MimicTable.LABEVENTS)
        .join(broadcast(itemTable(spark, true)), "itemid")
        .join(stays, col("subject_id").equalTo(col("stay_subject")))
        .filter(col("charttime").between(col("window_start"), col("window_end")))
        .select(
            col("stay_id"),
            col("charttime"),
            col("variable"),
            call_udf("to_canonical_unit", col("variable"), col("valuenum"), col("source_unit"))
                .as("value"));
  }

  /** The item table as a small DataFrame: itemid, variable, source_unit. */
  static Dataset<Row> itemTable(SparkSession spark, boolean labs) {
    List<Row> rows = new ArrayList<>();
    for (MeasurementItems.VariableItems entry : MeasurementItems.TABLE) {
      List<Long> ids =
          labs
              ? entry.labs()
              : java.util.stream.Stream.concat(
                      entry.careVue().stream(), entry.metaVision().stream())
                  .toList();
      ids.forEach(id -> rows.add(RowFactory.create(id, entry.variable(), entry.unit())));
    }
    StructType schema =
        new StructType()
            .add("itemid", DataTypes.LongType, false)
            .add("variable", DataTypes.StringType, false)
            .add("source_unit", DataTypes.StringType, true);
    return spark.createDataFrame(rows, schema);
  }

  private static Column canonicalUnits() {
    List<Column> pairs = new ArrayList<>();
    for (ClinicalVariable variable : ClinicalVariable.values()) {
      pairs.add(lit(variable.columnName()));
      pairs.add(
          lit(UnitConversions.canonicalUnit(variable.columnName())).cast(DataTypes.StringType));
    }
    return functions.map(pairs.toArray(Column[]::new));
  }
}
