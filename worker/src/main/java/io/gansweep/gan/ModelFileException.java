package io.gansweep.gan;

/**
 * A user's model file that cannot be used, said in the parts of one line ("Cannot {@code action}:
 * {@code reason} (got {@code got}; allowed {@code allowed})") so that a spec check can place it.
 */
public final class ModelFileException extends IllegalArgumentException {

  private final String action;
  private final String reason;
  private final String got;
  private final String allowed;

  public ModelFileException(String action, String reason, String got, String allowed, Throwable cause) {
    super("Cannot " + action + ": " + reason + " (got " + got + "; allowed " + allowed + ")", cause);
    this.action = action;
    this.reason = reason;
    this.got = got;
    this.allowed = allowed;
  }

  public String action() {
    return action;
  }

  public String reason() {
    return reason;
  }

  public String got() {
    return got;
  }

  public String allowed() {
    return allowed;
  }

  /** The first non-blank line of a libtorch error, at most 200 characters: what a message quotes of it. */
  public static String firstLine(Throwable e) {
    String why = String.valueOf(e.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    return why.length() > 200 ? why.substring(0, 200) + "…" : why;
  }
}
