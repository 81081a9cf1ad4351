package io.paynotify.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest methods of a JFR recording (e.g. {@code target/bench/connect-15000.jfr} from
 * {@code BENCH_PROFILE=1 scripts/bench.sh}): by own samples, and by samples with the method anywhere on
 * the stack, as a share of all execution samples. {@code jfr print} cannot format some hidden-class
 * frames on JDK 17; this reads the file with the {@code jdk.jfr.consumer} API instead.
 *   args: file.jfr [rows] [frame filter, e.g. io.paynotify] [only samples with this method on the stack; !method: without it]
 */
public final class JfrTop {

  private JfrTop() {
  }

  public static void main(String[] args) throws IOException {
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    String filter = args.length > 2 ? args[2] : "";
    String within = args.length > 3 ? args[3] : null;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      boolean without = within != null && within.startsWith("!");
      String method = without ? within.substring(1) : within;
      if (within != null && frames.stream().anyMatch(f -> name(f).equals(method)) == without) {
        continue;
      }
      samples++;
      if (!frames.isEmpty()) {
        self.merge(name(frames.get(0)), 1, Integer::sum);
      }
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (name.startsWith(filter) && seen.add(name)) {
          total.merge(name, 1, Integer::sum);
        }
      }
    }
    System.out.printf("%,d execution samples%n%nself%n", samples);
    print(self, samples, rows);
    System.out.printf("%non the stack%n");
    print(total, samples, rows);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(Map<String, Integer> counts, int samples, int rows) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(rows)
        .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }
}
