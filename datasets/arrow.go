package datasets

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// arrowBatchSize is the number of rows pqarrow decodes at a time.
const arrowBatchSize = 64 << 10

// ReadArrowTable reads the Parquet file in r, which holds size bytes, into
// an Arrow table whose buffers come from mem. The caller must Release the
// table. Strings become Arrow strings, int32 int32, float64 float64 and
// bool boolean, one column per Parquet column in file order. It reads any
// Parquet file and does not validate values: use Read for that. A file
// that is not Parquet gives ErrNotParquet; undecodable data gives
// ErrCorrupt, also when the decoder panics.
func ReadArrowTable(r io.ReaderAt, size int64, mem memory.Allocator) (tbl arrow.Table, err error) {
	defer func() {
		if p := recover(); p != nil {
			if tbl != nil {
				tbl.Release()
			}
			tbl, err = nil, ruleErr(ErrCorrupt, "corrupt parquet data: %v", p)
		}
	}()
	if size < 12 {
		return nil, ruleErr(ErrNotParquet, "not a parquet file: %d bytes", size)
	}
	var head [4]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return nil, fmt.Errorf("read arrow table: %w", err)
	}
	if string(head[:]) != "PAR1" {
		return nil, ruleErr(ErrNotParquet, "not a parquet file (no PAR1 magic bytes)")
	}
	props := parquet.NewReaderProperties(mem)
	pf, err := file.NewParquetReader(io.NewSectionReader(r, 0, size), file.WithReadProps(props))
	if err != nil {
		return nil, causeErr(ErrCorrupt, err, "open parquet file")
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: arrowBatchSize}, mem)
	if err != nil {
		return nil, causeErr(ErrCorrupt, err, "read parquet schema")
	}
	tbl, err = fr.ReadTable(context.Background())
	if err != nil {
		return nil, causeErr(ErrCorrupt, err, "read parquet columns")
	}
	return tbl, nil
}
