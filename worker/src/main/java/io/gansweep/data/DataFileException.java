package io.gansweep.data;

/**
 * A user's data file that cannot be used, said in the parts of one line ("Cannot {@code action}:
 * {@code reason} (got {@code got}; allowed {@code allowed})") so that a spec check can place it
 * under the spec path that named the file.
 */
public final class DataFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  private final String action;
  private final String reason;
  private final String got;
  private final String allowed;

  public DataFileException(String action, String reason, String got, String allowed) {
    super("Cannot " + action + ": " + reason + " (got " + got + "; allowed " + allowed + ")");
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
}
