package org.sepsisiql.mimic;

import static org.sepsisiql.mimic.MimicIvTable.ADMISSIONS;
import static org.sepsisiql.mimic.MimicIvTable.CHARTEVENTS;
import static org.sepsisiql.mimic.MimicIvTable.D_ITEMS;
import static org.sepsisiql.mimic.MimicIvTable.D_LABITEMS;
import static org.sepsisiql.mimic.MimicIvTable.EMAR;
import static org.sepsisiql.mimic.MimicIvTable.ICUSTAYS;
import static org.sepsisiql.mimic.MimicIvTable.INPUTEVENTS;
import static org.sepsisiql.mimic.MimicIvTable.LABEVENTS;
import static org.sepsisiql.mimic.MimicIvTable.MICROBIOLOGYEVENTS;
import static org.sepsisiql.mimic.MimicIvTable.OUTPUTEVENTS;
import static org.sepsisiql.mimic.MimicIvTable.PATIENTS;
import static org.sepsisiql.mimic.MimicIvTable.PRESCRIPTIONS;

/**
 * The hand-made MIMIC-IV scenario of the adapter tests: patient 1 (anchor age 50 in anchor year
 * 2150, group "2008 - 2010") with stay 100; patient 2 (anchor age 70 in 2180, group "2017 - 2019",
 * died in hospital) with stay 200 and a stay 201 without an outtime. Every table of the release has
 * rows (the dictionaries too), in the release's columns.
 */
final class MiniMimicIvTables {
  private MiniMimicIvTables() {}

  static MiniMimicIv scenario() {
    MiniMimicIv m = new MiniMimicIv();
    m.add(
        PATIENTS,
        "subject_id",
        1,
        "gender",
        "F",
        "anchor_age",
        50,
        "anchor_year",
        2150,
        "anchor_year_group",
        "2008 - 2010");
    m.add(
        PATIENTS,
        "subject_id",
        2,
        "gender",
        "M",
        "anchor_age",
        70,
        "anchor_year",
        2180,
        "anchor_year_group",
        "2017 - 2019",
        "dod",
        "2180-03-01");
    m.add(ADMISSIONS, "subject_id", 1, "hadm_id", 10, "hospital_expire_flag", 0);
    m.add(
        ADMISSIONS,
        "subject_id",
        2,
        "hadm_id",
        20,
        "deathtime",
        "2180-02-10 12:00:00",
        "hospital_expire_flag",
        1);
    stay(m, 1, 10, 100, "2150-01-01 00:00:00", "2150-01-05 00:00:00");
    stay(m, 2, 20, 200, "2180-02-01 00:00:00", "2180-02-10 12:00:00");
    stay(m, 2, 20, 201, "2180-02-11 00:00:00", null);
    chart(m);
    m.add(
        LABEVENTS,
        "subject_id",
        1,
        "itemid",
        50813,
        "charttime",
        "2149-12-31 12:00:00",
        "value",
        "2.0",
        "valuenum",
        2.0,
        "valueuom",
        "mmol/L");
    m.add(
        LABEVENTS,
        "subject_id",
        1,
        "itemid",
        50813,
        "charttime",
        "2149-12-30 00:00:00",
        "value",
        "3.0",
        "valuenum",
        3.0,
        "valueuom",
        "mmol/L");
    inputs(m);
    m.add(
        OUTPUTEVENTS,
        "subject_id",
        1,
        "stay_id",
        100,
        "charttime",
        "2150-01-01 06:00:00",
        "itemid",
        226559,
        "value",
        300,
        "valueuom",
        "ml");
    m.add(
        OUTPUTEVENTS,
        "subject_id",
        1,
        "stay_id",
        100,
        "charttime",
        "2150-01-01 07:00:00",
        "itemid",
        227488,
        "value",
        1000,
        "valueuom",
        "ml");
    m.add(
        PRESCRIPTIONS,
        "subject_id",
        1,
        "hadm_id",
        10,
        "starttime",
        "2150-01-01 08:00:00",
        "drug",
        "Vancomycin",
        "route",
        "IV");
    m.add(
        PRESCRIPTIONS,
        "subject_id",
        1,
        "hadm_id",
        10,
        "starttime",
        "2150-01-01 08:00:00",
        "drug",
        "Acetaminophen",
        "route",
        "PO");
    m.add(
        EMAR,
        "subject_id",
        1,
        "hadm_id",
        10,
        "charttime",
        "2150-01-01 09:00:00",
        "medication",
        "Vancomycin",
        "event_txt",
        "Administered");
    m.add(
        EMAR,
        "subject_id",
        1,
        "hadm_id",
        10,
        "charttime",
        "2150-01-01 11:00:00",
        "medication",
        "Vancomycin",
        "event_txt",
        "Not Given");
    m.add(
        MICROBIOLOGYEVENTS,
        "subject_id",
        1,
        "hadm_id",
        10,
        "chartdate",
        "2150-01-01",
        "charttime",
        "2150-01-01 10:00:00",
        "spec_type_desc",
        "BLOOD CULTURE");
    m.add(D_ITEMS, "itemid", 220045, "label", "Heart Rate", "linksto", "chartevents");
    m.add(D_LABITEMS, "itemid", 50813, "label", "Lactate", "fluid", "Blood");
    return m;
  }

  private static void stay(MiniMimicIv m, int subject, int hadm, int stay, String in, String out) {
    m.add(
        ICUSTAYS,
        "subject_id",
        subject,
        "hadm_id",
        hadm,
        "stay_id",
        stay,
        "first_careunit",
        "Medical Intensive Care Unit (MICU)",
        "intime",
        in,
        "outtime",
        out);
  }

  private static void chart(MiniMimicIv m) {
    String t1 = "2150-01-01 01:00:00";
    chartRow(m, 100, 223761, t1, 98.6, "°F");
    chartRow(m, 100, 223835, t1, 50, "%");
    chartRow(m, 100, 220045, t1, 80, "bpm");
    chartRow(m, 100, 220052, t1, 70, "mmHg");
    chartRow(m, 100, 226531, "2150-01-01 05:00:00", 176, "lbs");
    chartRow(m, 100, 220739, "2150-01-01 02:00:00", 4, null);
    chartRow(m, 100, 223900, "2150-01-01 02:00:00", 5, null);
    chartRow(m, 100, 223901, "2150-01-01 02:00:00", 6, null);
    chartRow(m, 100, 224685, "2150-01-01 03:00:00", 450, "mL");
    chartRow(m, 100, 211, "2150-01-01 03:00:00", 120, "bpm");
    chartRow(m, 200, 220045, "2180-02-01 02:00:00", 95, "bpm");
    chartRow(m, 200, 224639, "2180-02-01 02:00:00", 82, "kg");
  }

  private static void chartRow(
      MiniMimicIv m, int stay, int item, String time, double value, String unit) {
    m.add(
        CHARTEVENTS,
        "subject_id",
        stay / 100,
        "stay_id",
        stay,
        "charttime",
        time,
        "itemid",
        item,
        "value",
        Double.toString(value),
        "valuenum",
        value,
        "valueuom",
        unit,
        "warning",
        0);
  }

  private static void inputs(MiniMimicIv m) {
    String start = "2150-01-01 04:00:00";
    String end = "2150-01-01 05:00:00";
    fluid(m, start, end, 225158, 500, "FinishedRunning");
    fluid(m, start, end, 220862, 100, "FinishedRunning");
    fluid(m, start, end, 225158, 700, "Rewritten");
    m.add(
        INPUTEVENTS,
        "subject_id",
        1,
        "stay_id",
        100,
        "starttime",
        start,
        "endtime",
        end,
        "itemid",
        221906,
        "amount",
        2,
        "amountuom",
        "mg",
        "rate",
        0.1,
        "rateuom",
        "mcg/kg/min",
        "patientweight",
        80,
        "statusdescription",
        "Paused",
        "originalamount",
        8);
  }

  private static void fluid(
      MiniMimicIv m, String start, String end, int item, double ml, String status) {
    m.add(
        INPUTEVENTS,
        "subject_id",
        1,
        "stay_id",
        100,
        "starttime",
        start,
        "endtime",
        end,
        "itemid",
        item,
        "amount",
        ml,
        "amountuom",
        "ml",
        "rate",
        ml,
        "rateuom",
        "mL/hour",
        "patientweight",
        80,
        "statusdescription",
        status,
        "originalamount",
        1000);
  }
}
