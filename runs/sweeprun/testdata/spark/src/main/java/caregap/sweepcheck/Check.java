// Reads a sweep directory (caregap sweep --out DIR) with Apache Spark as
// one Hive-partitioned dataset, spark.read().parquet(DIR), and checks it
// against the manifest, as ../duckdb/check.mjs and ../polars/check.mjs do
// with DuckDB and Polars: the columns, one row per scenario, region (and
// all), year and role, no key twice, and the scenarios' list joined on
// scenario. Prints one ok/FAIL line per check; exits 1 on a mismatch or
// when Spark cannot read the directory, 2 on bad arguments or manifest.
//
//   ./check.sh DIR
package caregap.sweepcheck;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

public final class Check {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The columns of a sweep: the bands' fields and the two partition keys. */
  private static final List<String> COLUMNS =
      List.of(
          "mean_fte", "p10_fte", "p50_fte", "p90_fte", "prob_above", "region", "role",
          "scenario", "sd_fte", "year");

  private boolean failed;

  private Check() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: check.sh SWEEP_DIR");
      System.exit(2);
    }
    String dir = args[0];
    Manifest m;
    try {
      m = Manifest.read(new File(dir, "_sweep.json"));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("read manifest: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark =
        SparkSession.builder()
            .appName("caregap-sweep-check")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            // Region codes such as 0580 stay text, and so do scenario IDs.
            .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
            .getOrCreate();
    int code;
    try {
      Check c = new Check();
      c.run(spark, dir, m);
      code = c.failed ? 1 : 0;
    } catch (Exception e) {
      // Spark's AnalysisException (a checked exception that Scala does not
      // declare) and the like: the directory is not one readable dataset,
      // which is what this checks.
      System.out.println("FAIL read " + dir + ": " + e.getMessage());
      code = 1;
    } finally {
      spark.stop();
    }
    System.exit(code);
  }

  private void run(SparkSession spark, String dir, Manifest m) {
    Dataset<Row> bands = spark.read().parquet(dir);

    List<String> cols = new ArrayList<>(Arrays.asList(bands.columns()));
    cols.sort(null);
    List<String> wantCols = new ArrayList<>(COLUMNS);
    wantCols.sort(null);
    check("columns", cols, wantCols);

    long years = m.toYear - m.baseYear + 1;
    Row n =
        bands.agg(count(lit(1)), countDistinct("scenario"), countDistinct("region")).first();
    check(
        "rows, scenarios, regions",
        nsr(n.getLong(0), n.getLong(1), n.getLong(2)),
        nsr(
            m.scenarios * (m.regions + 1) * years * (m.roles + 1),
            m.scenarios,
            m.regions + 1));

    long dup =
        bands
            .groupBy("scenario", "region", "year", "role")
            .count()
            .filter(col("count").gt(1))
            .count();
    check("duplicate keys", dup, 0L);

    // Every column of the list is read as text (no schema inference).
    Dataset<Row> scs = spark.read().option("header", "true").csv(dir + "/_scenarios.csv");
    Dataset<Row> national =
        bands.filter(
            col("region")
                .equalTo("all")
                .and(col("role").equalTo("all_roles"))
                .and(col("year").equalTo(m.toYear)));
    check(
        "scenarios joined to their national gap",
        scs.join(national, "scenario").count(),
        m.scenarios);
  }

  private static Map<String, Long> nsr(long n, long s, long r) {
    Map<String, Long> v = new LinkedHashMap<>();
    v.put("n", n);
    v.put("s", s);
    v.put("r", r);
    return v;
  }

  /** Prints an ok or FAIL line the way the other readers' checks do. */
  private void check(String what, Object got, Object want) {
    String g = json(got);
    String w = json(want);
    boolean ok = g.equals(w);
    System.out.println((ok ? "ok   " : "FAIL ") + what + ": " + g + (ok ? "" : " want " + w));
    failed |= !ok;
  }

  private static String json(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("encode " + v, e);
    }
  }

  /** The fields of _sweep.json that the checks count with. */
  private static final class Manifest {
    long scenarios;
    long regions;
    long roles;
    int baseYear;
    int toYear;

    static Manifest read(File f) throws IOException {
      JsonNode root = JSON.readTree(f);
      Manifest m = new Manifest();
      m.scenarios = list(f, root, "scenarios");
      m.regions = list(f, root, "regions");
      m.roles = list(f, root, "roles");
      m.baseYear = year(f, root, "base_year");
      m.toYear = year(f, root, "to_year");
      if (m.toYear < m.baseYear) {
        throw new IllegalArgumentException(
            f + ": to_year " + m.toYear + " before base_year " + m.baseYear);
      }
      return m;
    }

    private static long list(File f, JsonNode root, String field) {
      JsonNode v = root.get(field);
      if (v == null || !v.isArray()) {
        throw new IllegalArgumentException(f + ": field " + field + " is not a list");
      }
      return v.size();
    }

    private static int year(File f, JsonNode root, String field) {
      JsonNode v = root.get(field);
      if (v == null || !v.isInt()) {
        throw new IllegalArgumentException(f + ": field " + field + " is not a whole number");
      }
      return v.asInt();
    }
  }
}
