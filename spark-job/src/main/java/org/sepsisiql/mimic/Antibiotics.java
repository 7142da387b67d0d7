package org.sepsisiql.mimic;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which PRESCRIPTIONS rows are systemic antibiotics, for the suspected-infection times of Sepsis-3.
 *
 * <p>Follows the MIT-LCP mimic-code {@code antibiotic} concept: a drug name containing one of
 * {@link #NAME_FRAGMENTS} (generic and brand names, case-insensitive), given by a route other than
 * the eye, the ear or the skin, and not a cream, gel, ointment or desensitization protocol.
 * Antifungals and antivirals are not antibiotics here. PRESCRIPTIONS holds dates only, so an
 * antibiotic's time is the start of its start date (00:00), as in the AI Clinician.
 */
public final class Antibiotics {
  private Antibiotics() {}

  /** Lower-case fragments of antibiotic names. */
  public static final List<String> NAME_FRAGMENTS =
      List.of(
          "amikacin",
          "amoxicillin",
          "ampicillin",
          "augmentin",
          "avelox",
          "azactam",
          "azithromycin",
          "aztreonam",
          "bactrim",
          "biaxin",
          "cefazolin",
          "cefaclor",
          "cefadroxil",
          "cefdinir",
          "cefepime",
          "cefotaxime",
          "cefotetan",
          "cefoxitin",
          "cefpodoxime",
          "cefprozil",
          "ceftaroline",
          "ceftazidime",
          "ceftriaxone",
          "cefuroxime",
          "cephalexin",
          "chloramphenicol",
          "cipro",
          "claforan",
          "clarithromycin",
          "cleocin",
          "clindamycin",
          "colistin",
          "cubicin",
          "daptomycin",
          "dicloxacillin",
          "doxycycline",
          "ertapenem",
          "erythromycin",
          "flagyl",
          "fortaz",
          "gentamicin",
          "imipenem",
          "invanz",
          "keflex",
          "levaquin",
          "levofloxacin",
          "linezolid",
          "macrobid",
          "meropenem",
          "merrem",
          "metronidazole",
          "minocycline",
          "moxifloxacin",
          "nafcillin",
          "nitrofurantoin",
          "ofloxacin",
          "oxacillin",
          "penicillin",
          "piperacillin",
          "polymyxin",
          "primaxin",
          "rifampin",
          "rocephin",
          "septra",
          "sulfamethoxazole",
          "tetracycline",
          "tigecycline",
          "tobramycin",
          "trimethoprim",
          "unasyn",
          "vancomycin",
          "zithromax",
          "zosyn",
          "zyvox");

  /** Routes that are not systemic: eyes, ears, skin. */
  public static final List<String> EXCLUDED_ROUTES =
      List.of(
          "OU",
          "OS",
          "OD",
          "AU",
          "AS",
          "AD",
          "TP",
          "BOTH EYES",
          "LEFT EYE",
          "RIGHT EYE",
          "BOTH EARS",
          "LEFT EAR",
          "RIGHT EAR",
          "EAR",
          "EYE",
          "OPHTHALMIC",
          "TOPICAL");

  /** Lower-case fragments that mark a non-systemic preparation. */
  public static final List<String> EXCLUDED_FORMS =
      List.of("cream", "gel", "ointment", "ophth", "desensitization", "drops", "lotion");

  /** A Java/Spark regular expression matching any of {@code fragments}. */
  static String anyOf(List<String> fragments) {
    return fragments.stream().map(Pattern::quote).collect(Collectors.joining("|"));
  }
}
