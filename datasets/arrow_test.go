package datasets

import (
	"bytes"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestReadArrowTable(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	rows := testBundle().Workforce
	data := encodeT(t, rows)
	tbl, err := ReadArrowTable(bytes.NewReader(data), int64(len(data)), mem)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != int64(len(rows)) {
		t.Errorf("%d rows, want %d", tbl.NumRows(), len(rows))
	}
	s := SchemaOf[Workforce]()
	if int(tbl.NumCols()) != len(s.Columns) {
		t.Fatalf("%d columns, want %d", tbl.NumCols(), len(s.Columns))
	}
	for i, f := range tbl.Schema().Fields() {
		if f.Name != s.Columns[i].Name {
			t.Errorf("column %d: %s, want %s", i, f.Name, s.Columns[i].Name)
		}
	}
}

func TestReadArrowTableNotParquet(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	data := []byte("region,year\n1480,2024\n")
	if _, err := ReadArrowTable(bytes.NewReader(data), int64(len(data)), mem); !errors.Is(err, ErrNotParquet) {
		t.Errorf("error %v, want ErrNotParquet", err)
	}
}
