package org.sepsisiql.mimic;

import java.util.List;
import java.util.Map;

/**
 * Item ids of treatments and outputs: IV fluids with their tonicity factor, vasopressors with their
 * drug, urine outputs, and weights. Checked against the demo's D_ITEMS by a test.
 *
 * <p>Fluids follow the AI Clinician's {@code fluid} extraction (Komorowski et al. 2018, MIMIC-III
 * notebook): the charted volume in mL is multiplied by a tonicity factor relative to 0.9 % saline
 * (the "total equivalent volume"): 0.45 % saline 0.5, 0.25 % saline 0.25, 3 % saline 3, 23.4 %
 * saline 8, albumin 25 % 5, sodium bicarbonate 8.4 % 6.66, everything else isotonic 1. Two
 * deviations, both documented in MIMIC.md: blood products (packed cells, plasma, platelets,
 * cryoprecipitate) are not resuscitation fluids here and are left out, and so is free water (D5W,
 * sterile water; tonicity 0), which the AI Clinician counted at 1.
 */
public final class TreatmentItems {
  private TreatmentItems() {}

  /** One fluid item: its tonicity factor (mL of 0.9 % saline per mL charted). */
  public record FluidItem(long itemid, String label, double tonicity) {}

  /** Crystalloids and colloids of INPUTEVENTS_CV (&lt; 220000) and INPUTEVENTS_MV. */
  public static final List<FluidItem> FLUIDS =
      List.of(
          new FluidItem(30018, ".9% Normal Saline", 1.0),
          new FluidItem(30021, "Lactated Ringers", 1.0),
          new FluidItem(30015, "D5/.45NS", 0.5),
          new FluidItem(30020, ".45% Normal Saline", 0.5),
          new FluidItem(30060, "D5NS", 1.0),
          new FluidItem(30061, "D5RL", 1.0),
          new FluidItem(30066, "Carrier", 1.0),
          new FluidItem(30008, "Albumin 5%", 1.0),
          new FluidItem(30009, "Albumin 25%", 5.0),
          new FluidItem(30011, "Dextran 40", 1.0),
          new FluidItem(30014, "D5/.2NS", 1.0),
          new FluidItem(30030, "Sodium Bicarbonate", 6.66),
          new FluidItem(30143, "3% Normal Saline", 3.0),
          new FluidItem(30159, "D5 Ringers Lact.", 1.0),
          new FluidItem(30160, "D5 Normal Saline", 1.0),
          new FluidItem(30161, ".3% normal Saline", 0.3),
          new FluidItem(30168, "Normal Saline_GU", 1.0),
          new FluidItem(30176, ".25% Normal Saline", 0.25),
          new FluidItem(30185, ".9NS + 1:1 Heparin", 1.0),
          new FluidItem(30186, ".45NS + 1:1 Heparin", 0.5),
          new FluidItem(30190, "NS .9%", 1.0),
          new FluidItem(30210, ".9NS flush", 1.0),
          new FluidItem(30211, ".45NS flush", 0.5),
          new FluidItem(30296, "Sodium Chloride", 1.0),
          new FluidItem(30315, ".25 NS+0.5:1 Heparin", 0.25),
          new FluidItem(30321, ".45NS + .5:1 Heparin", 0.5),
          new FluidItem(30352, "0.9% Normal Saline", 1.0),
          new FluidItem(30353, "0.45% Normal Saline", 0.5),
          new FluidItem(30381, ".9NS + 0.5:1 heparin", 1.0),
          new FluidItem(40850, "ns bolus", 1.0),
          new FluidItem(41491, "fluid bolus", 1.0),
          new FluidItem(42244, ".45ns + 1 amp bicarb", 0.5),
          new FluidItem(42698, "NS W/ 40 KCL", 1.0),
          new FluidItem(42742, "1/2 NS WITH 40 KCL", 0.5),
          new FluidItem(45399, "SSC 30", 1.0),
          new FluidItem(46087, "IV PLASMOLYTE", 1.0),
          new FluidItem(46493, "RESCUE LINE", 1.0),
          new FluidItem(46516, "rescue flush", 1.0),
          new FluidItem(225158, "NaCl 0.9%", 1.0),
          new FluidItem(225159, "NaCl 0.45%", 0.5),
          new FluidItem(225161, "NaCl 3% (Hypertonic Saline)", 3.0),
          new FluidItem(225823, "D5 1/2NS", 0.5),
          new FluidItem(225825, "D5NS", 1.0),
          new FluidItem(225827, "D5LR", 1.0),
          new FluidItem(225828, "LR", 1.0),
          new FluidItem(225941, "D5 1/4NS", 0.25),
          new FluidItem(225943, "Solution", 1.0),
          new FluidItem(226089, "Piggyback", 1.0),
          new FluidItem(220862, "Albumin 25%", 5.0),
          new FluidItem(220864, "Albumin 5%", 1.0),
          new FluidItem(220995, "Sodium Bicarbonate 8.4%", 6.66),
          new FluidItem(227533, "Sodium Bicarbonate 8.4% (Amp)", 6.66),
          new FluidItem(227523, "Magnesium Sulfate (Bolus)", 1.0),
          new FluidItem(228341, "NaCl 23.4%", 8.0));

  /**
   * Vasopressor items by canonical drug name (the names {@code norepinephrine_equivalent}
   * understands). CareVue "-k" items are the drips charted with a rate; MetaVision has one item per
   * drug. Dobutamine and milrinone are inotropes, not vasopressors, and are left out.
   */
  public static final Map<Long, String> VASOPRESSORS =
      Map.ofEntries(
          Map.entry(30047L, "norepinephrine"),
          Map.entry(30120L, "norepinephrine"),
          Map.entry(221906L, "norepinephrine"),
          Map.entry(30044L, "epinephrine"),
          Map.entry(30119L, "epinephrine"),
          Map.entry(30309L, "epinephrine"),
          Map.entry(221289L, "epinephrine"),
          Map.entry(30127L, "phenylephrine"),
          Map.entry(30128L, "phenylephrine"),
          Map.entry(221749L, "phenylephrine"),
          Map.entry(30051L, "vasopressin"),
          Map.entry(222315L, "vasopressin"),
          Map.entry(30043L, "dopamine"),
          Map.entry(30307L, "dopamine"),
          Map.entry(221662L, "dopamine"));

  /**
   * Urine output items of OUTPUTEVENTS (mimic-code urine output concept): Foley, void, condom and
   * straight catheters, suprapubic, nephrostomies, ureteral stents, ileal conduit. The GU irrigant
   * items (227488 volume in, 227489 irrigant/urine out) are left out rather than subtracted: a
   * negative row would be dropped by the cohort stage's negative-amount rule anyway.
   */
  public static final List<Long> URINE =
      List.of(
          40055L, 43175L, 40069L, 40094L, 40715L, 40473L, 40085L, 40057L, 40056L, 40405L, 40428L,
          40096L, 40651L, 226559L, 226560L, 226561L, 226584L, 226563L, 226564L, 226565L, 226567L,
          226557L, 226558L);

  /** Admission weights in kg (CareVue 762 "Admit Wt", MetaVision 226512). */
  public static final List<Long> ADMISSION_WEIGHT_KG = List.of(762L, 226512L);

  /** MetaVision 226531 "Admission Weight (lbs.)", converted with kilograms_from_pounds. */
  public static final List<Long> ADMISSION_WEIGHT_LB = List.of(226531L);

  /** Other charted weights in kg: daily (763, 224639) and previous (580, 581) weights. */
  public static final List<Long> OTHER_WEIGHT_KG = List.of(763L, 224639L, 580L, 581L);
}
