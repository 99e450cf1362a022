package datasets

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/caregap/caregap/engine/errkind"
)

// Rules a dataset can break. Every error that Read, ReadCSV, ReadFS and
// Check return for bad data wraps one of them, usually inside a *RowError
// that says where: test with errors.Is(err, ErrRange) and errors.As(err,
// &rowErr). Errors of the underlying reader or file system (for example
// *fs.PathError) are returned as they are.
var (
	// ErrNotParquet: the file does not start and end with the Parquet magic
	// bytes.
	ErrNotParquet = errkind.New(errkind.BadInput, "not a parquet file")
	// ErrCorrupt: the Parquet metadata or pages cannot be decoded.
	ErrCorrupt = errkind.New(errkind.BadInput, "corrupt file")
	// ErrEmpty: the file has no data rows.
	ErrEmpty = errkind.New(errkind.BadInput, "no data rows")
	// ErrMissingColumn: a column of the schema is absent from the file.
	ErrMissingColumn = errkind.New(errkind.BadInput, "missing column")
	// ErrUnknownColumn: a CSV header names a column the schema lacks, or
	// names a column twice.
	ErrUnknownColumn = errkind.New(errkind.BadInput, "unknown column")
	// ErrWrongType: a Parquet column has another physical or logical type
	// than the schema's, or is repeated or nested.
	ErrWrongType = errkind.New(errkind.BadInput, "wrong type")
	// ErrSyntax: a CSV value cannot be parsed as the column's type, or the
	// CSV itself is malformed.
	ErrSyntax = errkind.New(errkind.BadInput, "syntax error")
	// ErrMissingValue: a null in a Parquet column, or an empty code.
	ErrMissingValue = errkind.New(errkind.BadInput, "missing value")
	// ErrNaN: a float is NaN or infinite.
	ErrNaN = errkind.New(errkind.BadInput, "not a finite number")
	// ErrRange: a number is outside the column's allowed range, or breaks
	// a rule between columns of the same row (age_from <= age_to).
	ErrRange = errkind.New(errkind.BadInput, "out of range")
	// ErrEnum: a value is not one of the column's allowed values.
	ErrEnum = errkind.New(errkind.BadInput, "not an allowed value")
	// ErrDuplicate: two rows have the same key.
	ErrDuplicate = errkind.New(errkind.BadInput, "duplicate key")
	// ErrUnknownRef: a code (region, service, role, pipeline) is not
	// defined in the dataset that lists them.
	ErrUnknownRef = errkind.New(errkind.BadInput, "unknown reference")
	// ErrMissingFile: a dataset that others need is absent.
	ErrMissingFile = errkind.New(errkind.BadInput, "missing file")
	// ErrShareSum: the role shares of a region and service do not sum to 1.
	ErrShareSum = errkind.New(errkind.BadInput, "shares do not sum to 1")
	// ErrStages: a training pipeline has no stages, or its stages are not
	// numbered 1..n without gaps.
	ErrStages = errkind.New(errkind.BadInput, "bad stage numbering")
	// ErrBaseYear: workforce rows have more than one year.
	ErrBaseYear = errkind.New(errkind.BadInput, "more than one base year")
	// ErrOverlap: two age bands of the same region, service and sex
	// overlap.
	ErrOverlap = errkind.New(errkind.BadInput, "overlapping age bands")
)

// RowError locates a problem in a dataset file. Row is the 1-based data
// row (the header of a CSV file is not a row) or 0 when the problem is not
// about one row; Line is the 1-based line of a CSV file or 0; Column is
// empty when the problem is not about one column. Err wraps one of the
// rule sentinels above.
type RowError struct {
	File   string
	Row    int
	Line   int
	Column string
	Err    error
}

// Error formats the location and the problem, for example
// "population.parquet: row 17, column persons: -3 is below the minimum 0".
// A CSV error gives the line instead of the row.
func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	sep := ": "
	switch {
	case e.Line > 0:
		b.WriteString(sep + "line " + strconv.Itoa(e.Line))
		sep = ", "
	case e.Row > 0:
		b.WriteString(sep + "row " + strconv.Itoa(e.Row))
		sep = ", "
	}
	if e.Column != "" {
		b.WriteString(sep + "column " + e.Column)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the rule the row breaks.
func (e *RowError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: the error locates a problem in the user's data.
func (e *RowError) Kind() errkind.Kind { return errkind.BadInput }

// ruleError is a problem described in words that wraps a rule sentinel
// and, optionally, the error that caused it, without repeating the
// sentinel's own text.
type ruleError struct {
	rule  error
	msg   string
	cause error
}

func (e *ruleError) Error() string { return e.msg }

func (e *ruleError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.rule}
	}
	return []error{e.rule, e.cause}
}

// ruleErr describes a breach of rule.
func ruleErr(rule error, format string, args ...any) error {
	return &ruleError{rule: rule, msg: fmt.Sprintf(format, args...)}
}

// causeErr describes a breach of rule caused by err; the message ends with
// err's text.
func causeErr(rule error, err error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &ruleError{rule: rule, msg: msg + ": " + err.Error(), cause: err}
}

// maxErrors is how many problems a reader or Check lists before it stops.
const maxErrors = 20

// errorList collects up to maxErrors problems and counts the rest.
type errorList struct {
	errs    []error
	more    int
	stopped bool // the caller stopped looking once the list was full
}

// add records err and reports whether there is room for more.
func (l *errorList) add(err error) bool {
	if len(l.errs) < maxErrors {
		l.errs = append(l.errs, err)
	} else {
		l.more++
	}
	return !l.full()
}

func (l *errorList) full() bool { return len(l.errs) >= maxErrors }

func (l *errorList) len() int { return len(l.errs) }

// err joins the problems, or returns nil when there are none.
func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	errs := l.errs
	switch {
	case l.more > 0:
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("and %d more problems", l.more))
	case l.stopped:
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("stopped after %d problems", len(errs)))
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}
