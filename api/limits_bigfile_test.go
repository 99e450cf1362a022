package api

import (
	"bytes"
	"net/http"
	"runtime"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/parquet-go/parquet-go"
)

// TestAPIRefusesTenMillionRows: a small Parquet file of ten million
// rows (its values repeating, so it packs to a fraction of a MB) is refused with 413 by the
// default row limit before it is decoded: the server's heap grows by far
// less than the rows would take in memory (about 230 bytes a row, 2.3 GB).
func TestAPIRefusesTenMillionRows(t *testing.T) {
	const rows = 10_000_000
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[datasets.Population](&buf, parquet.Compression(&parquet.Zstd))
	batch := make([]datasets.Population, 100_000)
	for i := range batch {
		batch[i] = datasets.Population{Region: "1480", Year: 2024, Age: int32(i % 101), Sex: "F", Persons: 100}
	}
	for n := 0; n < rows; n += len(batch) {
		if _, err := w.Write(batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	t.Logf("%d rows in %.1f MB", rows, float64(len(data))/1e6)

	ta := newTestAPI(t, nil) // the default limits
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := ta.do("PUT", "/v1/datasets/big/files/population", "admin", bytes.NewReader(data), "Content-Type", mediaParquet)
	runtime.ReadMemStats(&after)
	if r.code != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d %s", r.code, r.body)
	}
	// TotalAlloc counts every byte allocated while the request ran, freed
	// or not: the body's copy and the footer, not the rows.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("the refused upload allocated %d MB", grew>>20)
	}
}
