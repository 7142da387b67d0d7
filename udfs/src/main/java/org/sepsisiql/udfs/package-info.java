/** Spark SQL functions of sepsis-iql. */
package org.sepsisiql.udfs;
