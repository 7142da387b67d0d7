package org.sepsisiql.cohort;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The canonical EHR extracts of one input folder, validated against {@link
 * org.sepsisiql.data.ExtractSchemas} and projected to exactly its columns in its order. {@code
 * infection} is empty when the optional dataset is absent.
 */
record Extracts(
    Dataset<Row> stays,
    Dataset<Row> measurements,
    Dataset<Row> fluids,
    Dataset<Row> vasopressors,
    Dataset<Row> urineOutput,
    Optional<Dataset<Row>> infection,
    Optional<Dataset<Row>> stayPeriods) {}
