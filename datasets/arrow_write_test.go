package datasets

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// readArrowRows reads an Arrow IPC stream back into rows of T, column by
// column through the schema, releasing everything it reads.
func readArrowRows[T any](t *testing.T, data []byte, mem memory.Allocator) (rows []T, batches int) {
	t.Helper()
	s := SchemaOf[T]()
	rd, err := ipc.NewReader(bytes.NewReader(data), ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Release()
	if !rd.Schema().Equal(s.ArrowSchema()) {
		t.Fatalf("schema %v, want %v", rd.Schema(), s.ArrowSchema())
	}
	for rd.Next() {
		rec := rd.RecordBatch()
		batches++
		for i := range int(rec.NumRows()) {
			var r T
			v := reflect.ValueOf(&r).Elem()
			for j := range s.Columns {
				f := v.Field(s.Columns[j].field)
				switch col := rec.Column(j).(type) {
				case *array.String:
					f.SetString(col.Value(i))
				case *array.Int32:
					f.SetInt(int64(col.Value(i)))
				case *array.Float64:
					f.SetFloat(col.Value(i))
				case *array.Boolean:
					f.SetBool(col.Value(i))
				default:
					t.Fatalf("column %s: %T", s.Columns[j].Name, col)
				}
			}
			rows = append(rows, r)
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, batches
}

func TestWriteArrowRoundTrip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	t.Run("workforce", func(t *testing.T) {
		rows := testBundle().Workforce
		var buf bytes.Buffer
		if err := WriteArrow(&buf, mem, rows); err != nil {
			t.Fatal(err)
		}
		back, batches := readArrowRows[Workforce](t, buf.Bytes(), mem)
		if !reflect.DeepEqual(back, rows) || batches != 1 {
			t.Errorf("%d batches, rows\n%+v\nwant\n%+v", batches, back, rows)
		}
	})
	t.Run("roles, with a bool and a NaN", func(t *testing.T) {
		// WriteArrow does not validate: a NaN is written as it is.
		rows := []Role{{Role: "nurse", Name: "Nurse", NewStaffExitRate: math.NaN(), Entry: true}}
		var buf bytes.Buffer
		if err := WriteArrow(&buf, mem, rows); err != nil {
			t.Fatal(err)
		}
		back, _ := readArrowRows[Role](t, buf.Bytes(), mem)
		if len(back) != 1 || !back[0].Entry || !math.IsNaN(back[0].NewStaffExitRate) || back[0].Name != "Nurse" {
			t.Errorf("%+v", back)
		}
	})
	t.Run("no rows", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteArrow(&buf, mem, []Forecast{}); err != nil {
			t.Fatal(err)
		}
		back, batches := readArrowRows[Forecast](t, buf.Bytes(), mem)
		if len(back) != 0 || batches != 1 {
			t.Errorf("%d rows in %d batches, want one empty batch", len(back), batches)
		}
	})
	t.Run("batches", func(t *testing.T) {
		// arrowBatchSize+1 rows make one full batch and one of one row.
		rows := make([]GapDriver, arrowBatchSize+1)
		for i := range rows {
			rows[i] = GapDriver{Scenario: "base", Region: "1480", Year: int32(2025 + i%16), Role: "nurse", Driver: "demography", FTE: float64(i)}
		}
		var buf bytes.Buffer
		if err := WriteArrow(&buf, mem, rows); err != nil {
			t.Fatal(err)
		}
		back, batches := readArrowRows[GapDriver](t, buf.Bytes(), mem)
		if batches != 2 || !reflect.DeepEqual(back, rows) {
			t.Errorf("%d rows in %d batches, want %d in 2", len(back), batches, len(rows))
		}
	})
}

// failWriter fails every write.
type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

// TestWriteArrowWriterError: a failing writer is an error that wraps its
// cause, and every buffer is still released.
func TestWriteArrowWriterError(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	if err := WriteArrow(failWriter{}, mem, testBundle().Population); !errors.Is(err, errWrite) {
		t.Errorf("error %v, want one wrapping %v", err, errWrite)
	}
}

// TestArrowSchemaMatchesRead: the schema WriteArrow writes has the names
// and types ReadArrowTable gives for the Parquet file of every dataset.
func TestArrowSchemaMatchesRead(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := testBundle()
	for _, c := range []struct {
		name string
		data []byte
		s    *Schema
	}{
		{"workforce", encodeT(t, b.Workforce), SchemaOf[Workforce]()},
		{"roles", encodeT(t, b.Roles), SchemaOf[Role]()},
		{"forecast", encodeT(t, []Forecast{{Scenario: "base", Region: "1480", Year: 2030, Role: "nurse"}}), SchemaOf[Forecast]()},
	} {
		t.Run(c.name, func(t *testing.T) {
			tbl, err := ReadArrowTable(bytes.NewReader(c.data), int64(len(c.data)), mem)
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Release()
			want := c.s.ArrowSchema()
			if tbl.Schema().NumFields() != want.NumFields() {
				t.Fatalf("%d fields read, %d written", tbl.Schema().NumFields(), want.NumFields())
			}
			for i, f := range tbl.Schema().Fields() {
				w := want.Field(i)
				if f.Name != w.Name || !arrow.TypeEqual(f.Type, w.Type) {
					t.Errorf("field %d: read %s %v, written %s %v", i, f.Name, f.Type, w.Name, w.Type)
				}
			}
		})
	}
}
