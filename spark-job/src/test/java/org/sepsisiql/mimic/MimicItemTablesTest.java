package org.sepsisiql.mimic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.sepsisiql.data.ClinicalVariable;
import org.sepsisiql.udfs.Vasopressors;

/** The item tables: complete, consistent, and (with the demo) every id exists in the dictionary. */
class MimicItemTablesTest {

  @Test
  void everyCanonicalVariableIsMapped() {
    Set<String> mapped =
        MeasurementItems.TABLE.stream()
            .map(MeasurementItems.VariableItems::variable)
            .collect(Collectors.toCollection(TreeSet::new));
    mapped.add("gcs");
    mapped.add("mech_vent");
    for (ClinicalVariable variable : ClinicalVariable.values()) {
      assertTrue(mapped.contains(variable.columnName()), "no items for " + variable.columnName());
    }
    mapped.forEach(name -> assertTrue(ClinicalVariable.isKnown(name), "unknown variable " + name));
  }

  @Test
  void careVueAndMetaVisionItemsAreInTheirRanges() {
    for (MeasurementItems.VariableItems row : MeasurementItems.TABLE) {
      row.careVue().forEach(id -> assertTrue(id < 220000, row.variable() + " CareVue " + id));
      row.metaVision().forEach(id -> assertTrue(id >= 220000, row.variable() + " MV " + id));
      row.labs()
          .forEach(id -> assertTrue(id >= 50000 && id < 60000, row.variable() + " lab " + id));
    }
  }

  @Test
  void everyVasopressorDrugIsKnownToTheUdfs() {
    TreatmentItems.VASOPRESSORS
        .values()
        .forEach(drug -> assertNotNull(Vasopressors.canonicalDrug(drug), "unknown drug " + drug));
  }

  @Test
  void anUnknownSourceIsRejectedListingTheSupportedOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> MimicSource.fromName("eicu"));
    assertTrue(error.getMessage().contains("mimic-iii"), error.getMessage());
    assertEquals(MimicSource.MIMIC_III, MimicSource.fromName("MIMIC-III"), "case-insensitive");
  }

  @Test
  void extractMimicExitsWithUsageErrorForAnUnknownSource() {
    int code =
        org.sepsisiql.cli.Main.execute("extract-mimic", "--source", "eicu", "--input", "nowhere");
    assertEquals(2, code, "an unknown --source is a usage error");
  }

  @Test
  void everyMappedItemExistsInTheDemoDictionaries() throws IOException {
    Path demo = MimicDemo.folder();
    Set<Long> items = itemIds(demo.resolve("D_ITEMS.csv.gz"));
    Set<Long> labs = itemIds(demo.resolve("D_LABITEMS.csv.gz"));
    List<Long> chart = new java.util.ArrayList<>(MeasurementItems.allChartItemIds());
    chart.addAll(StaysExtract.weightItems());
    TreatmentItems.FLUIDS.forEach(item -> chart.add(item.itemid()));
    chart.addAll(TreatmentItems.VASOPRESSORS.keySet());
    chart.addAll(TreatmentItems.URINE);
    List<Long> missing = chart.stream().filter(id -> !items.contains(id)).toList();
    assertTrue(missing.isEmpty(), "not in D_ITEMS: " + missing);
    List<Long> missingLabs =
        MeasurementItems.allLabItemIds().stream().filter(id -> !labs.contains(id)).toList();
    assertTrue(missingLabs.isEmpty(), "not in D_LABITEMS: " + missingLabs);
  }

  /** The itemid column (the second) of a gzipped dictionary. */
  private static Set<Long> itemIds(Path file) throws IOException {
    Set<Long> ids = new HashSet<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        ids.add(Long.parseLong(line.split(",", 3)[1].replace("\"", "")));
      }
    }
    return ids;
  }
}
