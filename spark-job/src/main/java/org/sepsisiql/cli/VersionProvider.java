package org.sepsisiql.cli;

import org.sepsisiql.run.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: project version, code version and library versions. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    BuildInfo build = BuildInfo.load();
    return new String[] {
      "sepsis-iql " + build.version() + " (" + build.codeVersion() + ")",
      "libraries: " + build.libraries()
    };
  }
}
