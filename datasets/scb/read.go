package scb

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
)

// Table identifies an SCB register table.
type Table int

// The tables Read understands.
const (
	UnknownTable Table = iota
	PopulationTable
	DeathsTable
	BirthsTable
)

// String returns the dataset the table fills: "population", "deaths" or
// "births".
func (t Table) String() string {
	switch t {
	case PopulationTable:
		return "population"
	case DeathsTable:
		return "deaths"
	case BirthsTable:
		return "births"
	}
	return "unknown"
}

// Content codes of the value columns.
var contentCodes = map[string]Table{
	"BE0101N1": PopulationTable,
	"BE0101D8": DeathsTable,
	"BE0101E2": BirthsTable,
}

// ErrUnknownTable means a header has no value column of a known content
// code: the file is not an SCB population, deaths or births export.
var ErrUnknownTable = errkind.New(errkind.BadInput, "not an SCB population, deaths or births table")

// Options tunes Read and ImportDir; the zero value (or nil) drops the
// national totals.
type Options struct {
	// KeepNational keeps the rows of region "00", Sweden as a whole.
	KeepNational bool
}

// NationalRegion is the region code of Sweden as a whole.
const NationalRegion = "00"

// header is the parsed layout of an export.
type header struct {
	table  Table
	region int // column indices; -1 when absent
	civil  int
	age    int
	sex    int
	years  []int // year of each column, 0 for key columns
	names  []string
}

// Detect returns the table whose header this is, or an error wrapping
// ErrUnknownTable, datasets.ErrMissingColumn or datasets.ErrUnknownColumn.
func Detect(fields []string) (Table, error) {
	h, err := parseHeader(fields)
	if err != nil {
		return UnknownTable, err
	}
	return h.table, nil
}

// keyColumn maps a header name, in lower case, to its role.
func keyColumn(name string) string {
	switch name {
	case "region":
		return "region"
	case "civilstand", "civilstånd":
		return "civil"
	case "alder", "ålder":
		return "age"
	case "aldermoder", "moderns ålder", "alder moder":
		return "motherage"
	case "kon", "kön":
		return "sex"
	}
	return ""
}

func parseHeader(fields []string) (*header, error) {
	h := &header{region: -1, civil: -1, age: -1, sex: -1, years: make([]int, len(fields)), names: make([]string, len(fields))}
	motherAge := -1
	seenYear := map[int]bool{}
	for i, f := range fields {
		if i == 0 {
			f = strings.TrimPrefix(f, "\uFEFF")
		}
		f = strings.TrimSpace(f)
		h.names[i] = f
		role := keyColumn(strings.ToLower(f))
		var col *int
		switch role {
		case "region":
			col = &h.region
		case "civil":
			col = &h.civil
		case "age":
			col = &h.age
		case "motherage":
			col = &motherAge
		case "sex":
			col = &h.sex
		}
		if col != nil {
			if *col >= 0 {
				return nil, fmt.Errorf("column %q twice: %w", f, datasets.ErrUnknownColumn)
			}
			*col = i
			continue
		}
		code, year, ok := strings.Cut(f, " ")
		t, known := contentCodes[code]
		if !ok || !known {
			if h.table == UnknownTable {
				continue // decided below: unknown table or unknown column
			}
			return nil, fmt.Errorf("column %q is not a key or a %s value column: %w", f, h.table, datasets.ErrUnknownColumn)
		}
		if h.table != UnknownTable && t != h.table {
			return nil, fmt.Errorf("column %q mixes tables %s and %s: %w", f, h.table, t, datasets.ErrUnknownColumn)
		}
		h.table = t
		y, err := strconv.Atoi(year)
		if err != nil || y < 1900 || y > 2100 {
			return nil, fmt.Errorf("column %q: year %q is not 1900..2100: %w", f, year, datasets.ErrUnknownColumn)
		}
		if seenYear[y] {
			return nil, fmt.Errorf("column %q twice: %w", f, datasets.ErrUnknownColumn)
		}
		seenYear[y] = true
		h.years[i] = y
	}
	if h.table == UnknownTable {
		return nil, ErrUnknownTable
	}
	for i, f := range h.names {
		if h.years[i] == 0 && i != h.region && i != h.civil && i != h.age && i != h.sex && i != motherAge {
			return nil, fmt.Errorf("column %q is not a key or a %s value column: %w", f, h.table, datasets.ErrUnknownColumn)
		}
	}
	need := []struct {
		col  int
		name string
	}{{h.region, "Region"}, {h.sex, "Kon"}}
	switch h.table {
	case BirthsTable:
		if h.age >= 0 || h.civil >= 0 {
			return nil, fmt.Errorf("births table with an Alder or Civilstand column: %w", datasets.ErrUnknownColumn)
		}
		h.age = motherAge
		need = append(need, struct {
			col  int
			name string
		}{h.age, "AlderModer"})
	default:
		if motherAge >= 0 {
			return nil, fmt.Errorf("%s table with an AlderModer column: %w", h.table, datasets.ErrUnknownColumn)
		}
		if h.table == DeathsTable && h.civil >= 0 {
			return nil, fmt.Errorf("deaths table with a Civilstand column: %w", datasets.ErrUnknownColumn)
		}
		need = append(need, struct {
			col  int
			name string
		}{h.age, "Alder"})
	}
	for _, n := range need {
		if n.col < 0 {
			return nil, fmt.Errorf("%s table without a %s column: %w", h.table, n.name, datasets.ErrMissingColumn)
		}
	}
	return h, nil
}

// key identifies an output row.
type key struct {
	region string
	year   int32
	age    int32
	sex    string
}

// source identifies an input row, to catch duplicates.
type source struct {
	region, civil, age, sex string
}

type cell struct {
	key
	order int // first appearance of the region
	value float64
}

// Read parses one SCB export from r; name is used in error messages. It
// returns the table and a Bundle with only that table's rows filled, in
// the order region (as first seen), year, sex (M, F), age. A nil opt means
// the defaults.
func Read(r io.Reader, name string, opt *Options) (Table, *datasets.Bundle, error) {
	if opt == nil {
		opt = new(Options)
	}
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	rec, err := cr.Read()
	if err == io.EOF {
		return UnknownTable, nil, &datasets.RowError{File: name, Err: fmt.Errorf("no header: %w", datasets.ErrEmpty)}
	}
	if err != nil {
		return UnknownTable, nil, csvError(name, err)
	}
	h, err := parseHeader(rec)
	if err != nil {
		return UnknownTable, nil, &datasets.RowError{File: name, Line: 1, Err: err}
	}

	var (
		cells   []cell
		index   = map[key]int{}
		regions = map[string]int{}
		seen    = map[source]int{}
	)
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return h.table, nil, csvError(name, err)
		}
		rows++
		line, _ := cr.FieldPos(0)
		fail := func(col int, err error) error {
			return &datasets.RowError{File: name, Row: rows, Line: line, Column: h.names[col], Err: err}
		}

		region, err := parseRegion(rec[h.region])
		if err != nil {
			return h.table, nil, fail(h.region, err)
		}
		age, err := parseAge(rec[h.age], h.table == BirthsTable)
		if err != nil {
			return h.table, nil, fail(h.age, err)
		}
		sex, err := parseSex(rec[h.sex])
		if err != nil {
			return h.table, nil, fail(h.sex, err)
		}
		src := source{region: region, age: strings.TrimSpace(rec[h.age]), sex: sex}
		if h.civil >= 0 {
			src.civil = strings.TrimSpace(rec[h.civil])
			if src.civil == "" {
				return h.table, nil, fail(h.civil, fmt.Errorf("empty marital status: %w", datasets.ErrMissingValue))
			}
		}
		if prev, dup := seen[src]; dup {
			return h.table, nil, fail(h.region, fmt.Errorf("same keys as line %d: %w", prev, datasets.ErrDuplicate))
		}
		seen[src] = line
		if region == NationalRegion && !opt.KeepNational {
			continue
		}
		order, ok := regions[region]
		if !ok {
			order = len(regions)
			regions[region] = order
		}
		for col, year := range h.years {
			if year == 0 {
				continue
			}
			v, err := parseValue(rec[col])
			if err != nil {
				return h.table, nil, fail(col, err)
			}
			k := key{region: region, year: int32(year), age: age, sex: sex}
			if i, ok := index[k]; ok {
				cells[i].value += v
				continue
			}
			index[k] = len(cells)
			cells = append(cells, cell{key: k, order: order, value: v})
		}
	}
	if rows == 0 {
		return h.table, nil, &datasets.RowError{File: name, Err: fmt.Errorf("header only: %w", datasets.ErrEmpty)}
	}

	slices.SortFunc(cells, func(a, b cell) int {
		if a.order != b.order {
			return a.order - b.order
		}
		if a.year != b.year {
			return int(a.year - b.year)
		}
		if a.sex != b.sex {
			return strings.Compare(b.sex, a.sex) // "M" before "F"
		}
		return int(a.age - b.age)
	})
	b := new(datasets.Bundle)
	switch h.table {
	case PopulationTable:
		b.Population = make([]datasets.Population, len(cells))
		for i, c := range cells {
			b.Population[i] = datasets.Population{Region: c.region, Year: c.year, Age: c.age, Sex: c.sex, Persons: c.value}
		}
	case DeathsTable:
		b.Deaths = make([]datasets.Deaths, len(cells))
		for i, c := range cells {
			b.Deaths[i] = datasets.Deaths{Region: c.region, Year: c.year, Age: c.age, Sex: c.sex, Deaths: c.value}
		}
	case BirthsTable:
		b.Births = make([]datasets.Births, len(cells))
		for i, c := range cells {
			b.Births[i] = datasets.Births{Region: c.region, Year: c.year, MotherAge: c.age, Sex: c.sex, Births: c.value}
		}
	}
	return h.table, b, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &datasets.RowError{File: name, Line: pe.Line, Err: fmt.Errorf("column %d: %w: %w", pe.Column, datasets.ErrSyntax, pe.Err)}
	}
	return fmt.Errorf("read %s: %w", name, err)
}

func parseRegion(s string) (string, error) {
	s = strings.TrimSpace(s)
	code, _, _ := strings.Cut(s, " ")
	if code == "" {
		return "", fmt.Errorf("empty region: %w", datasets.ErrMissingValue)
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return "", fmt.Errorf("region %q is not a numeric code: %w", s, datasets.ErrSyntax)
		}
	}
	return code, nil
}

// parseAge reads an age label: "37", "100+", "-14", "49+", optionally
// followed by " år". Population and deaths ages above 100 go to 100;
// mothers' ages are folded into 15..49.
func parseAge(s string, mother bool) (int32, error) {
	s = strings.TrimSpace(s)
	t := strings.TrimSpace(strings.TrimSuffix(s, "år"))
	open := strings.HasSuffix(t, "+")
	t = strings.TrimSuffix(t, "+")
	under := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	if open && under {
		return 0, fmt.Errorf("age %q: %w", s, datasets.ErrSyntax)
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 || len(t) > 3 {
		if s == "" {
			return 0, fmt.Errorf("empty age: %w", datasets.ErrMissingValue)
		}
		return 0, fmt.Errorf("age %q is not a whole number of years: %w", s, datasets.ErrSyntax)
	}
	if mother {
		switch {
		case open && n < 49:
			return 0, fmt.Errorf("mother's open age group %q below 49: %w", s, datasets.ErrRange)
		case under && n > 15:
			return 0, fmt.Errorf("mother's open age group %q above 15: %w", s, datasets.ErrRange)
		}
		return int32(min(max(n, 15), 49)), nil
	}
	switch {
	case under:
		return 0, fmt.Errorf("open age group %q below an age: %w", s, datasets.ErrRange)
	case open && n < 100:
		return 0, fmt.Errorf("open age group %q below 100: %w", s, datasets.ErrRange)
	}
	return int32(min(n, 100)), nil
}

func parseSex(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "män", "men", "m":
		return "M", nil
	case "2", "kvinnor", "women", "k", "f":
		return "F", nil
	case "":
		return "", fmt.Errorf("empty sex: %w", datasets.ErrMissingValue)
	}
	return "", fmt.Errorf("sex %q is not 1 or 2: %w", s, datasets.ErrEnum)
}

func parseValue(s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "..", ".", "-":
		return 0, fmt.Errorf("value %q missing: %w", s, datasets.ErrMissingValue)
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil:
		return 0, fmt.Errorf("value %q is not a number: %w", s, datasets.ErrSyntax)
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("value %q: %w", s, datasets.ErrNaN)
	case v < 0:
		return 0, fmt.Errorf("value %q is negative: %w", s, datasets.ErrRange)
	}
	return v, nil
}
