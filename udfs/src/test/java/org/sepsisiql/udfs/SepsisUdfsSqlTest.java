package org.sepsisiql.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every SQL function of {@link SepsisUdfs} on one shared local Spark session. */
class SepsisUdfsSqlTest {

  private static final List<String> EXPECTED_NAMES =
      List.of(
          "celsius_from_fahrenheit",
          "kilograms_from_pounds",
          "fio2_fraction",
          "to_canonical_unit",
          "norepinephrine_equivalent",
          "pf_ratio",
          "shock_index",
          "sofa_respiration",
          "sofa_coagulation",
          "sofa_liver",
          "sofa_cardiovascular",
          "sofa_cns",
          "sofa_renal",
          "sofa",
          "sirs",
          "dose_level");

  private static SparkSession spark;
  private static List<String> registered;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("SepsisUdfsSqlTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    registered = SepsisUdfs.register(spark);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  @Test
  void registerNamesEveryFunctionAndIsIdempotent() {
    assertEquals(EXPECTED_NAMES, registered, "names returned by the first register");
    for (String name : EXPECTED_NAMES) {
      assertTrue(spark.catalog().functionExists(name), name + " is registered");
    }
    assertEquals(registered, SepsisUdfs.register(spark), "a second register returns the same");
    spark.sql("DROP TEMPORARY FUNCTION sofa_cns");
    assertFalse(spark.catalog().functionExists("sofa_cns"), "sofa_cns dropped");
    assertEquals(registered, SepsisUdfs.register(spark), "register after a drop");
    assertTrue(spark.catalog().functionExists("sofa_cns"), "a dropped function comes back");
    long count =
        spark.catalog().listFunctions().collectAsList().stream()
            .filter(f -> EXPECTED_NAMES.contains(f.name()))
            .count();
    assertEquals(EXPECTED_NAMES.size(), count, "each function is listed once after two registers");
    assertEquals(
        0.05,
        sqlDouble("norepinephrine_equivalent('Epinephrine', 0.05, 'mcg/kg/min', 70.0)"),
        1e-9,
        "still works");
    assertThrows(IllegalArgumentException.class, () -> SepsisUdfs.register(null), "null session");
  }

  @Test
  void conversionFunctionsAcceptDecimalIntegerAndDoubleLiterals() {
    assertEquals(100.0, sqlDouble("celsius_from_fahrenheit(212)"), 1e-9, "integer literal");
    assertEquals(37.0, sqlDouble("celsius_from_fahrenheit(98.6)"), 1e-9, "decimal literal");
    assertEquals(100.0, sqlDouble("kilograms_from_pounds(220.46226218D)"), 1e-6, "double");
    assertEquals(0.4, sqlDouble("fio2_fraction(40, '%')"), 1e-9, "percent");
    assertEquals(0.4, sqlDouble("fio2_fraction(40, NULL)"), 1e-9, "null unit, value above 1");
    assertEquals(0.4, sqlDouble("fio2_fraction(0.4, NULL)"), 1e-9, "null unit, fraction");
    assertEquals(99.088, sqlDouble("to_canonical_unit('glucose', 5.5, 'mmol/L')"), 1e-9, "glucose");
    assertEquals(37.0, sqlDouble("to_canonical_unit('temp_c', 98.6, 'degF')"), 1e-9, "temp");
    assertEquals(4.1, sqlDouble("to_canonical_unit('potassium', 4.1, NULL)"), 1e-9, "canonical");
    assertEquals(
        0.05,
        sqlDouble("norepinephrine_equivalent('Epinephrine', 0.05, 'mcg/kg/min', 70.0)"),
        1e-9,
        "epinephrine");
    assertEquals(
        0.1,
        sqlDouble("norepinephrine_equivalent('vasopressin', 0.04, 'units/min', NULL)"),
        1e-9,
        "vasopressin needs no weight");
    assertEquals(
        0.1, sqlDouble("norepinephrine_equivalent('levophed', 7, 'mcg/min', 70)"), 1e-9, "alias");
  }

  @Test
  void conversionFunctionsReturnNullForNullOrUnknownInput() {
    for (String expr :
        List.of(
            "celsius_from_fahrenheit(NULL)",
            "kilograms_from_pounds(NULL)",
            "fio2_fraction(NULL, '%')",
            "fio2_fraction(40, 'mmHg')",
            "to_canonical_unit('glucose', NULL, 'mg/dL')",
            "to_canonical_unit('glucose', 100, 'furlongs')",
            "to_canonical_unit('no_such_variable', 100, NULL)",
            "to_canonical_unit(NULL, 100, NULL)",
            "norepinephrine_equivalent(NULL, 0.1, 'mcg/kg/min', 70)",
            "norepinephrine_equivalent('dobutamine', 5, 'mcg/kg/min', 70)",
            "norepinephrine_equivalent('norepinephrine', NULL, 'mcg/kg/min', 70)",
            "norepinephrine_equivalent('norepinephrine', -0.1, 'mcg/kg/min', 70)",
            "norepinephrine_equivalent('norepinephrine', 7, 'mcg/min', NULL)",
            "norepinephrine_equivalent('norepinephrine', 0.1, NULL, 70)",
            "pf_ratio(NULL, 0.4)",
            "pf_ratio(80, 0)",
            "shock_index(100, NULL)",
            "shock_index(100, 0)",
            "celsius_from_fahrenheit(CAST('NaN' AS DOUBLE))")) {
      assertNull(sqlValue(expr), expr + " is NULL");
    }
  }

  @Test
  void ratiosReturnDoubles() {
    assertEquals(200.0, sqlDouble("pf_ratio(80, 0.4)"), 1e-9, "pf_ratio");
    assertEquals(1.0, sqlDouble("shock_index(100, 100)"), 1e-9, "shock_index");
    assertType("pf_ratio(80, 0.4)", DataTypes.DoubleType);
  }

  @Test
  void scoreFunctionsReturnIntsAndScoreMissingAsZero() {
    assertEquals(3, sqlInt("sofa_respiration(150, true)"), "ventilated P/F 150");
    assertEquals(2, sqlInt("sofa_respiration(150, false)"), "unventilated P/F 150");
    assertEquals(3, sqlInt("sofa_respiration(150, 1)"), "0/1 flag as mech_vent");
    assertEquals(0, sqlInt("sofa_respiration(NULL, NULL)"), "missing");
    assertEquals(2, sqlInt("sofa_coagulation(80)"), "coagulation");
    assertEquals(0, sqlInt("sofa_coagulation(NULL)"), "coagulation missing");
    assertEquals(2, sqlInt("sofa_liver(2.5)"), "liver");
    assertEquals(0, sqlInt("sofa_liver(NULL)"), "liver missing");
    assertEquals(4, sqlInt("sofa_cardiovascular(60, 0.2)"), "cardiovascular");
    assertEquals(1, sqlInt("sofa_cardiovascular(60, NULL)"), "cardiovascular, no vasopressor");
    assertEquals(0, sqlInt("sofa_cardiovascular(NULL, NULL)"), "cardiovascular missing");
    assertEquals(3, sqlInt("sofa_cns(8)"), "cns");
    assertEquals(0, sqlInt("sofa_cns(NULL)"), "cns missing");
    assertEquals(3, sqlInt("sofa_renal(1.5, 300)"), "renal");
    assertEquals(1, sqlInt("sofa_renal(1.5, NULL)"), "renal, no urine");
    assertEquals(0, sqlInt("sofa_renal(NULL, NULL)"), "renal missing");
    assertEquals(17, sqlInt("sofa(150, true, 80, 2.5, 60, 0.2, 8, 1.5, 300)"), "sofa");
    assertEquals(
        0, sqlInt("sofa(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"), "sofa missing");
    assertEquals(4, sqlInt("sirs(39, 120, 30, 28, 20)"), "sirs");
    assertEquals(0, sqlInt("sirs(NULL, NULL, NULL, NULL, NULL)"), "sirs missing");
    for (String expr :
        List.of("sofa_cns(8)", "sofa(1, true, 1, 1, 1, 1, 3, 1, 1)", "sirs(1, 1, 1, 1, 1)")) {
      assertType(expr, DataTypes.IntegerType);
      assertFalse(
          spark.sql("SELECT " + expr + " AS v").schema().apply("v").nullable(),
          expr + " is not nullable");
    }
  }

  @Test
  void doseLevelReturnsNullForNegativeDoses() {
    assertEquals(0, sqlInt("dose_level(0, 0.1)"), "no dose");
    assertEquals(0, sqlInt("dose_level(NULL, 0.1)"), "missing dose");
    assertEquals(1, sqlInt("dose_level(0.1, 0.1)"), "at the median");
    assertEquals(2, sqlInt("dose_level(0.2, 0.1)"), "above the median");
    assertNull(sqlValue("dose_level(-0.2, 0.1)"), "negative dose");
    assertType("dose_level(0.2, 0.1)", DataTypes.IntegerType);
    Exception e =
        assertThrows(
            Exception.class, () -> sqlValue("dose_level(0.2, NULL)"), "a missing median fails");
    assertTrue(rootCause(e) instanceof IllegalArgumentException, "root cause: " + rootCause(e));
  }

  @Test
  void functionsRunOnExecutorsOverATableWithNulls() {
    StructType schema =
        new StructType(
            new StructField[] {
              DataTypes.createStructField("id", DataTypes.IntegerType, false),
              DataTypes.createStructField("drug", DataTypes.StringType, true),
              DataTypes.createStructField("rate", DataTypes.DoubleType, true),
              DataTypes.createStructField("rate_unit", DataTypes.StringType, true),
              DataTypes.createStructField("weight_kg", DataTypes.DoubleType, true)
            });
    List<Row> rows =
        List.of(
            RowFactory.create(1, "norepinephrine", 0.1, "mcg/kg/min", 80.0),
            RowFactory.create(2, "Neosynephrine", 140.0, "mcg/min", 70.0),
            RowFactory.create(3, "vasopressin", 2.4, "units/hr", null),
            RowFactory.create(4, null, 0.1, "mcg/kg/min", 70.0),
            RowFactory.create(5, "dopamine", null, "mcg/kg/min", 70.0));
    spark.createDataFrame(rows, schema).repartition(2).createOrReplaceTempView("infusions");
    List<Row> result =
        spark
            .sql(
                "SELECT ne, dose_level(ne, 0.15) AS level FROM (SELECT id,"
                    + " norepinephrine_equivalent(drug, rate, rate_unit, weight_kg) AS ne"
                    + " FROM infusions) ORDER BY id")
            .collectAsList();
    Double[] expectedNe = {0.1, 0.2, 0.1, null, null};
    int[] expectedLevel = {1, 2, 1, 0, 0};
    assertEquals(expectedNe.length, result.size(), "one row per infusion");
    for (int i = 0; i < expectedNe.length; i++) {
      Row row = result.get(i);
      if (expectedNe[i] == null) {
        assertTrue(row.isNullAt(0), "row " + (i + 1) + " NE is NULL: " + row);
      } else {
        assertEquals(expectedNe[i], row.getDouble(0), 1e-9, "row " + (i + 1) + " NE: " + row);
      }
      assertEquals(expectedLevel[i], row.getInt(1), "row " + (i + 1) + " level: " + row);
    }
  }

  @Test
  void readmeDocumentsEveryFunctionWithAWorkingExample() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (String name : EXPECTED_NAMES) {
      assertTrue(readme.contains("`" + name + "("), "README.md documents " + name);
    }
    for (String variable : UnitConversions.canonicalVariables()) {
      assertTrue(readme.contains("`" + variable + "`"), "README.md lists variable " + variable);
    }
    Matcher example =
        Pattern.compile("\\| `([a-z_0-9]+\\([^`]*\\))` → (-?[0-9.]+) \\|$", Pattern.MULTILINE)
            .matcher(readme);
    int examples = 0;
    while (example.find()) {
      String expr = example.group(1);
      double documented = Double.parseDouble(example.group(2));
      assertEquals(documented, number(sqlValue(expr)), 0.005, "README example " + expr);
      examples++;
    }
    assertEquals(EXPECTED_NAMES.size(), examples, "one checked example per SQL function");
  }

  @Test
  void definitionsSurviveJavaSerialization() throws Exception {
    for (SepsisUdfs.Definition definition : SepsisUdfs.definitions()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(definition.function());
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertNotNull(in.readObject(), definition.name() + " deserializes");
      }
    }
  }

  private static Object sqlValue(String expr) {
    return spark.sql("SELECT " + expr).first().get(0);
  }

  private static double number(Object value) {
    assertTrue(value instanceof Number, () -> "a number, not " + value);
    return ((Number) value).doubleValue();
  }

  private static double sqlDouble(String expr) {
    Object value = sqlValue(expr);
    assertTrue(value instanceof Double, () -> expr + " returns a double, not " + value);
    return (Double) value;
  }

  private static int sqlInt(String expr) {
    Object value = sqlValue(expr);
    assertTrue(value instanceof Integer, () -> expr + " returns an int, not " + value);
    return (Integer) value;
  }

  private static void assertType(String expr, DataType expected) {
    assertEquals(
        expected, spark.sql("SELECT " + expr + " AS v").schema().apply("v").dataType(), expr);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
