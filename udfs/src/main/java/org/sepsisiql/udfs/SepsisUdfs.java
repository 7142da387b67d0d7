package org.sepsisiql.udfs;

import static org.apache.spark.sql.functions.udf;
import static org.sepsisiql.udfs.SqlArgs.flag;
import static org.sepsisiql.udfs.SqlArgs.number;
import static org.sepsisiql.udfs.SqlArgs.result;
import static org.sepsisiql.udfs.SqlArgs.text;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.api.java.UDF9;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Registers the functions of {@link UnitConversions}, {@link Vasopressors}, {@link Scores} and
 * {@link DoseLevels} as Spark SQL functions (names and examples in udfs/README.md).
 *
 * <p>Each function is a Spark Java UDF ({@code UDF1..UDF9}, all {@link java.io.Serializable}) with
 * an explicit return type. Arguments go through {@link SqlArgs}: NULL in becomes {@code NaN}, and a
 * {@code NaN} result comes back as NULL. Scores return a non-nullable {@code INT}. The functions
 * are row-wise and deterministic: they add no shuffle and collect nothing, and Catalyst can push
 * them into any projection or filter.
 */
public final class SepsisUdfs {

  private static final DataType DOUBLE = DataTypes.DoubleType;
  private static final DataType INT = DataTypes.IntegerType;

  /** Runtime configuration key marking a session whose functions are registered. */
  public static final String REGISTERED_KEY = "sepsisiql.udfs.registered";

  private SepsisUdfs() {}

  /** One SQL function: its name and the Spark function that implements it. */
  record Definition(String name, UserDefinedFunction function) {}

  /**
   * Registers every function below on the session once (idempotent); returns the names registered.
   *
   * <p>The session's runtime configuration keeps a marker ({@value #REGISTERED_KEY}); once it is
   * set, a later call registers only the functions that no longer exist (dropped in between) and
   * returns the same names. Registering costs only catalog updates on the driver.
   */
  public static List<String> register(SparkSession spark) {
    if (spark == null) {
      throw new IllegalArgumentException("spark must be a SparkSession, cannot be: null");
    }
    List<Definition> definitions = definitions();
    List<String> names = definitions.stream().map(Definition::name).toList();
    boolean marked = "true".equals(spark.conf().get(REGISTERED_KEY, "false"));
    for (Definition definition : definitions) {
      if (!marked || !spark.catalog().functionExists(definition.name())) {
        spark.udf().register(definition.name(), definition.function());
      }
    }
    spark.conf().set(REGISTERED_KEY, "true");
    return names;
  }

  /** All SQL functions, in the order of udfs/README.md. */
  static List<Definition> definitions() {
    List<Definition> all = new ArrayList<>();
    all.addAll(conversions());
    all.addAll(ratios());
    all.addAll(sofaComponents());
    all.addAll(totals());
    return List.copyOf(all);
  }

  private static List<Definition> conversions() {
    UDF1<Object, Double> celsius = f -> result(UnitConversions.celsiusFromFahrenheit(number(f)));
    UDF1<Object, Double> kilograms = lb -> result(UnitConversions.kilogramsFromPounds(number(lb)));
    UDF2<Object, Object, Double> fio2 =
        (value, unit) -> result(UnitConversions.fio2Fraction(number(value), text(unit)));
    UDF3<Object, Object, Object, Double> canonical =
        (variable, value, unit) ->
            result(UnitConversions.toCanonical(text(variable), number(value), text(unit)));
    UDF4<Object, Object, Object, Object, Double> ne =
        (drug, rate, unit, weight) ->
            result(
                Vasopressors.norepinephrineEquivalent(
                    text(drug), number(rate), text(unit), number(weight)));
    return List.of(
        new Definition("celsius_from_fahrenheit", udf(celsius, DOUBLE)),
        new Definition("kilograms_from_pounds", udf(kilograms, DOUBLE)),
        new Definition("fio2_fraction", udf(fio2, DOUBLE)),
        new Definition("to_canonical_unit", udf(canonical, DOUBLE)),
        new Definition("norepinephrine_equivalent", udf(ne, DOUBLE)));
  }

  private static List<Definition> ratios() {
    UDF2<Object, Object, Double> pf =
        (pao2, fio2) -> result(Scores.pfRatio(number(pao2), number(fio2)));
    UDF2<Object, Object, Double> shock =
        (hr, sbp) -> result(Scores.shockIndex(number(hr), number(sbp)));
    return List.of(
        new Definition("pf_ratio", udf(pf, DOUBLE)),
        new Definition("shock_index", udf(shock, DOUBLE)));
  }

  private static List<Definition> sofaComponents() {
    UDF2<Object, Object, Integer> respiration =
        (pf, vent) -> Scores.sofaRespiration(number(pf), flag(vent));
    UDF1<Object, Integer> coagulation = platelets -> Scores.sofaCoagulation(number(platelets));
    UDF1<Object, Integer> liver = bilirubin -> Scores.sofaLiver(number(bilirubin));
    UDF2<Object, Object, Integer> cardiovascular =
        (map, ne) -> Scores.sofaCardiovascular(number(map), number(ne));
    UDF1<Object, Integer> cns = gcs -> Scores.sofaCns(number(gcs));
    UDF2<Object, Object, Integer> renal =
        (creatinine, urine) -> Scores.sofaRenal(number(creatinine), number(urine));
    return List.of(
        new Definition("sofa_respiration", score(udf(respiration, INT))),
        new Definition("sofa_coagulation", score(udf(coagulation, INT))),
        new Definition("sofa_liver", score(udf(liver, INT))),
        new Definition("sofa_cardiovascular", score(udf(cardiovascular, INT))),
        new Definition("sofa_cns", score(udf(cns, INT))),
        new Definition("sofa_renal", score(udf(renal, INT))));
  }

  private static List<Definition> totals() {
    UDF9<Object, Object, Object, Object, Object, Object, Object, Object, Object, Integer> sofa =
        (pf, vent, platelets, bilirubin, map, ne, gcs, creatinine, urine) ->
            Scores.sofa(
                number(pf),
                flag(vent),
                number(platelets),
                number(bilirubin),
                number(map),
                number(ne),
                number(gcs),
                number(creatinine),
                number(urine));
    UDF5<Object, Object, Object, Object, Object, Integer> sirs =
        (temp, hr, rr, paco2, wbc) ->
            Scores.sirs(number(temp), number(hr), number(rr), number(paco2), number(wbc));
    UDF2<Object, Object, Integer> doseLevel =
        (dose, median) -> {
          int level = DoseLevels.level(number(dose), number(median));
          return level == DoseLevels.INVALID ? null : level;
        };
    return List.of(
        new Definition("sofa", score(udf(sofa, INT))),
        new Definition("sirs", score(udf(sirs, INT))),
        new Definition("dose_level", udf(doseLevel, INT)));
  }

  private static UserDefinedFunction score(UserDefinedFunction function) {
    return function.asNonNullable();
  }
}
