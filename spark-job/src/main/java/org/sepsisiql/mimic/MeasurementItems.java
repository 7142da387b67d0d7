package org.sepsisiql.mimic;

import java.util.List;
import java.util.stream.Stream;

/**
 * The item-id table of the canonical measured variables ({@code data.ClinicalVariable}): for each
 * variable, its CareVue (CHARTEVENTS, itemid &lt; 220000) and MetaVision (CHARTEVENTS, itemid &gt;=
 * 220000) items and its LABEVENTS items, with the unit their values are charted in. MIMIC.md prints
 * the same table with the labels.
 *
 * <p>Sources: the AI Clinician (Komorowski et al., Nat Med 2018) reference item lists and MIT-LCP
 * mimic-code concepts (pivoted vitals, labs, GCS, ventilation durations), each checked against the
 * demo's D_ITEMS and D_LABITEMS (a test does so for every id). Values go through {@code
 * to_canonical_unit(variable, valuenum, unit)} with the {@link VariableItems#unit() unit} named
 * here rather than the row's {@code valueuom}, which is blank for most CareVue items and spells
 * degrees as {@code "?F"} in MetaVision. A NULL unit means "already canonical"; for FiO2 it means
 * "a value above 1 is a percentage" (charts mix 0.4 and 40). GCS and mechanical ventilation are
 * built by {@code MeasurementsExtract} from {@link #GCS_TOTAL_CAREVUE}, {@link
 * #GCS_COMPONENTS_METAVISION} and {@link #VENTILATOR_SETTINGS}.
 */
public final class MeasurementItems {
  private MeasurementItems() {}

  /**
   * One row of the table: a variable's items charted in one unit (null: canonical), by source.
   * Temperature has two rows (Celsius and Fahrenheit items).
   */
  public record VariableItems(
      String variable, String unit, List<Long> careVue, List<Long> metaVision, List<Long> labs) {}

  /** CareVue 198 "GCS Total": the total is charted. */
  public static final List<Long> GCS_TOTAL_CAREVUE = List.of(198L);

  /**
   * MetaVision charts only the components: 220739 eye, 223900 verbal, 223901 motor; the total is
   * their sum when all three are charted at the same time.
   */
  public static final List<Long> GCS_COMPONENTS_METAVISION = List.of(220739L, 223900L, 223901L);

  /**
   * Ventilator settings and measurements (mimic-code ventilation durations, without O2 delivery
   * devices, nitric oxide and weaning tests): any charted value means mechanical ventilation at
   * that time (mech_vent = 1). Modes, minute and tidal volumes, airway pressures, inspiratory
   * times, APRV, PEEP, PCV/PSV levels.
   */
  public static final List<Long> VENTILATOR_SETTINGS =
      List.of(
          720L, 223849L, 223848L, 445L, 448L, 449L, 450L, 1340L, 1486L, 1600L, 224687L, 639L, 654L,
          681L, 682L, 683L, 684L, 224685L, 224684L, 224686L, 218L, 436L, 535L, 444L, 224697L,
          224695L, 224696L, 224746L, 224747L, 221L, 1L, 1211L, 1655L, 2000L, 226873L, 224738L,
          227187L, 543L, 5865L, 5866L, 224707L, 224709L, 224705L, 224706L, 60L, 437L, 505L, 506L,
          686L, 220339L, 224700L, 3459L, 501L, 502L, 503L, 224702L, 223L, 667L, 668L, 669L, 670L,
          671L, 672L, 224701L);

  /** The one table of plain (value-as-charted) items. */
  public static final List<VariableItems> TABLE =
      List.of(
          vital("heart_rate", null, List.of(211L), List.of(220045L)),
          vital("sbp", null, List.of(51L, 455L, 6701L), List.of(220050L, 220179L, 225309L)),
          vital("map", null, List.of(52L, 456L, 6702L, 443L), List.of(220052L, 220181L, 225312L)),
          vital("dbp", null, List.of(8368L, 8441L, 8555L), List.of(220051L, 220180L, 225310L)),
          vital("resp_rate", null, List.of(618L, 615L), List.of(220210L, 224690L)),
          vital("temp_c", "C", List.of(676L), List.of(223762L)),
          vital("temp_c", "F", List.of(678L), List.of(223761L)),
          vital("spo2", null, List.of(646L), List.of(220277L)),
          vital("fio2", null, List.of(190L, 3420L, 3422L), List.of(223835L)),
          lab(
              "potassium",
              List.of(829L, 1535L),
              List.of(227442L, 227464L),
              List.of(50971L, 50822L)),
          lab("sodium", List.of(837L, 1536L), List.of(220645L, 226534L), List.of(50983L, 50824L)),
          lab("chloride", List.of(788L, 1523L), List.of(220602L, 226536L), List.of(50902L, 50806L)),
          lab(
              "glucose",
              List.of(811L, 807L, 1529L),
              List.of(220621L, 226537L, 225664L),
              List.of(50931L, 50809L)),
          lab("bun", List.of(781L, 1162L), List.of(225624L), List.of(51006L)),
          lab("creatinine", List.of(791L, 1525L), List.of(220615L), List.of(50912L)),
          lab("magnesium", List.of(821L, 1532L), List.of(220635L), List.of(50960L)),
          lab("hemoglobin", List.of(814L), List.of(220228L), List.of(51222L, 50811L)),
          lab("wbc", List.of(861L, 1127L, 1542L), List.of(220546L), List.of(51301L, 51300L)),
          lab("platelets", List.of(828L), List.of(227457L), List.of(51265L)),
          lab("inr", List.of(815L, 1530L), List.of(227467L), List.of(51237L)),
          lab("ph", List.of(780L, 1126L), List.of(223830L), List.of(50820L)),
          lab("pao2", List.of(779L), List.of(220224L), List.of(50821L)),
          lab("paco2", List.of(778L), List.of(220235L), List.of(50818L)),
          lab("base_excess", List.of(776L), List.of(224828L), List.of(50802L)),
          lab("bicarbonate", List.of(787L), List.of(227443L), List.of(50882L, 50803L)),
          lab("lactate", List.of(1531L), List.of(225668L), List.of(50813L)),
          lab("bilirubin", List.of(848L, 1538L), List.of(225690L), List.of(50885L)));

  /** Every CHARTEVENTS item id this class maps (GCS and ventilation included). */
  public static List<Long> allChartItemIds() {
    return Stream.of(
            TABLE.stream()
                .flatMap(row -> Stream.concat(row.careVue().stream(), row.metaVision().stream())),
            GCS_TOTAL_CAREVUE.stream(),
            GCS_COMPONENTS_METAVISION.stream(),
            VENTILATOR_SETTINGS.stream())
        .flatMap(s -> s)
        .distinct()
        .toList();
  }

  /** Every LABEVENTS item id of the table. */
  public static List<Long> allLabItemIds() {
    return TABLE.stream().flatMap(row -> row.labs().stream()).distinct().toList();
  }

  private static VariableItems vital(
      String variable, String unit, List<Long> careVue, List<Long> metaVision) {
    return new VariableItems(variable, unit, careVue, metaVision, List.of());
  }

  private static VariableItems lab(
      String variable, List<Long> careVue, List<Long> metaVision, List<Long> labs) {
    return new VariableItems(variable, null, careVue, metaVision, labs);
  }
}
