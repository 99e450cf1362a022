// Reads a sweep directory (caregap sweep --out DIR) with DuckDB as one
// Hive-partitioned dataset and checks it against the manifest: the
// columns, one row per scenario, region (and all), year and role, and
// the scenarios' list joined on scenario. Exits 1 on a mismatch.
//
//   npm ci && node check.mjs DIR
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node check.mjs SWEEP_DIR');
  process.exit(2);
}
const m = JSON.parse(readFileSync(`${dir}/_sweep.json`, 'utf8'));
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const rows = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJS();
const bands = `read_parquet('${dir}/scenario=*/region=*/*.parquet', hive_partitioning = true, hive_types = {'region': VARCHAR})`;
let failed = false;
const check = (what, got, want) => {
  const ok = JSON.stringify(got) === JSON.stringify(want);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(got)}${ok ? '' : ` want ${JSON.stringify(want)}`}`);
  failed ||= !ok;
};

const cols = (await rows(`DESCRIBE SELECT * FROM ${bands}`)).map((r) => r.column_name).sort();
check('columns', cols, ['mean_fte', 'p10_fte', 'p50_fte', 'p90_fte', 'prob_above', 'region', 'role', 'scenario', 'sd_fte', 'year'].sort());
const years = m.to_year - m.base_year + 1;
const [n] = await rows(`SELECT count(*)::INTEGER AS n, count(DISTINCT scenario)::INTEGER AS s, count(DISTINCT region)::INTEGER AS r FROM ${bands}`);
check('rows, scenarios, regions', n, { n: m.scenarios.length * (m.regions.length + 1) * years * (m.roles.length + 1), s: m.scenarios.length, r: m.regions.length + 1 });
const [dup] = await rows(`SELECT count(*)::INTEGER AS d FROM (SELECT scenario, region, year, role FROM ${bands} GROUP BY ALL HAVING count(*) > 1)`);
check('duplicate keys', dup.d, 0);
const [j] = await rows(`SELECT count(*)::INTEGER AS n FROM read_csv('${dir}/_scenarios.csv') s JOIN ${bands} b USING (scenario) WHERE b.region = 'all' AND b.role = 'all_roles' AND b.year = ${m.to_year}`);
check('scenarios joined to their national gap', j.n, m.scenarios.length);
process.exit(failed ? 1 : 0);
