package org.sepsisiql.config;

import java.util.regex.Pattern;

/**
 * Recognizes settings that hold secrets (passwords, tokens, access and secret keys). They are
 * refused in configuration files and redacted wherever the configuration is written.
 */
public final class SecretKeys {
  private static final Pattern SECRET =
      Pattern.compile(
          "(?i).*(secret|password|passwd|token|credential|access[._-]?key|session[._-]?key).*");

  private SecretKeys() {}

  /** Whether a key (a full path or its last element) names a secret. */
  public static boolean isSecret(String key) {
    return SECRET.matcher(key).matches();
  }
}
