package io.gansweep.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A sweep spec with one or more problems; carries all of them, in file order. */
public final class InvalidSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final transient List<SpecProblem> problems;

  public InvalidSpecException(String source, List<SpecProblem> problems) {
    super(render(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public String source() {
    return source;
  }

  public List<SpecProblem> problems() {
    return problems;
  }

  private static String render(String source, List<SpecProblem> problems) {
    return "Cannot load spec "
        + source
        + ": "
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + problems.stream().map(p -> "\n  " + p.message()).collect(Collectors.joining());
  }
}
