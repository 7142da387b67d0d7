package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds {@code fluids}, {@code vasopressors} and {@code urine_output} from INPUTEVENTS_CV,
 * INPUTEVENTS_MV and OUTPUTEVENTS with the item table of {@link TreatmentItems}.
 *
 * <p>Fluids: rows in mL with a positive amount; amount_ml = amount x tonicity. MetaVision has start
 * and end; a CareVue volume is charted at one time and is taken as given over the {@code
 * carevue-bolus-hours} before it. Vasopressors: rows with a non-negative rate and a rate unit (the
 * amount-only CareVue rows, totals of a bag, are skipped); MetaVision start/end as charted, a
 * CareVue rate from its charttime until the next rate of the same item, at most {@code
 * carevue-rate-hold-hours}. MetaVision rows whose status is "Rewritten" (replaced by a corrected
 * row) are skipped. Urine: OUTPUTEVENTS urine items, value &gt;= 0, not marked as error.
 *
 * <p>Cost: broadcast joins with the item tables; one window (a shuffle by stay) for CareVue rates.
 */
final class TreatmentsExtract {
  private TreatmentsExtract() {}

  static Dataset<Row> fluids(SparkSession spark, MimicTables tables, MimicSettings settings) {
    Dataset<Row> items = fluidTable(spark);
    Dataset<Row> careVue =
        inMillilitres(tables.get(MimicTable.INPUTEVENTS_CV))
            .join(broadcast(items), "itemid")
            .select(
                col("icustay_id").as("stay_id"),
                hoursBefore("charttime", settings.careVueBolusHours()).as("start_time"),
                col("charttime").as("end_time"),
                col("amount").multiply(col("tonicity")).as("amount_ml"));
    Dataset<Row> metaVision =
        notRewritten(inMillilitres(tables.get(MimicTable.INPUTEVENTS_MV)))
            .join(broadcast(items), "itemid")
            .select(
                col("icustay_id").as("stay_id"),
                col("starttime").as("start_time"),
                col("endtime").as("end_time"),
                col("amount").multiply(col("tonicity")).as("amount_ml"));
    return careVue.unionByName(metaVision).filter(col("end_time").geq(col("start_time")));
  }

  static Dataset<Row> vasopressors(SparkSession spark, MimicTables tables, MimicSettings settings) {
    Dataset<Row> drugs = vasopressorTable(spark);
    Column next =
        lead(col("charttime"), 1)
            .over(Window.partitionBy("icustay_id", "itemid").orderBy("charttime"));
    Column hold = hoursAfter("charttime", settings.careVueRateHoldHours());
    Dataset<Row> careVue =
        withRate(tables.get(MimicTable.INPUTEVENTS_CV))
            .join(broadcast(drugs), "itemid")
            .select(
                col("icustay_id").as("stay_id"),
                col("charttime").as("start_time"),
                least(coalesce(next, hold), hold).as("end_time"),
                col("drug"),
                col("rate"),
                col("rateuom").as("rate_unit"));
    Dataset<Row> metaVision =
        notRewritten(withRate(tables.get(MimicTable.INPUTEVENTS_MV)))
            .join(broadcast(drugs), "itemid")
            .select(
                col("icustay_id").as("stay_id"),
                col("starttime").as("start_time"),
                col("endtime").as("end_time"),
                col("drug"),
                col("rate"),
                col("rateuom").as("rate_unit"));
    return careVue.unionByName(metaVision).filter(col("end_time").geq(col("start_time")));
  }

  static Dataset<Row> urineOutput(MimicTables tables) {
    return tables
        .get(MimicTable.OUTPUTEVENTS)
        .filter(col("itemid").isin(TreatmentItems.URINE.toArray()))
        .filter(coalesce(col("iserror"), lit(0L)).notEqual(1L))
        .filter(col("value").geq(0))
        .select(col("icustay_id").as("stay_id"), col("charttime"), col("value").as("amount_ml"));
  }

  private static Dataset<Row> inMillilitres(Dataset<Row> inputs) {
    return inputs.filter(lower(trim(col("amountuom"))).equalTo("ml").and(col("amount").gt(0)));
  }

  private static Dataset<Row> withRate(Dataset<Row> inputs) {
    return inputs.filter(col("rate").geq(0).and(col("rateuom").isNotNull()));
  }

  private static Dataset<Row> notRewritten(Dataset<Row> inputsMv) {
    return inputsMv.filter(
        coalesce(lower(col("statusdescription")), lit("")).notEqual("rewritten"));
  }

  static Column hoursBefore(String time, int hours) {
    return expr(time + " - make_interval(0, 0, 0, 0, " + hours + ")");
  }

  static Column hoursAfter(String time, int hours) {
    return expr(time + " + make_interval(0, 0, 0, 0, " + hours + ")");
  }

  private static Dataset<Row> fluidTable(SparkSession spark) {
    List<Row> rows =
        TreatmentItems.FLUIDS.stream()
            .map(item -> RowFactory.create(item.itemid(), item.tonicity()))
            .toList();
    StructType schema =
        new StructType()
            .add("itemid", DataTypes.LongType, false)
            .add("tonicity", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema);
  }

  private static Dataset<Row> vasopressorTable(SparkSession spark) {
    List<Row> rows =
        TreatmentItems.VASOPRESSORS.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> RowFactory.create(entry.getKey(), entry.getValue()))
            .toList();
    StructType schema =
        new StructType()
            .add("itemid", DataTypes.LongType, false)
            .add("drug", DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }
}
