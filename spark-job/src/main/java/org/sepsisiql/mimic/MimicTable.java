package org.sepsisiql.mimic;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The MIMIC-III v1.4 tables the adapter reads, each with the columns it uses and their types: the
 * explicit schema of the reader (nothing is inferred; columns not named here are never read).
 *
 * <p>Column names follow the demo's lowercase headers; PhysioNet's full release spells them in
 * upper case, and both resolve (lookups are case-insensitive). Times are {@code yyyy-MM-dd
 * HH:mm:ss} or, for date-only columns such as {@code dob} or {@code startdate}, {@code yyyy-MM-dd};
 * both are read in UTC.
 */
public enum MimicTable implements SourceTable {
  PATIENTS(
      cols("subject_id", Type.LONG, "gender", Type.STRING, "dob", Type.TIME, "dod", Type.TIME)),
  ADMISSIONS(
      cols(
          "hadm_id", Type.LONG,
          "deathtime", Type.TIME,
          "hospital_expire_flag", Type.LONG)),
  ICUSTAYS(
      cols(
          "subject_id", Type.LONG,
          "hadm_id", Type.LONG,
          "icustay_id", Type.LONG,
          "dbsource", Type.STRING,
          "intime", Type.TIME,
          "outtime", Type.TIME)),
  CHARTEVENTS(
      cols(
          "icustay_id", Type.LONG,
          "itemid", Type.LONG,
          "charttime", Type.TIME,
          "value", Type.STRING,
          "valuenum", Type.DOUBLE,
          "error", Type.LONG)),
  LABEVENTS(
      cols(
          "subject_id",
          Type.LONG,
          "itemid",
          Type.LONG,
          "charttime",
          Type.TIME,
          "valuenum",
          Type.DOUBLE)),
  INPUTEVENTS_CV(
      cols(
          "icustay_id", Type.LONG,
          "charttime", Type.TIME,
          "itemid", Type.LONG,
          "amount", Type.DOUBLE,
          "amountuom", Type.STRING,
          "rate", Type.DOUBLE,
          "rateuom", Type.STRING)),
  INPUTEVENTS_MV(
      cols(
          "icustay_id", Type.LONG,
          "starttime", Type.TIME,
          "endtime", Type.TIME,
          "itemid", Type.LONG,
          "amount", Type.DOUBLE,
          "amountuom", Type.STRING,
          "rate", Type.DOUBLE,
          "rateuom", Type.STRING,
          "patientweight", Type.DOUBLE,
          "statusdescription", Type.STRING)),
  OUTPUTEVENTS(
      cols(
          "icustay_id", Type.LONG,
          "charttime", Type.TIME,
          "itemid", Type.LONG,
          "value", Type.DOUBLE,
          "iserror", Type.LONG)),
  PRESCRIPTIONS(
      cols(
          "hadm_id", Type.LONG, "startdate", Type.TIME, "drug", Type.STRING, "route", Type.STRING)),
  MICROBIOLOGYEVENTS(cols("hadm_id", Type.LONG, "chartdate", Type.TIME, "charttime", Type.TIME)),
  D_ITEMS(cols("itemid", Type.LONG, "label", Type.STRING)),
  D_LABITEMS(cols("itemid", Type.LONG, "label", Type.STRING));

  /** How a column is typed after reading. */
  public enum Type {
    LONG(DataTypes.LongType),
    DOUBLE(DataTypes.DoubleType),
    STRING(DataTypes.StringType),
    /** A timestamp, {@code yyyy-MM-dd HH:mm:ss} or a date {@code yyyy-MM-dd}, UTC. */
    TIME(DataTypes.TimestampType);

    private final DataType dataType;

    Type(DataType dataType) {
      this.dataType = dataType;
    }

    /** The Spark type of a column after reading. */
    public DataType dataType() {
      return dataType;
    }
  }

  private final Map<String, Type> columns;

  MimicTable(Map<String, Type> columns) {
    this.columns = columns;
  }

  /** The columns the adapter uses, in a stable order, with their types. */
  @Override
  public Map<String, Type> columns() {
    return columns;
  }

  /** The table's file name stem as PhysioNet publishes it, e.g. {@code CHARTEVENTS}. */
  @Override
  public String fileStem() {
    return name();
  }

  @Override
  public String releaseHint(String column, java.util.List<String> present) {
    return column.equals("icustay_id") && present.contains("stay_id")
        ? " (MIMIC-IV names it stay_id: use --source mimic-iv with the release's hosp/ and icu/"
            + " folders)"
        : "";
  }

  static Map<String, Type> cols(Object... nameTypePairs) {
    Map<String, Type> columns = new LinkedHashMap<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      columns.put((String) nameTypePairs[i], (Type) nameTypePairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(columns);
  }
}
