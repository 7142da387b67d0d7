package org.sepsisiql.data;

import java.util.Arrays;
import java.util.List;

/**
 * The 43 state features, in the order of the {@code state} vector (DESIGN.md section 4).
 *
 * <p>Groups: 5 demographics, 28 measured variables (bin means after sample-and-hold, one per {@link
 * ClinicalVariable}), 4 derived scores computed from the held values, 4 treatment and balance
 * features, and 2 time features (the bin's index in the trajectory and its hours since sepsis
 * onset: the simulator's hazards, and sepsis itself, change with time in the stay). The treatment
 * features describe the previous bin only, so the action taken in a bin never leaks into that bin's
 * state. Features marked {@code logTransformed} are skewed and pass through {@code log(1 + max(x,
 * 0))} before z-scoring.
 */
public enum Feature {
  AGE_YEARS("age_years", Group.DEMOGRAPHIC, false),
  SEX_FEMALE("sex_female", Group.DEMOGRAPHIC, false),
  WEIGHT_KG("weight_kg", Group.DEMOGRAPHIC, false),
  READMISSION("readmission", Group.DEMOGRAPHIC, false),
  ELIXHAUSER("elixhauser", Group.DEMOGRAPHIC, false),
  HEART_RATE(ClinicalVariable.HEART_RATE, false),
  SBP(ClinicalVariable.SBP, false),
  MAP(ClinicalVariable.MAP, false),
  DBP(ClinicalVariable.DBP, false),
  RESP_RATE(ClinicalVariable.RESP_RATE, false),
  TEMP_C(ClinicalVariable.TEMP_C, false),
  SPO2(ClinicalVariable.SPO2, false),
  FIO2(ClinicalVariable.FIO2, false),
  GCS(ClinicalVariable.GCS, false),
  MECH_VENT(ClinicalVariable.MECH_VENT, false),
  POTASSIUM(ClinicalVariable.POTASSIUM, false),
  SODIUM(ClinicalVariable.SODIUM, false),
  CHLORIDE(ClinicalVariable.CHLORIDE, false),
  GLUCOSE(ClinicalVariable.GLUCOSE, true),
  BUN(ClinicalVariable.BUN, true),
  CREATININE(ClinicalVariable.CREATININE, true),
  MAGNESIUM(ClinicalVariable.MAGNESIUM, false),
  HEMOGLOBIN(ClinicalVariable.HEMOGLOBIN, false),
  WBC(ClinicalVariable.WBC, true),
  PLATELETS(ClinicalVariable.PLATELETS, true),
  INR(ClinicalVariable.INR, true),
  PH(ClinicalVariable.PH, false),
  PAO2(ClinicalVariable.PAO2, true),
  PACO2(ClinicalVariable.PACO2, false),
  BASE_EXCESS(ClinicalVariable.BASE_EXCESS, false),
  BICARBONATE(ClinicalVariable.BICARBONATE, false),
  LACTATE(ClinicalVariable.LACTATE, true),
  BILIRUBIN(ClinicalVariable.BILIRUBIN, true),
  SOFA("sofa", Group.DERIVED, false),
  SIRS("sirs", Group.DERIVED, false),
  SHOCK_INDEX("shock_index", Group.DERIVED, false),
  PF_RATIO("pf_ratio", Group.DERIVED, true),
  FLUID_BALANCE_ML("fluid_balance_ml", Group.TREATMENT, false),
  URINE_OUTPUT_ML("urine_output_ml", Group.TREATMENT, true),
  PREV_IV_FLUID_ML("prev_iv_fluid_ml", Group.TREATMENT, true),
  PREV_VASO_DOSE("prev_vaso_dose", Group.TREATMENT, true),
  STEP_INDEX("step_index", Group.TIME, false),
  HOURS_SINCE_ONSET("hours_since_onset", Group.TIME, false);

  /** How a feature is obtained. */
  public enum Group {
    /** From the {@code stays} dataset; constant within a stay. */
    DEMOGRAPHIC,
    /** Bin mean of a measured variable, carried forward within its hold time. */
    MEASURED,
    /** Computed from the held measured values by the udfs (SOFA, SIRS, shock index, P/F). */
    DERIVED,
    /** Fluid balance, urine output and the previous bin's doses. */
    TREATMENT,
    /**
     * Time in the stay: the bin's index in the trajectory (0 at its first bin) and the hours from
     * sepsis onset to the bin's start (negative before onset). Never missing.
     */
    TIME
  }

  /** Number of state features. */
  public static final int COUNT = 43;

  private static final List<Feature> ORDERED = List.of(values());

  private final String columnName;
  private final Group group;
  private final ClinicalVariable variable;
  private final boolean logTransformed;

  Feature(String columnName, Group group, boolean logTransformed) {
    this.columnName = columnName;
    this.group = group;
    this.variable = null;
    this.logTransformed = logTransformed;
  }

  Feature(ClinicalVariable variable, boolean logTransformed) {
    this.columnName = variable.columnName();
    this.group = Group.MEASURED;
    this.variable = variable;
    this.logTransformed = logTransformed;
  }

  /** Column name in the trajectories dataset (raw, before normalization). */
  public String columnName() {
    return columnName;
  }

  public Group group() {
    return group;
  }

  /** The measured variable behind a {@link Group#MEASURED} feature; null for the others. */
  public ClinicalVariable variable() {
    return variable;
  }

  /** Whether the feature is log-transformed before z-scoring. */
  public boolean logTransformed() {
    return logTransformed;
  }

  /** Position in the state vector. */
  public int index() {
    return ordinal();
  }

  /** All features in state-vector order. */
  public static List<Feature> ordered() {
    return ORDERED;
  }

  /** Column names in state-vector order. */
  public static List<String> columnNames() {
    return Arrays.stream(values()).map(Feature::columnName).toList();
  }

  /** The feature of a measured variable. */
  public static Feature of(ClinicalVariable variable) {
    return values()[DEMOGRAPHIC_COUNT + variable.ordinal()];
  }

  private static final int DEMOGRAPHIC_COUNT = 5;

  static {
    if (values().length != COUNT) {
      throw new ExceptionInInitializerError("expected " + COUNT + " features");
    }
  }
}
