package org.sepsisiql.udfs;

/**
 * Severity scores of the state vector: PaO2/FiO2 ratio, shock index, the six SOFA components and
 * their sum, and the SIRS criteria count.
 *
 * <p>SOFA follows Vincent JL et al., "The SOFA (Sepsis-related Organ Failure Assessment) score to
 * describe organ dysfunction/failure", Intensive Care Med 1996;22:707-710. SIRS follows Bone RC et
 * al., ACCP/SCCM Consensus Conference, Chest 1992;101:1644-1655.
 *
 * <p>Missing values ({@code NaN}, infinities, and physically impossible negative values) score as
 * normal: 0 points for a SOFA component, criterion not met for SIRS. This is the standard
 * imputation in the SOFA literature and in the AI Clinician (Komorowski et al., Nat Med 2018), and
 * it keeps the scores total functions so that a Spark job never fails on one odd row. The derived
 * ratios ({@link #pfRatio}, {@link #shockIndex}) instead return {@code NaN} when they cannot be
 * computed, so the cohort stage can carry values forward or impute them.
 */
public final class Scores {

  private Scores() {}

  /** PaO2 (mmHg) / FiO2 (fraction); NaN if missing or fio2 &lt;= 0, or PaO2 is negative. */
  public static double pfRatio(double pao2MmHg, double fio2Fraction) {
    if (!present(pao2MmHg) || !Double.isFinite(fio2Fraction) || fio2Fraction <= 0.0) {
      return Double.NaN;
    }
    return pao2MmHg / fio2Fraction;
  }

  /** Heart rate / systolic blood pressure; NaN if sbp &lt;= 0 or missing, or heart rate is. */
  public static double shockIndex(double heartRate, double sbp) {
    if (!present(heartRate) || !Double.isFinite(sbp) || sbp <= 0.0) {
      return Double.NaN;
    }
    return heartRate / sbp;
  }

  /**
   * SOFA respiration: P/F &lt; 400 gives 1, &lt; 300 gives 2, &lt; 200 with ventilation 3, &lt; 100
   * with ventilation 4; without ventilation the score stops at 2. Missing gives 0.
   */
  public static int sofaRespiration(double pfRatio, boolean mechVent) {
    if (!present(pfRatio)) {
      return 0;
    }
    if (mechVent && pfRatio < 100.0) {
      return 4;
    }
    if (mechVent && pfRatio < 200.0) {
      return 3;
    }
    if (pfRatio < 300.0) {
      return 2;
    }
    return pfRatio < 400.0 ? 1 : 0;
  }

  /** SOFA coagulation from platelets (10^3/uL): &lt; 150, &lt; 100, &lt; 50, &lt; 20 give 1..4. */
  public static int sofaCoagulation(double plateletsKPerUl) {
    if (!present(plateletsKPerUl)) {
      return 0;
    }
    return descending(plateletsKPerUl, 150.0, 100.0, 50.0, 20.0);
  }

  /** SOFA liver from bilirubin (mg/dL): at least 1.2, 2.0, 6.0, 12.0 give 1..4. */
  public static int sofaLiver(double bilirubinMgDl) {
    if (!present(bilirubinMgDl)) {
      return 0;
    }
    return ascending(bilirubinMgDl, 1.2, 2.0, 6.0, 12.0);
  }

  /**
   * SOFA cardiovascular. NE-eq 0 &lt; x &lt;= 0.1 gives 3, &gt; 0.1 gives 4, else MAP &lt; 70 gives
   * 1.
   *
   * <p>Vincent's dopamine and dobutamine tiers (score 2) are not separate here: every vasopressor
   * arrives as a norepinephrine equivalent (mcg/kg/min, see {@link Vasopressors}). A missing or
   * negative dose counts as none.
   */
  public static int sofaCardiovascular(double map, double norepinephrineEquivalent) {
    if (present(norepinephrineEquivalent) && norepinephrineEquivalent > 0.0) {
      return norepinephrineEquivalent > 0.1 ? 4 : 3;
    }
    return present(map) && map < 70.0 ? 1 : 0;
  }

  /**
   * SOFA central nervous system from the Glasgow Coma Scale: 13-14 gives 1, 10-12 gives 2, 6-9
   * gives 3, &lt; 6 gives 4. A GCS outside 3..15 is impossible and counts as missing (0).
   * Non-integer values (bin means) fall in the band below the next integer: 12.5 gives 2.
   */
  public static int sofaCns(double gcs) {
    if (!present(gcs) || gcs < 3.0 || gcs > 15.0) {
      return 0;
    }
    return descending(gcs, 15.0, 13.0, 10.0, 6.0);
  }

  /**
   * SOFA renal: creatinine (mg/dL) at least 1.2, 2.0, 3.5, 5.0 gives 1..4; urine output below 500
   * mL/24 h gives 3, below 200 mL/24 h gives 4; the larger of the two counts.
   */
  public static int sofaRenal(double creatinineMgDl, double urineMlPer24h) {
    int byCreatinine = present(creatinineMgDl) ? ascending(creatinineMgDl, 1.2, 2.0, 3.5, 5.0) : 0;
    int byUrine = 0;
    if (present(urineMlPer24h)) {
      byUrine = urineMlPer24h < 200.0 ? 4 : urineMlPer24h < 500.0 ? 3 : 0;
    }
    return Math.max(byCreatinine, byUrine);
  }

  /** Total SOFA score 0..24: the sum of the six components above. */
  public static int sofa(
      double pfRatio,
      boolean mechVent,
      double platelets,
      double bilirubin,
      double map,
      double neDose,
      double gcs,
      double creatinine,
      double urineMlPer24h) {
    return sofaRespiration(pfRatio, mechVent)
        + sofaCoagulation(platelets)
        + sofaLiver(bilirubin)
        + sofaCardiovascular(map, neDose)
        + sofaCns(gcs)
        + sofaRenal(creatinine, urineMlPer24h);
  }

  /**
   * Number of SIRS criteria met, 0..4: temperature &gt; 38 or &lt; 36 C; heart rate &gt; 90/min;
   * respiratory rate &gt; 20/min or PaCO2 &lt; 32 mmHg; WBC &gt; 12 or &lt; 4 K/uL. A missing value
   * does not meet its criterion.
   */
  public static int sirs(
      double tempC, double heartRate, double respRate, double paco2, double wbc) {
    int count = 0;
    if (present(tempC) && (tempC > 38.0 || tempC < 36.0)) {
      count++;
    }
    if (present(heartRate) && heartRate > 90.0) {
      count++;
    }
    if ((present(respRate) && respRate > 20.0) || (present(paco2) && paco2 < 32.0)) {
      count++;
    }
    if (present(wbc) && (wbc > 12.0 || wbc < 4.0)) {
      count++;
    }
    return count;
  }

  /** True for a usable measurement: finite and not negative. */
  private static boolean present(double value) {
    return Double.isFinite(value) && value >= 0.0;
  }

  /** 1..4 for each of the falling thresholds the value is strictly below, else 0. */
  private static int descending(double value, double t1, double t2, double t3, double t4) {
    return value < t4 ? 4 : value < t3 ? 3 : value < t2 ? 2 : value < t1 ? 1 : 0;
  }

  /** 1..4 for each of the rising thresholds the value reaches, else 0. */
  private static int ascending(double value, double t1, double t2, double t3, double t4) {
    return value >= t4 ? 4 : value >= t3 ? 3 : value >= t2 ? 2 : value >= t1 ? 1 : 0;
  }
}
