package org.sepsisiql.mimic;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Hand-made MIMIC-IV tables in the release's layout: {@code hosp/} and {@code icu/} folders of
 * gzipped CSV with every column the MIMIC-IV v2.2 documentation lists for the table, in its order
 * ({@link #RELEASE_COLUMNS}); a row gives some columns by name, the rest are empty (NULL).
 */
final class MiniMimicIv {
  /** Each table's columns as the MIMIC-IV v2.2 documentation lists them (mimic.mit.edu/docs/iv). */
  static final Map<MimicIvTable, List<String>> RELEASE_COLUMNS = new EnumMap<>(MimicIvTable.class);

  static {
    columns(
        MimicIvTable.PATIENTS, "subject_id gender anchor_age anchor_year anchor_year_group dod");
    columns(
        MimicIvTable.ADMISSIONS,
        "subject_id hadm_id admittime dischtime deathtime admission_type admit_provider_id"
            + " admission_location discharge_location insurance language marital_status race"
            + " edregtime edouttime hospital_expire_flag");
    columns(
        MimicIvTable.ICUSTAYS,
        "subject_id hadm_id stay_id first_careunit last_careunit intime outtime los");
    columns(
        MimicIvTable.CHARTEVENTS,
        "subject_id hadm_id stay_id caregiver_id charttime storetime itemid value valuenum"
            + " valueuom warning");
    columns(
        MimicIvTable.LABEVENTS,
        "labevent_id subject_id hadm_id specimen_id itemid order_provider_id charttime storetime"
            + " value valuenum valueuom ref_range_lower ref_range_upper flag priority comments");
    columns(
        MimicIvTable.INPUTEVENTS,
        "subject_id hadm_id stay_id caregiver_id starttime endtime storetime itemid amount"
            + " amountuom rate rateuom orderid linkorderid ordercategoryname"
            + " secondaryordercategoryname ordercomponenttypedescription ordercategorydescription"
            + " patientweight totalamount totalamountuom isopenbag continueinnextdept"
            + " statusdescription originalamount originalrate");
    columns(
        MimicIvTable.OUTPUTEVENTS,
        "subject_id hadm_id stay_id caregiver_id charttime storetime itemid value valueuom");
    columns(
        MimicIvTable.PRESCRIPTIONS,
        "subject_id hadm_id pharmacy_id poe_id poe_seq order_provider_id starttime stoptime"
            + " drug_type drug formulary_drug_cd gsn ndc prod_strength form_rx dose_val_rx"
            + " dose_unit_rx form_val_disp form_unit_disp doses_per_24_hrs route");
    columns(
        MimicIvTable.EMAR,
        "subject_id hadm_id emar_id emar_seq poe_id pharmacy_id enter_provider_id charttime"
            + " medication event_txt scheduletime storetime");
    columns(
        MimicIvTable.MICROBIOLOGYEVENTS,
        "microevent_id subject_id hadm_id micro_specimen_id order_provider_id chartdate charttime"
            + " spec_itemid spec_type_desc test_seq storedate storetime test_itemid test_name"
            + " org_itemid org_name isolate_num quantity ab_itemid ab_name dilution_text"
            + " dilution_comparison dilution_value interpretation comments");
    columns(
        MimicIvTable.D_ITEMS,
        "itemid label abbreviation linksto category unitname param_type lownormalvalue"
            + " highnormalvalue");
    columns(MimicIvTable.D_LABITEMS, "itemid label fluid category");
  }

  private final Map<MimicIvTable, List<Map<String, Object>>> rows =
      new EnumMap<>(MimicIvTable.class);
  private final Set<MimicIvTable> left = EnumSet.noneOf(MimicIvTable.class);

  private static void columns(MimicIvTable table, String names) {
    RELEASE_COLUMNS.put(table, List.of(names.split(" ")));
  }

  /** One row: column names and values in pairs; a name the release does not have is refused. */
  MiniMimicIv add(MimicIvTable table, Object... nameValuePairs) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      String name = (String) nameValuePairs[i];
      if (!RELEASE_COLUMNS.get(table).contains(name)) {
        throw new IllegalArgumentException(table + " has no column " + name);
      }
      row.put(name, nameValuePairs[i + 1]);
    }
    rows.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
    return this;
  }

  /** Leaves a table out of the written release (a bad-input case). */
  MiniMimicIv without(MimicIvTable table) {
    left.add(table);
    return this;
  }

  /** Writes every table as {@code <module>/<table>.csv.gz}. */
  Path write(Path root) throws IOException {
    for (MimicIvTable table : MimicIvTable.values()) {
      if (!left.contains(table)) {
        write(root, table, RELEASE_COLUMNS.get(table));
      }
    }
    return root;
  }

  /** Writes one table with the given header (another release's names, for a bad-input case). */
  void write(Path root, MimicIvTable table, List<String> header) throws IOException {
    Path folder = Files.createDirectories(root.resolve(table.module().folder()));
    Path file = folder.resolve(table.fileStem() + ".csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      writer.write(String.join(",", header) + "\n");
      for (Map<String, Object> row : rows.getOrDefault(table, List.of())) {
        List<String> cells = new ArrayList<>();
        for (String column : header) {
          Object value = row.get(column);
          cells.add(value == null ? "" : "\"" + value.toString().replace("\"", "\"\"") + "\"");
        }
        writer.write(String.join(",", cells) + "\n");
      }
    }
  }
}
