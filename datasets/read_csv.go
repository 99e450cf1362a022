package datasets

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// ReadCSV reads and validates the CSV form of the dataset of row type T
// from r; file names it in errors, which give the CSV line as well as the
// data row. The header names the columns, in any order; every column of
// the schema must be present (ErrMissingColumn), except those that may be
// absent (Column.MayBeAbsent, read as the zero value), and no other may be
// (ErrUnknownColumn), but columns with an empty header are ignored. The
// separator is a comma, or a semicolon when the header has more semicolons
// than commas (as spreadsheets in Swedish locales write it); with a
// semicolon, a decimal comma is accepted in floats. A leading byte order
// mark, spaces around values and lines with only empty fields are ignored.
// Values that do not parse give ErrSyntax; parsed values are validated as
// by Read. ReadCSV panics when T is not a row type of this package.
func ReadCSV[T any](r io.Reader, file string) ([]T, error) {
	s := SchemaOf[T]()
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	head, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	cr := csv.NewReader(br)
	if bytes.Count(head, []byte(";")) > bytes.Count(head, []byte(",")) {
		cr.Comma = ';'
	}
	cr.ReuseRecord = true

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &RowError{File: file, Err: ruleErr(ErrEmpty, "empty file")}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	fields, err := csvHeader(s, header, file)
	if err != nil {
		return nil, err
	}

	var (
		rows []T
		errs errorList
		v    = newValidator(s, file, &errs)
		p    = csvParser{decimalComma: cr.Comma == ';'}
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs.add(csvError(file, err))
			return nil, errs.err()
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		var row T
		rv := reflect.ValueOf(&row).Elem()
		n := len(rows) + 1
		ok := true
		for j, c := range fields {
			if c == nil {
				continue
			}
			if err := p.parse(rv.Field(c.field), c, strings.TrimSpace(rec[j])); err != nil {
				ok = false
				if !errs.add(&RowError{File: file, Row: n, Line: line, Column: c.Name, Err: err}) {
					errs.stopped = true
					return nil, errs.err()
				}
			}
		}
		rows = append(rows, row)
		if ok && !v.row(rv, n, line) {
			errs.stopped = true
			return nil, errs.err()
		}
	}
	if errs.len() > 0 {
		return nil, errs.err()
	}
	if len(rows) == 0 {
		return nil, &RowError{File: file, Err: ruleErr(ErrEmpty, "no data rows")}
	}
	return rows, nil
}

// csvHeader maps the header's fields to the schema's columns; nil marks an
// ignored field.
func csvHeader(s *Schema, header []string, file string) ([]*Column, error) {
	var errs errorList
	fields := make([]*Column, len(header))
	seen := make(map[string]bool, len(header))
	for j, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		c, ok := s.Column(h)
		switch {
		case !ok:
			errs.add(&RowError{File: file, Line: 1, Column: h, Err: ruleErr(ErrUnknownColumn, "not a column of %s", s.Name)})
		case seen[h]:
			errs.add(&RowError{File: file, Line: 1, Column: h, Err: ruleErr(ErrUnknownColumn, "named twice in the header")})
		default:
			fields[j] = c
		}
		seen[h] = true
	}
	for i := range s.Columns {
		if !seen[s.Columns[i].Name] && !s.Columns[i].MayBeAbsent {
			errs.add(&RowError{File: file, Line: 1, Column: s.Columns[i].Name, Err: ruleErr(ErrMissingColumn, "missing from the header")})
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return fields, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{File: file, Line: pe.Line, Err: causeErr(ErrSyntax, pe.Err, "malformed csv")}
	}
	return fmt.Errorf("%s: %w", file, err)
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

type csvParser struct {
	decimalComma bool
}

// parse sets field f of column c from the CSV value s.
func (p csvParser) parse(f reflect.Value, c *Column, s string) error {
	if s == "" && c.Kind != String {
		return ruleErr(ErrMissingValue, "empty value")
	}
	switch c.Kind {
	case String:
		f.SetString(s)
	case Int32:
		x, err := strconv.ParseInt(s, 10, 32)
		if errors.Is(err, strconv.ErrRange) {
			return ruleErr(ErrRange, "%s is too large a whole number for the column", s)
		}
		if err != nil {
			return ruleErr(ErrSyntax, "%q is not an integer", s)
		}
		f.SetInt(x)
	case Float64:
		if p.decimalComma {
			s = strings.Replace(s, ",", ".", 1)
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return ruleErr(ErrSyntax, "%q is not a number", s)
		}
		f.SetFloat(x) // ±Inf on overflow, which validation reports
	case Bool:
		x, err := strconv.ParseBool(s)
		if err != nil {
			return ruleErr(ErrSyntax, "%q is not true or false", s)
		}
		f.SetBool(x)
	}
	return nil
}
