package org.sepsisiql.cohort;

/**
 * Every cleaning and exclusion rule of the cohort stage, in the order they apply. Each becomes one
 * row of {@code trajectories/_quality} (with 0 when it touched nothing) and is documented in
 * COHORT.md. Within a dataset a row is counted under the first rule it breaks only.
 */
public enum QualityRule {
  STAYS_MISSING_VALUE("stays", "missing_required_value", "drop", "a required column is null"),
  STAYS_END_BEFORE_START(
      "stays", "end_before_start", "drop", "discharge_time or death_time before admit_time"),
  STAYS_IMPLAUSIBLE_AGE(
      "stays", "implausible_age", "drop", "age_years outside [0, 120] (e.g. an age in months)"),
  STAYS_IMPLAUSIBLE_WEIGHT(
      "stays",
      "implausible_weight",
      "drop",
      "weight_kg not finite or outside [20, 400] (e.g. grams or pounds); vasopressor doses per kg"
          + " depend on it"),
  STAYS_DUPLICATE("stays", "duplicate_rows", "deduplicate", "exact duplicate rows, one kept"),
  STAYS_CONFLICTING_ID(
      "stays", "conflicting_stay_id", "drop", "different rows share one stay_id; all dropped"),
  MEASUREMENTS_MISSING_VALUE(
      "measurements",
      "missing_required_value",
      "drop",
      "stay_id, charttime, variable or value null"),
  MEASUREMENTS_UNKNOWN_STAY("measurements", "unknown_stay", "drop", "stay_id not in clean stays"),
  MEASUREMENTS_UNKNOWN_VARIABLE(
      "measurements", "unknown_variable", "drop", "variable is not a canonical variable name"),
  MEASUREMENTS_NON_FINITE("measurements", "non_finite_value", "drop", "value is NaN or infinite"),
  MEASUREMENTS_UNKNOWN_UNIT(
      "measurements", "unknown_unit", "drop", "to_canonical_unit knows no such unit (NULL)"),
  MEASUREMENTS_IMPLAUSIBLE(
      "measurements",
      "implausible_value",
      "drop",
      "canonical value outside the variable's physiological range"),
  MEASUREMENTS_OUTSIDE_STAY(
      "measurements", "outside_stay", "drop", "charttime before admission or after the stay end"),
  MEASUREMENTS_DUPLICATE(
      "measurements", "duplicate_event", "deduplicate", "exact duplicate rows, one kept"),
  FLUIDS_MISSING_VALUE("fluids", "missing_required_value", "drop", "a column is null"),
  FLUIDS_UNKNOWN_STAY("fluids", "unknown_stay", "drop", "stay_id not in clean stays"),
  FLUIDS_NON_FINITE("fluids", "non_finite_value", "drop", "amount_ml is NaN or infinite"),
  FLUIDS_NEGATIVE("fluids", "negative_amount", "drop", "amount_ml below 0"),
  FLUIDS_END_BEFORE_START("fluids", "end_before_start", "drop", "end_time before start_time"),
  FLUIDS_OUTSIDE_STAY("fluids", "outside_stay", "drop", "interval does not overlap the stay"),
  FLUIDS_DUPLICATE("fluids", "duplicate_event", "deduplicate", "exact duplicate rows, one kept"),
  VASOPRESSORS_MISSING_VALUE("vasopressors", "missing_required_value", "drop", "a column is null"),
  VASOPRESSORS_UNKNOWN_STAY("vasopressors", "unknown_stay", "drop", "stay_id not in clean stays"),
  VASOPRESSORS_NON_FINITE("vasopressors", "non_finite_value", "drop", "rate is NaN or infinite"),
  VASOPRESSORS_NEGATIVE("vasopressors", "negative_rate", "drop", "rate below 0"),
  VASOPRESSORS_END_BEFORE_START(
      "vasopressors", "end_before_start", "drop", "end_time before start_time"),
  VASOPRESSORS_UNKNOWN_DRUG_OR_UNIT(
      "vasopressors",
      "unknown_drug_or_unit",
      "drop",
      "norepinephrine_equivalent is NULL: unknown drug or rate unit, or no weight for a per-minute"
          + " rate"),
  VASOPRESSORS_OUTSIDE_STAY(
      "vasopressors", "outside_stay", "drop", "interval does not overlap the stay"),
  VASOPRESSORS_DUPLICATE(
      "vasopressors", "duplicate_event", "deduplicate", "exact duplicate rows, one kept"),
  VASOPRESSORS_CONCURRENT(
      "vasopressors",
      "concurrent_infusions",
      "add",
      "an infusion running while another of the stay runs (two drugs, or one drug charted twice):"
          + " kept, their norepinephrine equivalents add while both run"),
  URINE_MISSING_VALUE("urine_output", "missing_required_value", "drop", "a column is null"),
  URINE_UNKNOWN_STAY("urine_output", "unknown_stay", "drop", "stay_id not in clean stays"),
  URINE_NON_FINITE("urine_output", "non_finite_value", "drop", "amount_ml is NaN or infinite"),
  URINE_NEGATIVE("urine_output", "negative_amount", "drop", "amount_ml below 0"),
  URINE_OUTSIDE_STAY(
      "urine_output", "outside_stay", "drop", "charttime before admission or after the stay end"),
  URINE_DUPLICATE(
      "urine_output", "duplicate_event", "deduplicate", "exact duplicate rows, one kept"),
  INFECTION_MISSING_VALUE(
      "infection", "missing_required_value", "drop", "stay_id null, or both times null"),
  INFECTION_UNKNOWN_STAY("infection", "unknown_stay", "drop", "stay_id not in clean stays"),
  INFECTION_DUPLICATE(
      "infection", "duplicate_event", "deduplicate", "exact duplicate rows, one kept"),
  EXCLUDED_UNDER_AGE(
      "stays", "excluded_under_age", "exclude stay", "age_years below min-age-years"),
  EXCLUDED_NO_SEPSIS_ONSET(
      "stays",
      "excluded_no_sepsis_onset",
      "exclude stay",
      "no onset time and no Sepsis-3 onset from the infection data"),
  EXCLUDED_TOO_FEW_STEPS(
      "stays",
      "excluded_too_few_steps",
      "exclude stay",
      "fewer than min-steps bins in the window clipped to the stay"),
  EXCLUDED_NO_MEASUREMENTS(
      "stays", "excluded_no_measurements", "exclude stay", "no clean measurement in the window");

  private final String dataset;
  private final String rule;
  private final String action;
  private final String description;

  QualityRule(String dataset, String rule, String action, String description) {
    this.dataset = dataset;
    this.rule = rule;
    this.action = action;
    this.description = description;
  }

  public String dataset() {
    return dataset;
  }

  /** The rule's name in {@code _quality}, unique within its dataset. */
  public String rule() {
    return rule;
  }

  /** What happens to a row that breaks the rule: drop, deduplicate, exclude stay, add. */
  public String action() {
    return action;
  }

  public String description() {
    return description;
  }

  /** Whether the rule keeps its rows (counted so that it is never silent) rather than removing. */
  public boolean keepsRows() {
    return action.equals("add");
  }

  /** Whether the rule excludes whole stays from the cohort. */
  public boolean excludesStays() {
    return rule.startsWith("excluded_");
  }
}
