package datasets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ReadMatchFS reads the three inputs of a matching run from the root of
// fsys: candidates, openings and workplaces, each as Parquet
// ("candidates.parquet") or, when there is no Parquet file, as CSV
// ("candidates.csv"). All three are required (ErrMissingFile). Every
// file is read and validated as by ReadFile (duplicate ids, values out of
// range, NaN coordinates, empty files, bad dates), and then CheckMatch
// checks the references between them. The problems of all files are
// returned joined, each a *RowError naming file, row and column; then the
// set is nil.
func ReadMatchFS(fsys fs.FS) (*MatchSet, error) {
	m := new(MatchSet)
	var errs []error
	read := func(s *Schema, i int, rd func(name string) error) {
		name, err := findDataset(fsys, s)
		switch {
		case err != nil:
			errs = append(errs, err)
		case name == "":
			errs = append(errs, &RowError{File: s.File, Err: ruleErr(ErrMissingFile, "missing; a matching run needs %s", s.Name)})
		default:
			m.files[i] = name
			if err := rd(name); err != nil {
				errs = append(errs, err)
			}
		}
	}
	read(SchemaOf[Candidate](), 0, func(name string) (err error) {
		m.Candidates, err = ReadFile[Candidate](fsys, name)
		return err
	})
	read(SchemaOf[Opening](), 1, func(name string) (err error) {
		m.Openings, err = ReadFile[Opening](fsys, name)
		return err
	})
	read(SchemaOf[Workplace](), 2, func(name string) (err error) {
		m.Workplaces, err = ReadFile[Workplace](fsys, name)
		return err
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := CheckMatch(m); err != nil {
		return nil, err
	}
	return m, nil
}

// file returns the name the i-th dataset of m was read from.
func (m *MatchSet) file(i int, s *Schema) string {
	if m.files[i] != "" {
		return m.files[i]
	}
	return s.File
}

// CheckMatch validates the rows of m as the readers do and checks what no
// single file shows: every opening's workplace_id is listed in workplaces
// (ErrUnknownRef) and no dataset is empty (ErrEmpty). It returns up to 20
// problems joined, each a *RowError, or nil.
func CheckMatch(m *MatchSet) error {
	var errs errorList
	cf := m.file(0, SchemaOf[Candidate]())
	of := m.file(1, SchemaOf[Opening]())
	wf := m.file(2, SchemaOf[Workplace]())
	for _, e := range []struct {
		n    int
		file string
	}{{len(m.Candidates), cf}, {len(m.Openings), of}, {len(m.Workplaces), wf}} {
		if e.n == 0 {
			errs.add(&RowError{File: e.file, Err: ruleErr(ErrEmpty, "no data rows")})
		}
	}
	for _, err := range []error{Validate(m.Candidates, cf), Validate(m.Openings, of), Validate(m.Workplaces, wf)} {
		if err != nil {
			errs.add(err)
		}
	}
	if errs.len() > 0 {
		return errs.err()
	}
	known := make(map[string]bool, len(m.Workplaces))
	for _, w := range m.Workplaces {
		known[w.WorkplaceID] = true
	}
	for i, o := range m.Openings {
		if !known[o.WorkplaceID] {
			if !errs.add(&RowError{File: of, Row: i + 1, Column: "workplace_id", Err: ruleErr(ErrUnknownRef, "%q is not in %s", o.WorkplaceID, wf)}) {
				errs.stopped = true
				break
			}
		}
	}
	return errs.err()
}

// WriteMatchDir writes the three inputs of m as Parquet files named by
// the registry into dir, which it creates when needed, each atomically
// (see WriteParquet). It stops at the first error.
func WriteMatchDir(dir string, m *MatchSet) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write matching set: %w", err)
	}
	if err := WriteParquet(filepath.Join(dir, SchemaOf[Candidate]().File), m.Candidates); err != nil {
		return err
	}
	if err := WriteParquet(filepath.Join(dir, SchemaOf[Opening]().File), m.Openings); err != nil {
		return err
	}
	return WriteParquet(filepath.Join(dir, SchemaOf[Workplace]().File), m.Workplaces)
}

// EncodeMatchReport writes rep to w as indented JSON.
func EncodeMatchReport(w io.Writer, rep *MatchReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("encode report.json: %w", err)
	}
	return nil
}

// WriteMatchReport writes rep as JSON to the file at path, atomically.
func WriteMatchReport(path string, rep *MatchReport) error {
	return writeAtomic(path, func(w io.Writer) error { return EncodeMatchReport(w, rep) })
}

// DecodeMatchReport reads a report written by EncodeMatchReport.
func DecodeMatchReport(r io.Reader) (*MatchReport, error) {
	var rep MatchReport
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		return nil, fmt.Errorf("decode report.json: %w", err)
	}
	return &rep, nil
}
