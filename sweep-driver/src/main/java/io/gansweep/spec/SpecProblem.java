package io.gansweep.spec;

/**
 * One thing wrong with a sweep spec, located by its spec path ({@code parameters.lr_g.min}) and,
 * where known, its line in the file.
 *
 * @param path dotted spec path, with {@code [i]} for list elements
 * @param line 1-based line in the file, 0 when unknown
 * @param action the verb of the message ("use value", "read key")
 * @param reason why it was refused
 * @param got the value as written in the file
 * @param allowed what would have been accepted
 */
public record SpecProblem(
    String path, int line, String action, String reason, String got, String allowed) {

  /** "parameters.lr_g.min (line 7): Cannot use value: out of range (got -1; allowed (0, 10])". */
  public String message() {
    return path
        + (line > 0 ? " (line " + line + ")" : "")
        + ": Cannot "
        + action
        + ": "
        + reason
        + " (got "
        + got
        + "; allowed "
        + allowed
        + ")";
  }
}
