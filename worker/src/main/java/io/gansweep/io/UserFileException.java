package io.gansweep.io;

/**
 * A user's file (a data file, an image folder's image, a TorchScript model) that cannot be used,
 * said in the parts of one line ("Cannot {@code action}: {@code reason} (got {@code got}; allowed
 * {@code allowed})") so that a spec check can place it under the spec path that named the file.
 * The one exception of every user file: the spec parser catches this type alone.
 */
public final class UserFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  private final String action;
  private final String reason;
  private final String got;
  private final String allowed;

  public UserFileException(String action, String reason, String got, String allowed) {
    this(action, reason, got, allowed, null);
  }

  public UserFileException(String action, String reason, String got, String allowed, Throwable cause) {
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

  /** The first non-blank line of an underlying error (libtorch's, a reader's), at most 200 characters: what a message quotes of it. */
  public static String firstLine(Throwable e) {
    String why = String.valueOf(e.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    return why.length() > 200 ? why.substring(0, 200) + "…" : why;
  }
}
