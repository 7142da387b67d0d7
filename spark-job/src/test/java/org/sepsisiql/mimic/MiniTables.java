package org.sepsisiql.mimic;

import static org.sepsisiql.mimic.MimicTable.ADMISSIONS;
import static org.sepsisiql.mimic.MimicTable.CHARTEVENTS;
import static org.sepsisiql.mimic.MimicTable.ICUSTAYS;
import static org.sepsisiql.mimic.MimicTable.INPUTEVENTS_CV;
import static org.sepsisiql.mimic.MimicTable.INPUTEVENTS_MV;
import static org.sepsisiql.mimic.MimicTable.LABEVENTS;
import static org.sepsisiql.mimic.MimicTable.MICROBIOLOGYEVENTS;
import static org.sepsisiql.mimic.MimicTable.OUTPUTEVENTS;
import static org.sepsisiql.mimic.MimicTable.PATIENTS;
import static org.sepsisiql.mimic.MimicTable.PRESCRIPTIONS;

/**
 * The hand-made scenario of the adapter tests: patient 1 (age 50) with a MetaVision stay 100 and a
 * later stay 101; patient 2 (shifted age ~300, died in hospital) with a CareVue stay 200.
 */
final class MiniTables {
  private MiniTables() {}

  static MiniMimic scenario() {
    MiniMimic m = new MiniMimic();
    m.add(PATIENTS, 1, "F", "2100-01-01", null);
    m.add(PATIENTS, 2, "M", "1800-01-01", "2101-03-01 00:00:00");
    m.add(ADMISSIONS, 10, null, 0);
    m.add(ADMISSIONS, 20, "2101-02-10 12:00:00", 1);
    m.add(ICUSTAYS, 1, 10, 100, "metavision", "2150-01-01 00:00:00", "2150-01-05 00:00:00");
    m.add(ICUSTAYS, 1, 10, 101, "metavision", "2150-01-10 00:00:00", "2150-01-12 00:00:00");
    m.add(ICUSTAYS, 2, 20, 200, "carevue", "2101-02-01 00:00:00", "2101-02-10 12:00:00");
    chart(m);
    m.add(LABEVENTS, 1, 50813, "2149-12-31 12:00:00", 2.0);
    m.add(LABEVENTS, 1, 50813, "2149-12-30 00:00:00", 3.0);
    inputs(m);
    m.add(OUTPUTEVENTS, 100, "2150-01-01 06:00:00", 226559, 300, null);
    m.add(OUTPUTEVENTS, 100, "2150-01-01 07:00:00", 227488, 1000, null);
    m.add(OUTPUTEVENTS, 100, "2150-01-01 08:00:00", 226559, 250, 1);
    m.add(PRESCRIPTIONS, 10, "2150-01-01", "Vancomycin", "IV");
    m.add(PRESCRIPTIONS, 10, "2150-01-01", "Erythromycin Ophth Oint", "OU");
    m.add(PRESCRIPTIONS, 10, "2150-01-01", "Acetaminophen", "PO");
    m.add(MICROBIOLOGYEVENTS, 10, "2150-01-02", null);
    m.add(MICROBIOLOGYEVENTS, 10, "2150-01-01", "2150-01-01 10:00:00");
    m.add(MICROBIOLOGYEVENTS, 10, "2150-01-01", "2150-01-01 10:00:00");
    return m;
  }

  private static void chart(MiniMimic m) {
    m.add(CHARTEVENTS, 100, 223761, "2150-01-01 01:00:00", "98.6", 98.6, 0);
    m.add(CHARTEVENTS, 100, 223835, "2150-01-01 01:00:00", "50", 50, 0);
    m.add(CHARTEVENTS, 100, 220739, "2150-01-01 02:00:00", "4", 4, 0);
    m.add(CHARTEVENTS, 100, 223900, "2150-01-01 02:00:00", "5", 5, 0);
    m.add(CHARTEVENTS, 100, 223901, "2150-01-01 02:00:00", "6", 6, 0);
    m.add(CHARTEVENTS, 100, 220739, "2150-01-01 03:00:00", "4", 4, 0);
    m.add(CHARTEVENTS, 100, 223901, "2150-01-01 03:00:00", "6", 6, 0);
    m.add(CHARTEVENTS, 100, 224685, "2150-01-01 03:00:00", "450", 450, 0);
    m.add(CHARTEVENTS, 100, 220045, "2150-01-01 01:00:00", "80", 80, 0);
    m.add(CHARTEVENTS, 100, 220045, "2150-01-01 01:30:00", "800", 800, 1);
    m.add(CHARTEVENTS, 100, 224639, "2150-01-01 01:00:00", "90", 90, 0);
    m.add(CHARTEVENTS, 100, 226531, "2150-01-01 05:00:00", "176", 176, 0);
    m.add(CHARTEVENTS, 200, 198, "2101-02-01 02:00:00", "9", 9, null);
    m.add(CHARTEVENTS, 200, 190, "2101-02-01 02:00:00", "0.4", 0.4, null);
    m.add(CHARTEVENTS, 200, 678, "2101-02-01 02:00:00", "100.4", 100.4, null);
    m.add(CHARTEVENTS, null, 211, "2101-02-01 02:00:00", "90", 90, null);
  }

  private static void inputs(MiniMimic m) {
    String start = "2150-01-01 04:00:00";
    String end = "2150-01-01 05:00:00";
    m.add(
        INPUTEVENTS_MV,
        100,
        start,
        end,
        225158,
        500,
        "ml",
        500,
        "mL/hour",
        null,
        "FinishedRunning");
    m.add(
        INPUTEVENTS_MV,
        100,
        start,
        end,
        220862,
        100,
        "ml",
        100,
        "mL/hour",
        null,
        "FinishedRunning");
    m.add(
        INPUTEVENTS_MV,
        100,
        start,
        end,
        220949,
        250,
        "ml",
        250,
        "mL/hour",
        null,
        "FinishedRunning");
    m.add(INPUTEVENTS_MV, 100, start, end, 225158, 700, "ml", 700, "mL/hour", null, "Rewritten");
    m.add(INPUTEVENTS_MV, 100, start, end, 221906, 2, "mg", 0.1, "mcg/kg/min", null, "Paused");
    String later = "2150-01-10 04:00:00";
    m.add(
        INPUTEVENTS_MV,
        101,
        later,
        "2150-01-10 05:00:00",
        225828,
        1000,
        "ml",
        1000,
        "mL/hour",
        70,
        "FinishedRunning");
    m.add(INPUTEVENTS_CV, 200, "2101-02-01 06:00:00", 30020, 200, "ml", null, null);
    m.add(INPUTEVENTS_CV, 200, "2101-02-01 06:00:00", 30120, null, null, 0.05, "mcgkgmin");
    m.add(INPUTEVENTS_CV, 200, "2101-02-01 07:00:00", 30120, 4, "mg", null, null);
    m.add(INPUTEVENTS_CV, 200, "2101-02-01 08:00:00", 30120, null, null, 0.1, "mcgkgmin");
    m.add(INPUTEVENTS_CV, 200, "2101-02-01 09:00:00", 30120, null, null, 0.08, "mcgkgmin");
  }
}
