package org.sepsisiql.data;

import java.io.Serializable;

/**
 * The per-stay constants behind the demographic features. {@code elixhauser} is NaN when unknown.
 */
public record StayStatics(
    double ageYears, boolean female, double weightKg, boolean readmission, double elixhauser)
    implements Serializable {}
