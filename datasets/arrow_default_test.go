package datasets_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
)

// TestDefaultDatasetsThroughArrow writes every dataset of the default as
// Parquet, as the notebooks do, and reads each back into Arrow: the same
// columns in schema order, the same number of rows, and every buffer
// released.
func TestDefaultDatasetsThroughArrow(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := datasets.WriteDir(dir, b); err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	v := reflect.ValueOf(b).Elem()
	schemas := datasets.Schemas() // the inputs come first, in Bundle order
	for i := range v.NumField() {
		if f := v.Field(i); f.Len() > 0 {
			rows[schemas[i].File] = f.Len()
		}
	}
	if len(rows) < 15 {
		t.Fatalf("only %d datasets in the default", len(rows))
	}
	m, err := defaultdata.LoadMatch()
	if err != nil {
		t.Fatal(err)
	}
	if err := datasets.WriteMatchDir(dir, m); err != nil {
		t.Fatal(err)
	}
	rows["candidates.parquet"], rows["openings.parquet"], rows["workplaces.parquet"] = len(m.Candidates), len(m.Openings), len(m.Workplaces)
	for file, n := range rows {
		t.Run(file, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f, err := os.Open(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			tbl, err := datasets.ReadArrowTable(f, st.Size(), mem)
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Release()
			if tbl.NumRows() != int64(n) {
				t.Errorf("%d rows through Arrow, %d written", tbl.NumRows(), n)
			}
			s, _ := datasets.LookupSchema(file)
			if int(tbl.NumCols()) != len(s.Columns) {
				t.Fatalf("%d columns, schema has %d", tbl.NumCols(), len(s.Columns))
			}
			for i, c := range s.Columns {
				if got := tbl.Schema().Field(i).Name; got != c.Name {
					t.Errorf("column %d is %s, schema says %s", i, got, c.Name)
				}
			}
		})
	}
}
