/**
 * Spark SQL functions of sepsis-iql: unit conversions ({@link org.sepsisiql.udfs.UnitConversions}),
 * norepinephrine equivalents ({@link org.sepsisiql.udfs.Vasopressors}), SOFA, SIRS and derived
 * ratios ({@link org.sepsisiql.udfs.Scores}), action levels ({@link
 * org.sepsisiql.udfs.DoseLevels}), and their registration on a session ({@link
 * org.sepsisiql.udfs.SepsisUdfs}). The core functions are plain static methods where {@code NaN}
 * means missing; udfs/README.md documents every SQL name.
 */
package org.sepsisiql.udfs;
