package io.gansweep.dispatch;

import io.gansweep.trial.TrialStatus;

/**
 * A trial report as one tab-separated line: what a task adds to the progress accumulator (whose
 * values travel with Java serialization, so they stay plain strings).
 */
final class ProgressLine {

  private ProgressLine() {}

  static String encode(TrialReport r) {
    return String.join("\t", Integer.toString(r.index()), r.trialId(), r.status().name(),
        r.finalDistance() == null ? "" : Double.toString(r.finalDistance()),
        r.finalModes() == null ? "" : Integer.toString(r.finalModes()),
        Double.toString(r.wallSeconds()), Double.toString(r.trainSeconds()), Double.toString(r.taskSeconds()), r.device(), flat(r.error()), flat(r.label()), flat(r.evidence()));
  }

  static TrialReport decode(String line) {
    String[] f = line.split("\t", -1);
    return new TrialReport(Integer.parseInt(f[0]), f[1], TrialStatus.valueOf(f[2]),
        f[3].isEmpty() ? null : Double.parseDouble(f[3]), f[4].isEmpty() ? null : Integer.parseInt(f[4]),
        Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]), f[8], f[9].isEmpty() ? null : f[9],
        f[10].isEmpty() ? null : f[10], f[11].isEmpty() ? null : f[11]);
  }

  private static String flat(String s) {
    return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
  }
}
