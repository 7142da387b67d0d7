package org.sepsisiql.udfs;

import java.util.List;
import java.util.Map;

/**
 * Converts vasopressor infusion rates to one norepinephrine-equivalent dose in mcg/kg/min, so that
 * the action space has a single vasopressor axis (DESIGN.md section 4).
 *
 * <p>The rate is first brought to the drug's own reference unit (mcg/kg/min for catecholamines,
 * units/min for vasopressin), dividing by body weight where the rate is not weight-based, then
 * multiplied by the drug's factor:
 *
 * <table>
 *   <caption>Norepinephrine-equivalent factors</caption>
 *   <tr><th>drug</th><th>reference unit</th><th>factor</th></tr>
 *   <tr><td>norepinephrine</td><td>mcg/kg/min</td><td>1</td></tr>
 *   <tr><td>epinephrine</td><td>mcg/kg/min</td><td>1</td></tr>
 *   <tr><td>phenylephrine</td><td>mcg/kg/min</td><td>0.1 (divide by 10)</td></tr>
 *   <tr><td>dopamine</td><td>mcg/kg/min</td><td>0.01 (divide by 100)</td></tr>
 *   <tr><td>vasopressin</td><td>units/min</td><td>2.5 (0.04 U/min = 0.1 mcg/kg/min)</td></tr>
 * </table>
 *
 * <p>Sources: Goradia S, Sardaneh AA, Narayan SW, Penm J, Patanwala AE. "Vasopressor dose
 * equivalence: A scoping review and suggested formula." J Crit Care 2021;61:233-240 (the formula NE
 * + epinephrine + phenylephrine/10 + dopamine/100 + vasopressin x 2.5); Kotani Y, Di Gioia A,
 * Landoni G, Belletti A, Khanna AK. "An updated 'norepinephrine equivalent' score in intensive care
 * as a marker of shock severity." Crit Care 2023;27:29, whose updated formula adds newer agents and
 * keeps these factors for the five drugs here. The AI Clinician (Komorowski M et al., Nat Med
 * 2018;24:1716-1720) used older conventions: vasopressin x 5, phenylephrine x 0.45, and an assumed
 * 80 kg weight for rates per minute. This class uses the Goradia/Kotani factors and never assumes a
 * weight: a per-minute rate without weight is {@code NaN}, and the cohort stage decides how to
 * impute.
 *
 * <p>Drug names and units are matched case-insensitively; MIMIC spellings such as {@code
 * "mcgkgmin"} or {@code "Levophed-k"} are accepted. Unknown drug or unit, a negative or missing
 * rate, or a missing or non-positive weight where needed all give {@code NaN}; nothing throws.
 */
public final class Vasopressors {

  private static final double NE_PER_VASOPRESSIN_UNIT_PER_MIN = 2.5;

  private static final List<String> DRUGS =
      List.of("norepinephrine", "epinephrine", "phenylephrine", "vasopressin", "dopamine");

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("norepinephrine", "norepinephrine"),
          Map.entry("noradrenaline", "norepinephrine"),
          Map.entry("norepi", "norepinephrine"),
          Map.entry("norad", "norepinephrine"),
          Map.entry("levophed", "norepinephrine"),
          Map.entry("levophed-k", "norepinephrine"),
          Map.entry("norepinephrine bitartrate", "norepinephrine"),
          Map.entry("epinephrine", "epinephrine"),
          Map.entry("adrenaline", "epinephrine"),
          Map.entry("epi", "epinephrine"),
          Map.entry("epinephrine-k", "epinephrine"),
          Map.entry("adrenalin", "epinephrine"),
          Map.entry("phenylephrine", "phenylephrine"),
          Map.entry("neosynephrine", "phenylephrine"),
          Map.entry("neo-synephrine", "phenylephrine"),
          Map.entry("neosynephrine-k", "phenylephrine"),
          Map.entry("phenylephrine hydrochloride", "phenylephrine"),
          Map.entry("vasopressin", "vasopressin"),
          Map.entry("pitressin", "vasopressin"),
          Map.entry("argipressin", "vasopressin"),
          Map.entry("dopamine", "dopamine"),
          Map.entry("intropin", "dopamine"),
          Map.entry("dopamine drip", "dopamine"));

  private Vasopressors() {}

  /** Reference-unit dose per rate unit: mcg/kg/min for masses, units/min for vasopressin. */
  private enum RateUnit {
    MCG_KG_MIN(1.0, false, false),
    MCG_KG_HR(1.0 / 60.0, false, false),
    MG_KG_MIN(1000.0, false, false),
    MG_KG_HR(1000.0 / 60.0, false, false),
    MCG_MIN(1.0, true, false),
    MCG_HR(1.0 / 60.0, true, false),
    MG_MIN(1000.0, true, false),
    MG_HR(1000.0 / 60.0, true, false),
    UNITS_MIN(1.0, false, true),
    UNITS_HR(1.0 / 60.0, false, true);

    final double factor;
    final boolean perWeight;
    final boolean units;

    RateUnit(double factor, boolean perWeight, boolean units) {
      this.factor = factor;
      this.perWeight = perWeight;
      this.units = units;
    }
  }

  /**
   * Norepinephrine-equivalent dose in mcg/kg/min. rateUnit one of mcg/kg/min, mcg/min (needs
   * weight), mg/kg/min, mg/min, mg/hr, mcg/kg/hr, units/min, units/hr (vasopressin), also
   * "mcgkgmin" style MIMIC spellings. NaN for unknown drug/unit, negative rate, or missing weight
   * where needed.
   *
   * <p>Vasopressin must come in units (per minute or hour); the catecholamines in mass units. A
   * zero rate gives 0. Weight is ignored for weight-based units and for vasopressin.
   */
  public static double norepinephrineEquivalent(
      String drug, double rate, String rateUnit, double weightKg) {
    String canonical = canonicalDrug(drug);
    RateUnit unit = parseRateUnit(rateUnit);
    if (canonical == null || unit == null || !Double.isFinite(rate) || rate < 0.0) {
      return Double.NaN;
    }
    boolean vasopressin = canonical.equals("vasopressin");
    if (vasopressin != unit.units) {
      return Double.NaN;
    }
    double dose = rate * unit.factor;
    if (unit.perWeight) {
      if (!Double.isFinite(weightKg) || weightKg <= 0.0) {
        return Double.NaN;
      }
      dose /= weightKg;
    }
    return dose * factor(canonical);
  }

  /** The canonical drug names understood by {@link #norepinephrineEquivalent}. */
  public static List<String> knownDrugs() {
    return DRUGS;
  }

  /**
   * The canonical name of a drug or one of its aliases ({@code "Levophed"} gives {@code
   * "norepinephrine"}); null when unknown.
   */
  public static String canonicalDrug(String drug) {
    return drug == null ? null : ALIASES.get(Keys.name(drug));
  }

  private static double factor(String canonicalDrug) {
    return switch (canonicalDrug) {
      case "norepinephrine", "epinephrine" -> 1.0;
      case "phenylephrine" -> 0.1;
      case "dopamine" -> 0.01;
      case "vasopressin" -> NE_PER_VASOPRESSIN_UNIT_PER_MIN;
      default -> throw new IllegalStateException("no factor for drug: " + canonicalDrug);
    };
  }

  /** Parses a rate unit; null when unknown. */
  private static RateUnit parseRateUnit(String rateUnit) {
    String key = Keys.unit(rateUnit);
    if (key == null) {
      return null;
    }
    key =
        key.replace("micrograms", "mcg")
            .replace("microgram", "mcg")
            .replace("milligrams", "mg")
            .replace("milligram", "mg")
            .replace("ug", "mcg")
            .replace("mcmcg", "mcg")
            .replace("units", "u")
            .replace("unit", "u")
            .replace("iu", "u")
            .replace("minutes", "min")
            .replace("minute", "min")
            .replace("hours", "hr")
            .replace("hour", "hr")
            .replace("per", "")
            .replace("/", "")
            .replace(".", "");
    if (key.endsWith("h")) {
      key = key + "r";
    }
    return switch (key) {
      case "mcgkgmin" -> RateUnit.MCG_KG_MIN;
      case "mcgkghr" -> RateUnit.MCG_KG_HR;
      case "mgkgmin" -> RateUnit.MG_KG_MIN;
      case "mgkghr" -> RateUnit.MG_KG_HR;
      case "mcgmin" -> RateUnit.MCG_MIN;
      case "mcghr" -> RateUnit.MCG_HR;
      case "mgmin" -> RateUnit.MG_MIN;
      case "mghr" -> RateUnit.MG_HR;
      case "umin" -> RateUnit.UNITS_MIN;
      case "uhr" -> RateUnit.UNITS_HR;
      default -> null;
    };
  }
}
