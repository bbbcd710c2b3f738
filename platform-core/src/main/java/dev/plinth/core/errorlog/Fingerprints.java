package dev.plinth.core.errorlog;

import dev.plinth.core.security.Tokens;
import java.util.regex.Pattern;

/**
 * Groups repeats of one error: the same category, exception class, message shape (numbers, ids and
 * quoted values blanked) and first Plinth stack frame give the same fingerprint.
 */
final class Fingerprints {

  private static final Pattern UUID_LIKE =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern STRIPE_ID = Pattern.compile("\\b[a-z]{2,6}_[A-Za-z0-9]{6,}\\b");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private Fingerprints() {}

  static String of(Category category, String message, Throwable cause) {
    StringBuilder key = new StringBuilder(category.name()).append('|');
    key.append(normalise(message)).append('|');
    if (cause != null) {
      key.append(cause.getClass().getName()).append('|');
      for (StackTraceElement frame : cause.getStackTrace()) {
        if (frame.getClassName().startsWith("dev.plinth.")) {
          key.append(frame.getClassName()).append('.').append(frame.getMethodName());
          break;
        }
      }
    }
    return Tokens.sha256Hex(key.toString());
  }

  static String normalise(String message) {
    if (message == null) {
      return "";
    }
    String s = UUID_LIKE.matcher(message).replaceAll("#");
    s = STRIPE_ID.matcher(s).replaceAll("#");
    s = QUOTED.matcher(s).replaceAll("'#'");
    return NUMBER.matcher(s).replaceAll("#");
  }
}
