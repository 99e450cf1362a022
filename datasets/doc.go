// Package datasets holds the files of caregap: the row structs of every
// Parquet dataset (rows.go), the schema registry that documents them
// (schema.go, rendered as SCHEMAS.md), validated Parquet and CSV readers
// and writers, bundles of all inputs of a forecast, checks that span
// files, Arrow and JSON encodings, and the conversion of rows to engine
// types.
//
// # Schemas
//
// Every dataset is one Parquet file named by the registry, for example
// population.parquet, whose rows are one struct of rows.go (Population).
// The registry (Schemas, SchemaOf, LookupSchema) gives per dataset its key
// columns, which identify a row, and per column its type, unit, allowed
// range or values, and meaning. SCHEMAS.md lists them all; it is generated
// from the registry, and a test fails when it is out of date:
//
//	go test ./datasets -run TestSchemasDoc -update
//
// Conventions: region is a municipality code ("1480"); sex is "M" or "F";
// age is one-year age 0..100, where 100 means 100 and over; year is a
// calendar year 1900..2100; rates are per year and shares lie in 0..1;
// floats are finite; codes are non-empty; no value is null, except
// actuals.value, where empty means not reported (never 0).
//
// # Reading and writing
//
// Read takes an io.ReaderAt and its size, ReadCSV an io.Reader, ReadFile
// and ReadFS an fs.FS. Readers check the file's columns and types against
// the registry before they decode a row, then validate every value and
// the uniqueness of the keys; a file that passes holds only rows that the
// engine can use. EncodeParquet and EncodeCSV write to an io.Writer;
// WriteParquet, WriteCSV and WriteDir write files atomically, through a
// temporary file in the same directory that is synced and renamed, so no
// reader ever sees half a file. Writers validate rows as readers do.
// Parquet output is zstd-compressed; CSV output has the column names as
// its header and floats in their shortest exact form.
//
// # Errors
//
// Problems of the data are *RowError values naming the file, the 1-based
// data row (and, for CSV, the line), the column and the rule, for example
//
//	population.parquet: row 17, column persons: -3 is below the minimum 0
//
// Each wraps a rule sentinel (ErrRange, ErrNaN, ErrDuplicate,
// ErrMissingColumn, ErrWrongType, ErrUnknownRef, ErrEmpty, ...), so callers
// test them with errors.Is and errors.As and never by their text. Readers
// and Check list up to 20 problems, joined with errors.Join, so that a
// planner can fix a spreadsheet in one pass. A corrupt Parquet file is an
// error (ErrCorrupt), never a panic. Calling a generic function with a
// type that is not a row type of this package is a bug and panics.
//
// # Bundles and checks
//
// A Bundle holds every input dataset of a forecast. ReadFS reads the files
// present in a directory (Parquet, or CSV when there is no Parquet file);
// regions are required. Check finds what no single file shows: codes not
// defined in regions, services, roles or training_pipelines, role shares
// not summing to 1, training stages not numbered 1..n, workforce rows of
// several years and overlapping age bands of care use.
//
// # Arrow, JSON pages and other formats
//
// ReadArrowTable reads any Parquet file into an arrow.Table with a caller's
// memory.Allocator, for notebooks; WriteArrow writes rows as an Arrow IPC
// stream and AppendJSONPage a page of rows as JSON, for the API's answers;
// ColumnNames and RowValues give any other writer (the forecast's
// spreadsheet) the columns and values of a row in schema order. Format
// knowledge stays here: no other package reflects on the row types.
package datasets

//go:generate go test -run TestSchemasDoc -update
