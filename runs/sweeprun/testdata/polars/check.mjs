// Reads a sweep directory (caregap sweep --out DIR) with Polars (its
// Node.js binding, nodejs-polars) as one Hive-partitioned dataset and
// checks it against the manifest, as ../duckdb/check.mjs does with
// DuckDB: the columns, one row per scenario, region (and all), year and
// role, no key twice, and the scenarios' list joined on scenario. Exits
// 1 on a mismatch.
//
//   npm ci && node check.mjs DIR
import pl from 'nodejs-polars';
import { readFileSync } from 'node:fs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node check.mjs SWEEP_DIR');
  process.exit(2);
}
const m = JSON.parse(readFileSync(`${dir}/_sweep.json`, 'utf8'));
const bands = pl.scanParquet(`${dir}/scenario=*/region=*/*.parquet`, {
  hivePartitioning: true,
  hiveSchema: { scenario: pl.Utf8, region: pl.Utf8 },
});
let failed = false;
const check = (what, got, want) => {
  const ok = JSON.stringify(got) === JSON.stringify(want);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(got)}${ok ? '' : ` want ${JSON.stringify(want)}`}`);
  failed ||= !ok;
};

const df = await bands.collect();
check('columns', [...df.columns].sort(), ['mean_fte', 'p10_fte', 'p50_fte', 'p90_fte', 'prob_above', 'region', 'role', 'scenario', 'sd_fte', 'year'].sort());
const years = m.to_year - m.base_year + 1;
check('rows, scenarios, regions',
  { n: df.height, s: df.getColumn('scenario').nUnique(), r: df.getColumn('region').nUnique() },
  { n: m.scenarios.length * (m.regions.length + 1) * years * (m.roles.length + 1), s: m.scenarios.length, r: m.regions.length + 1 });
const dup = df.groupBy(['scenario', 'region', 'year', 'role']).len().filter(pl.col('len').gt(1)).height;
check('duplicate keys', dup, 0);
const scs = pl.readCSV(`${dir}/_scenarios.csv`, { inferSchemaLength: 0 });
const national = df.filter(pl.col('region').eq(pl.lit('all')).and(pl.col('role').eq(pl.lit('all_roles'))).and(pl.col('year').eq(m.to_year)));
check('scenarios joined to their national gap', scs.join(national, { on: 'scenario' }).height, m.scenarios.length);
process.exit(failed ? 1 : 0);
