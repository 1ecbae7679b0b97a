package io.gansweep.dispatch;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The {@code lineage} table of population-based training: one row per member and generation,
 * {@code OUT/lineage/sweep_id=<id>/generation-NNNN.parquet}, one file per generation, published
 * whole when the generation's every trial has committed its rung row (the first file wins: a
 * resumed run decides the same and keeps it). A member's rows over the generations are its
 * schedule: the configurations it trained with, from which member's checkpoints each went on, and
 * how each did (fitness: the stability score across its seeds, the analysis's ranking key).
 */
public final class Lineage {

  /** The table's folder under {@code OUT}. */
  public static final String TABLE = "lineage";

  /**
   * One member in one generation.
   *
   * @param generation from 0
   * @param stepFrom rounds trained when the generation began (its checkpoints')
   * @param stepTo rounds at its end
   * @param member the member's index in the population
   * @param configId the configuration it trained with in this generation
   * @param params the swept keys' values, "lr_g=0.0002, ttur=2"
   * @param parentMember the member whose checkpoints it went on from (itself, unless it exploited one)
   * @param parentConfigId that member's configuration in the generation before; null in generation 0
   * @param action start (generation 0), continue or exploit
   * @param change what explore changed ("" unless exploit)
   * @param fitness the stability score across its seeds at the generation's end (Wilson lower bound of the stable share)
   * @param medianDistance median over seeds of the latest distance (FD for images); null when a seed has none
   * @param stableSeeds its stable seeds
   * @param seeds its seeds
   * @param rank its rank in the population at the generation's end (1 best)
   * @param label the analysis's label of the member across its seeds
   * @param canGoOn whether every seed is paused healthy with a checkpoint (false at the last generation)
   */
  public record Row(int generation, int stepFrom, int stepTo, int member, String configId, String params, int parentMember,
      String parentConfigId, String action, String change, double fitness, Double medianDistance, int stableSeeds, int seeds, int rank,
      String label, boolean canGoOn) {}

  /** The table's Parquet schema (docs/reference/tables.md lists it). */
  public static final MessageType SCHEMA = Types.buildMessage()
      .required(PrimitiveTypeName.INT32).named("generation")
      .required(PrimitiveTypeName.INT32).named("step_from")
      .required(PrimitiveTypeName.INT32).named("step_to")
      .required(PrimitiveTypeName.INT32).named("member")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("config_id")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("params")
      .required(PrimitiveTypeName.INT32).named("parent_member")
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("parent_config_id")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("action")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("change")
      .required(PrimitiveTypeName.DOUBLE).named("fitness")
      .optional(PrimitiveTypeName.DOUBLE).named("median_distance")
      .required(PrimitiveTypeName.INT32).named("stable_seeds")
      .required(PrimitiveTypeName.INT32).named("seeds")
      .required(PrimitiveTypeName.INT32).named("rank")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label")
      .required(PrimitiveTypeName.BOOLEAN).named("can_go_on")
      .named(TABLE);

  private Lineage() {}

  /** {@code OUT/lineage/sweep_id=<id>/generation-NNNN.parquet}. */
  public static Path file(String out, String sweepId, int generation) {
    return new Path(OutputLayout.partition(out, TABLE, sweepId), String.format(Locale.ROOT, "generation-%04d.parquet", generation));
  }

  /** Publishes a generation's rows unless its file is there (the first wins); checks the run's lease first when fenced. */
  static void write(String out, String sweepId, int generation, List<Row> rows, LeaseFence fence) throws IOException {
    if (fence != null) {
      fence.check("write generation " + generation + " of the lineage of sweep " + sweepId);
    }
    Configuration conf = HadoopConf.create();
    new Publisher(conf).publish(file(out, sweepId, generation), Publisher.IfPresent.KEEP, (fs, file) -> {
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(Publisher.parquetFile(fs, file, conf)).withType(SCHEMA).withConf(conf)
          .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
        SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
        for (Row r : rows) {
          Group g = f.newGroup();
          g.add("generation", r.generation());
          g.add("step_from", r.stepFrom());
          g.add("step_to", r.stepTo());
          g.add("member", r.member());
          g.add("config_id", r.configId());
          g.add("params", r.params());
          g.add("parent_member", r.parentMember());
          if (r.parentConfigId() != null) {
            g.add("parent_config_id", r.parentConfigId());
          }
          g.add("action", r.action());
          g.add("change", r.change());
          g.add("fitness", r.fitness());
          if (r.medianDistance() != null) {
            g.add("median_distance", r.medianDistance());
          }
          g.add("stable_seeds", r.stableSeeds());
          g.add("seeds", r.seeds());
          g.add("rank", r.rank());
          g.add("label", r.label());
          g.add("can_go_on", r.canGoOn());
          w.write(g);
        }
      }
    });
  }

  /** Every row of the sweep's lineage, generation by generation, read back with parquet-hadoop (none before its first generation ends). */
  public static List<Row> read(String out, String sweepId) throws IOException {
    Configuration conf = HadoopConf.create();
    Path dir = OutputLayout.partition(out, TABLE, sweepId);
    FileSystem fs = dir.getFileSystem(conf);
    List<Row> rows = new ArrayList<>();
    for (Path f : OutputLayout.publishedParquet(fs, dir).stream().sorted().toList()) {
      try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f).withConf(conf).build()) {
        for (Group g = r.read(); g != null; g = r.read()) {
          rows.add(new Row(g.getInteger("generation", 0), g.getInteger("step_from", 0), g.getInteger("step_to", 0),
              g.getInteger("member", 0), g.getString("config_id", 0), g.getString("params", 0), g.getInteger("parent_member", 0),
              g.getFieldRepetitionCount("parent_config_id") > 0 ? g.getString("parent_config_id", 0) : null, g.getString("action", 0),
              g.getString("change", 0), g.getDouble("fitness", 0),
              g.getFieldRepetitionCount("median_distance") > 0 ? g.getDouble("median_distance", 0) : null, g.getInteger("stable_seeds", 0),
              g.getInteger("seeds", 0), g.getInteger("rank", 0), g.getString("label", 0), g.getBoolean("can_go_on", 0)));
        }
      }
    }
    return rows;
  }
}
