package io.gansweep.cli;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks on an output directory (a local path or any Hadoop URI) that the commands make before
 * Spark starts, through the Hadoop FileSystem API the output itself is written with: whether a
 * path can become an output directory, and which sweeps a directory holds.
 */
final class OutputDir {

  private OutputDir() {}

  /** The characters Hadoop's path globs give a meaning to ({@code GlobPattern}), which Spark's readers expand. */
  static final String GLOB_CHARACTERS = "*?[]{}\\";

  /**
   * The glob characters in {@code out}, in the order they first appear (empty when none). Spark
   * reads a table's files through Hadoop's globbing, so a directory named {@code local[2]} would
   * be trained into and then not found by the analysis ({@code PATH_NOT_FOUND}).
   */
  static String globCharacters(String out) {
    StringBuilder found = new StringBuilder();
    for (char c : out.toCharArray()) {
      if (GLOB_CHARACTERS.indexOf(c) >= 0 && found.indexOf(String.valueOf(c)) < 0) {
        found.append(c);
      }
    }
    return found.toString();
  }

  /**
   * Refuses a directory argument with glob characters: prints the one line "Cannot {@code
   * action}: its path has glob characters …" ({@code action} a verb and its object, e.g. {@code
   * "use --out"}, {@code "analyze DIR"}) and returns true; returns false when it has none.
   */
  static boolean refusedGlob(String action, String out, PrintWriter err) {
    String chars = globCharacters(out);
    if (chars.isEmpty()) {
      return false;
    }
    err.printf("Cannot %s: its path has glob characters %s that Spark's readers would expand (got %s; allowed a path without any of %s)%n",
        action, chars, out, String.join(" ", GLOB_CHARACTERS.split("")));
    err.flush();
    return true;
  }

  /**
   * Why {@code out} cannot be written as an output directory (it, or the nearest of its parents
   * that exists, is not a directory; its file system is unknown), or empty when it can.
   */
  static Optional<String> unwritable(String out) {
    try {
      Path p = new Path(out);
      FileSystem fs = p.getFileSystem(HadoopConf.create());
      for (Path q = p; q != null; q = q.getParent()) {
        if (fs.exists(q)) {
          FileStatus s = fs.getFileStatus(q);
          if (s.isDirectory()) {
            return Optional.empty();
          }
          return Optional.of(q.equals(p) ? out + " is a file" : "its parent " + q + " is a file");
        }
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The sweeps of {@code out} that have at least one committed trial ({@code
   * trials/sweep_id=<id>/<trial_id>.parquet}), sorted; empty when {@code out} holds none.
   *
   * @throws IOException when {@code out} cannot be listed
   */
  static List<String> sweepIds(String out) throws IOException {
    Path trials = OutputLayout.table(out, OutputLayout.TRIALS);
    FileSystem fs = trials.getFileSystem(HadoopConf.create());
    List<String> ids = new ArrayList<>();
    if (!fs.exists(trials) || !fs.getFileStatus(trials).isDirectory()) {
      return ids;
    }
    TrialStore store = new TrialStore(out);
    for (FileStatus f : fs.listStatus(trials)) {
      String name = f.getPath().getName();
      String id = OutputLayout.sweepIdOf(name);
      if (f.isDirectory() && id != null) {
        if (!store.committedTrialIds(id).isEmpty()) {
          ids.add(id);
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  /**
   * The sweep of {@code out} a command works on: {@code sweep}, or the only one there when it is
   * null; null after printing why not (no such directory, no sweep, several and no choice, not
   * there), which is invalid input (exit 2).
   *
   * @param verb the command, for the message ({@code analyze}, {@code compact})
   * @throws IOException when {@code out} cannot be listed
   */
  static String chooseSweep(String out, String sweep, String verb, PrintWriter err) throws IOException {
    if (refusedGlob(verb + " " + out, out, err)) { // before anything is read
      return null;
    }
    String why = null;
    List<String> ids = isDirectory(out) ? sweepIds(out) : List.of();
    if (!isDirectory(out)) {
      why = String.format("Cannot %s %s: no such directory (got %s; allowed a directory written by 'gansweep run')", verb, out, out);
    } else if (ids.isEmpty()) {
      why = String.format("Cannot %s %s: it holds no sweep (got no committed trial under %s/trials/sweep_id=<id>/;"
          + " allowed a directory written by 'gansweep run' or 'gansweep trial')", verb, out, out);
    } else if (sweep == null && ids.size() != 1) {
      why = String.format("Cannot choose a sweep: %s holds %d (got no --sweep; allowed --sweep one of %s)", out, ids.size(), ids);
    } else if (sweep != null && !ids.contains(sweep)) {
      why = String.format("Cannot %s sweep: not in %s (got %s; allowed %s)", verb, out, sweep, ids);
    }
    if (why != null) {
      err.println(why);
      err.flush();
      return null;
    }
    return sweep == null ? ids.get(0) : sweep;
  }

  /**
   * The folders a run creates before Spark starts (the sweep's folder {@code out/sweeps/<id>} for
   * its lease, and every folder above it) that do not exist yet, deepest first.
   */
  static List<Path> absentRunFolders(String out, String sweepId) {
    List<Path> absent = new ArrayList<>();
    for (Path p = OutputLayout.sweepDir(out, sweepId); p != null; p = p.getParent()) {
      try {
        if (p.getFileSystem(HadoopConf.create()).exists(p)) {
          break;
        }
        absent.add(p);
      } catch (IOException | IllegalArgumentException e) {
        break; // unknown: leave it alone
      }
    }
    return absent;
  }

  /** Deletes each of {@code folders} (deepest first) that is now an empty directory; a best effort. */
  static void removeEmpty(List<Path> folders) {
    for (Path p : folders) {
      try {
        FileSystem fs = p.getFileSystem(HadoopConf.create());
        if (fs.exists(p) && fs.getFileStatus(p).isDirectory() && fs.listStatus(p).length == 0) {
          fs.delete(p, false);
        }
      } catch (IOException | IllegalArgumentException e) {
        return; // what is left names itself; the run's line already says why it stopped
      }
    }
  }

  /** Whether {@code out} exists as a directory. */
  static boolean isDirectory(String out) {
    try {
      Path p = new Path(out);
      FileSystem fs = p.getFileSystem(HadoopConf.create());
      return fs.exists(p) && fs.getFileStatus(p).isDirectory();
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
