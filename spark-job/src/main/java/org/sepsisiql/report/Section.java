package org.sepsisiql.report;

/** One section of the report: an anchor id, a heading (plain text) and its body (markup). */
record Section(String id, String title, String body) {}
