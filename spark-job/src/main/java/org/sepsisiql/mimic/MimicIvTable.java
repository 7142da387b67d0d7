package org.sepsisiql.mimic;

import static org.sepsisiql.mimic.MimicTable.Type.DOUBLE;
import static org.sepsisiql.mimic.MimicTable.Type.LONG;
import static org.sepsisiql.mimic.MimicTable.Type.STRING;
import static org.sepsisiql.mimic.MimicTable.Type.TIME;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MIMIC-IV (v2.x) tables the adapter reads, in the release's modules ({@code hosp/}, {@code
 * icu/}), each with the columns it uses and their types (the reader's explicit schema; other
 * columns are never read). Column names follow the release's lowercase headers; see MIMIC.md,
 * "MIMIC-IV", for what each is used for.
 */
public enum MimicIvTable implements SourceTable {
  PATIENTS(
      Module.HOSP,
      MimicTable.cols(
          "subject_id", LONG,
          "gender", STRING,
          "anchor_age", LONG,
          "anchor_year", LONG,
          "anchor_year_group", STRING,
          "dod", TIME)),
  ADMISSIONS(
      Module.HOSP,
      MimicTable.cols("hadm_id", LONG, "deathtime", TIME, "hospital_expire_flag", LONG)),
  ICUSTAYS(
      Module.ICU,
      MimicTable.cols(
          "subject_id", LONG, "hadm_id", LONG, "stay_id", LONG, "intime", TIME, "outtime", TIME)),
  CHARTEVENTS(
      Module.ICU,
      MimicTable.cols(
          "stay_id", LONG,
          "itemid", LONG,
          "charttime", TIME,
          "value", STRING,
          "valuenum", DOUBLE)),
  LABEVENTS(
      Module.HOSP,
      MimicTable.cols("subject_id", LONG, "itemid", LONG, "charttime", TIME, "valuenum", DOUBLE)),
  INPUTEVENTS(
      Module.ICU,
      MimicTable.cols(
          "stay_id", LONG,
          "starttime", TIME,
          "endtime", TIME,
          "itemid", LONG,
          "amount", DOUBLE,
          "amountuom", STRING,
          "rate", DOUBLE,
          "rateuom", STRING,
          "patientweight", DOUBLE,
          "statusdescription", STRING)),
  OUTPUTEVENTS(
      Module.ICU,
      MimicTable.cols("stay_id", LONG, "charttime", TIME, "itemid", LONG, "value", DOUBLE)),
  PRESCRIPTIONS(
      Module.HOSP,
      MimicTable.cols("hadm_id", LONG, "starttime", TIME, "drug", STRING, "route", STRING)),
  EMAR(
      Module.HOSP,
      MimicTable.cols(
          "hadm_id", LONG, "charttime", TIME, "medication", STRING, "event_txt", STRING)),
  MICROBIOLOGYEVENTS(
      Module.HOSP, MimicTable.cols("hadm_id", LONG, "chartdate", TIME, "charttime", TIME)),
  D_ITEMS(Module.ICU, MimicTable.cols("itemid", LONG, "label", STRING)),
  D_LABITEMS(Module.HOSP, MimicTable.cols("itemid", LONG, "label", STRING));

  /** The release's module folders. */
  public enum Module {
    HOSP,
    ICU;

    /** The folder name, {@code hosp} or {@code icu}. */
    public String folder() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Columns of MIMIC-III that MIMIC-IV renamed or replaced: their presence names the release. */
  private static final Map<String, String> MIMIC_III_NAMES =
      Map.of(
          "stay_id", "icustay_id",
          "anchor_age", "dob",
          "starttime", "startdate");

  private final Module module;
  private final Map<String, MimicTable.Type> columns;

  MimicIvTable(Module module, Map<String, MimicTable.Type> columns) {
    this.module = module;
    this.columns = columns;
  }

  /** The module folder the table lives in. */
  public Module module() {
    return module;
  }

  @Override
  public String fileStem() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public Map<String, MimicTable.Type> columns() {
    return columns;
  }

  @Override
  public String releaseHint(String column, List<String> present) {
    String old = MIMIC_III_NAMES.get(column);
    return old != null && present.contains(old)
        ? " (it has MIMIC-III's "
            + old
            + ": a MIMIC-III table; MIMIC-III's flat folder takes --source mimic-iii)"
        : "";
  }
}
