package io.gansweep.data;

import io.gansweep.io.OutputLayout;
import io.gansweep.io.PinnedFiles;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.Path;

/**
 * Every {@link DataForm} and the data this JVM holds of them: what the driver checked (by checksum
 * and by dataset value) and what an executor parsed once from the output folder, shared by all
 * the trials it runs.
 */
public final class DataFiles {

  /** The forms a spec can name; a new form is one entry here. */
  static final List<DataForm> FORMS = List.of(new PointsDatasets(), new ImageFolders());

  /** Parsed data by checksum. */
  private static final Map<String, Object> SETS = new ConcurrentHashMap<>();
  /** The checksum of each dataset value the driver checked (the driver's own lookups by name). */
  private static final Map<String, String> CHECKED = new ConcurrentHashMap<>();
  /** Pinned bytes by checksum. */
  private static final PinnedFiles FILES = new PinnedFiles("data file");
  /** The pinned copy's extension by checksum, for the driver's pin. */
  private static final Map<String, String> EXTENSIONS = new ConcurrentHashMap<>();

  private DataFiles() {}

  /** The form of {@code dataset}, empty where it is not read from the user's files. */
  public static Optional<DataForm> form(String dataset) {
    return FORMS.stream().filter(f -> dataset.startsWith(f.prefix())).findFirst();
  }

  /** The driver's check of {@code dataset} read at {@code location}; keeps its bytes and data in this JVM. */
  public static Kept check(String dataset, Path location, DataForm.Options options) throws IOException {
    DataForm form = form(dataset).orElseThrow(() -> new IllegalArgumentException("Cannot read dataset " + dataset
        + ": it is not read from a file (got " + dataset + "; allowed points:<file>, folder:<path>)"));
    DataForm.Checked checked = form.check(location, options);
    return keep(dataset, checked, form.extension(dataset));
  }

  /** Keeps checked data under the checksum of its pinned bytes (the driver's side, and tests). */
  static Kept keep(String dataset, DataForm.Checked checked, String extension) {
    String sum = FILES.keep(checked.pinned());
    SETS.put(sum, named(checked.data(), dataset, sum));
    EXTENSIONS.put(sum, extension);
    CHECKED.put(dataset, sum);
    return new Kept(sum, checked);
  }

  /** Checked data and the checksum its trials name it by. */
  public record Kept(String checksum, DataForm.Checked checked) {}

  /** The data the driver checked for {@code dataset} in this JVM, or null. */
  public static Object checked(String dataset) {
    String sum = CHECKED.get(dataset);
    return sum == null ? null : SETS.get(sum);
  }

  /**
   * The driver's side: publishes the bytes of {@code checksum} (checked in this JVM) as {@code
   * OUT/data/<hex>.<extension>} unless they are there already; returns whether it wrote them.
   */
  public static boolean pin(String checksum, String out) throws IOException {
    return FILES.pin(checksum, OutputLayout.dataFile(OutputLayout.data(out).toString(), checksum, EXTENSIONS.get(checksum)));
  }

  /**
   * The data of trial {@code c}: known to this JVM by its {@code data_file} checksum, or read once
   * from the folder the driver pinned it in under {@code pinned} (null: only data known to this JVM),
   * verified and parsed.
   */
  public static Object load(TrialConfig c, String pinned) {
    String dataset = c.get(Hyperparameter.DATASET);
    String checksum = c.get(Hyperparameter.DATA_FILE);
    Object known = SETS.get(checksum);
    if (known != null) {
      return known;
    }
    if (pinned == null || checksum.equals(Hyperparameter.DATA_FILE.defaultValue())) {
      throw new IllegalStateException("Cannot find the data of dataset " + dataset + ": this JVM has not read it and no output folder"
          + " holds it (got data_file " + checksum + ", output folder " + pinned + "; allowed a trial dispatched by run, which pins it"
          + " under OUT/" + OutputLayout.DATA + ")");
    }
    DataForm form = form(dataset).orElseThrow();
    return SETS.computeIfAbsent(checksum, sum -> {
      Object data = named(form.parse(
          FILES.readPinned(sum, OutputLayout.dataFile(OutputLayout.data(pinned).toString(), sum, form.extension(dataset))), dataset),
          dataset, sum);
      FILES.release(sum); // an executor keeps the parsed data only, not its bytes as well
      return data;
    });
  }

  /**
   * Images named by their dataset value and checksum alike on the driver and every executor (the
   * name keys per-JVM caches such as the evaluation reference: a changed folder is other data).
   */
  private static Object named(Object data, String dataset, String checksum) {
    if (data instanceof ImageSet s) {
      String name = dataset + "@" + checksum.substring(Hyperparameter.SHA256.length(), Hyperparameter.SHA256.length() + 12);
      return new ImageSet(name, s.count(), s.rows(), s.cols(), s.pixels(), s.labels(), s.classes(), s.channels());
    }
    return data;
  }

  /** The bytes of a pinned data file known to this JVM, or null (tests). */
  static byte[] kept(String checksum) {
    return FILES.kept(checksum);
  }

  /** Forgets everything this JVM knows, as a fresh executor would (tests of the pinned path). */
  static void forget() {
    SETS.clear();
    CHECKED.clear();
    EXTENSIONS.clear();
    FILES.forget();
  }
}
