package io.gansweep.train;

import io.gansweep.data.SeededRandom;
import java.util.List;

/**
 * The seeded streams a trial's rounds draw from, each named after its purpose (see {@link
 * SeededRandom#stream}). The initialisation stream is spent when the networks are built and the
 * evaluation z is drawn once, so neither is here: a checkpoint saves the positions of these four.
 */
record Streams(SeededRandom data, SeededRandom noise, SeededRandom dropout, SeededRandom interpolation) {

  static Streams of(long seed) {
    return new Streams(SeededRandom.stream(seed, "data"), SeededRandom.stream(seed, "noise"), SeededRandom.stream(seed, "dropout"),
        SeededRandom.stream(seed, "interpolation"));
  }

  /** The streams in a fixed order: data, noise, dropout, interpolation. */
  List<SeededRandom> all() {
    return List.of(data, noise, dropout, interpolation);
  }
}
