package org.sepsisiql.cli;

/** Entry point of the sepsis-iql command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {}
}
