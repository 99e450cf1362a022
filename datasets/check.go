package datasets

import (
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Validate checks rows of one dataset against its schema, as Read does:
// finite floats, ranges, allowed values, non-empty codes, rules between
// the columns of a row and unique keys. file names the dataset in errors;
// rows are numbered from 1. It returns nil or up to 20 problems joined,
// each a *RowError. It panics when T is not a row type of this package.
func Validate[T any](rows []T, file string) error {
	var errs errorList
	v := newValidator(SchemaOf[T](), file, &errs)
	for i := range rows {
		if !v.row(reflect.ValueOf(&rows[i]).Elem(), i+1, 0) {
			errs.stopped = true
			break
		}
	}
	return errs.err()
}

// validator checks the rows of one file one by one and remembers their
// keys.
type validator struct {
	s    *Schema
	file string
	errs *errorList
	keys map[string]int // key → first row
	buf  []byte
}

func newValidator(s *Schema, file string, errs *errorList) *validator {
	return &validator{s: s, file: file, errs: errs, keys: make(map[string]int)}
}

// row checks one row, numbered n from 1; line is its CSV line or 0. It
// reports whether there is room for more problems.
func (v *validator) row(r reflect.Value, n, line int) bool {
	ok := true
	for i := range v.s.Columns {
		c := &v.s.Columns[i]
		if err := c.check(r.Field(c.field)); err != nil {
			ok = false
			if !v.errs.add(&RowError{File: v.file, Row: n, Line: line, Column: c.Name, Err: err}) {
				return false
			}
		}
	}
	if v.s.rowRule != nil {
		if col, err := v.s.rowRule(r); err != nil {
			ok = false
			if !v.errs.add(&RowError{File: v.file, Row: n, Line: line, Column: col, Err: err}) {
				return false
			}
		}
	}
	if !ok {
		return true // a key with a bad value would only repeat the problem
	}
	v.buf = v.buf[:0]
	for _, i := range v.s.key {
		v.buf = appendValue(v.buf, r.Field(v.s.Columns[i].field))
		v.buf = append(v.buf, 0)
	}
	if first, dup := v.keys[string(v.buf)]; dup {
		err := ruleErr(ErrDuplicate, "key (%s) repeats row %d", v.describeKey(r), first)
		return v.errs.add(&RowError{File: v.file, Row: n, Line: line, Column: strings.Join(v.s.Key, ","), Err: err})
	}
	v.keys[string(v.buf)] = n
	return true
}

func (v *validator) describeKey(r reflect.Value) string {
	parts := make([]string, len(v.s.key))
	for j, i := range v.s.key {
		c := &v.s.Columns[i]
		parts[j] = c.Name + " " + string(appendValue(nil, r.Field(c.field)))
	}
	return strings.Join(parts, ", ")
}

func appendValue(b []byte, f reflect.Value) []byte {
	switch f.Kind() {
	case reflect.String:
		return append(b, f.String()...)
	case reflect.Int32:
		return strconv.AppendInt(b, f.Int(), 10)
	case reflect.Float64:
		return strconv.AppendFloat(b, f.Float(), 'g', -1, 64)
	case reflect.Bool:
		return strconv.AppendBool(b, f.Bool())
	}
	panic("datasets: unsupported field kind " + f.Kind().String())
}

// check returns the rule a value breaks, or nil.
func (c *Column) check(f reflect.Value) error {
	switch c.Kind {
	case String:
		s := f.String()
		if s == "" {
			if c.NonEmpty {
				return ruleErr(ErrMissingValue, "empty value")
			}
			return nil
		}
		if c.Enum != nil && !slices.Contains(c.Enum, s) {
			return ruleErr(ErrEnum, "%q is not one of %s", s, strings.Join(c.Enum, ", "))
		}
	case Int32:
		return c.checkRange(float64(f.Int()))
	case Float64:
		x := f.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ruleErr(ErrNaN, "%s is not a finite number", formatFloat(x))
		}
		return c.checkRange(x)
	}
	return nil
}

func (c *Column) checkRange(x float64) error {
	if x < c.Min {
		return ruleErr(ErrRange, "%s is below the minimum %s", formatFloat(x), formatFloat(c.Min))
	}
	if x > c.Max {
		return ruleErr(ErrRange, "%s is above the maximum %s", formatFloat(x), formatFloat(c.Max))
	}
	return nil
}

// shareTolerance is how far the role shares of a region and service may
// sum from 1.
const shareTolerance = 1e-6

// Check returns the problems that span the files of a bundle, or nil: codes
// of regions, services, roles and pipelines not defined in regions,
// services, roles and training_pipelines (or those files absent when other
// files refer to them); role shares of a region and service not summing to
// 1 (±1e-6); pipelines without stages or with stages not numbered 1..n;
// workforce rows of more than one year; and overlapping care use age
// bands of a region, service and sex. Each problem is a *RowError naming
// the Parquet file, the row (1-based index into the bundle's slice), the
// column and the rule; at most 20 are listed, joined. Check does not
// repeat the per-row checks of Read; call Validate for rows built in
// memory.
func Check(b *Bundle) error {
	var errs errorList
	c := checker{errs: &errs, missing: map[string]bool{}}

	regions := codeSet(b.Regions, "region")
	services := codeSet(b.Services, "service")
	roles := codeSet(b.Roles, "role")
	pipelines := codeSet(b.TrainingPipelines, "pipeline")

	checkRefs(&c, b.Population, "region", regions)
	checkRefs(&c, b.Deaths, "region", regions)
	checkRefs(&c, b.Births, "region", regions)
	checkRefs(&c, b.DeathRates, "region", regions)
	checkRefs(&c, b.FertilityRates, "region", regions)
	checkRefs(&c, b.NetMigration, "region", regions)
	checkRefs(&c, b.CareUse, "region", regions)
	checkRefs(&c, b.CareUse, "service", services)
	checkRefs(&c, b.CareStaffing, "region", regions)
	checkRefs(&c, b.CareStaffing, "service", services)
	checkRefs(&c, b.RoleShares, "region", regions)
	checkRefs(&c, b.RoleShares, "service", services)
	checkRefs(&c, b.RoleShares, "role", roles)
	checkRefs(&c, b.Workforce, "region", regions)
	checkRefs(&c, b.Workforce, "role", roles)
	checkRefs(&c, b.ExitRates, "role", roles)
	checkRefs(&c, b.CareerTransitions, "from_role", roles)
	checkRefs(&c, b.CareerTransitions, "to_role", roles)
	checkRefs(&c, b.TrainingPipelines, "region", regions)
	checkRefs(&c, b.TrainingPipelines, "source_role", roles)
	checkRefs(&c, b.TrainingPipelines, "output_role", roles)
	checkRefs(&c, b.TrainingStages, "pipeline", pipelines)
	checkRefs(&c, b.Recruits, "region", regions)
	checkRefs(&c, b.Recruits, "role", roles)

	checkShares(&errs, b.RoleShares)
	checkStages(&errs, b.TrainingPipelines, b.TrainingStages)
	checkBaseYear(&errs, b.Workforce)
	checkBands(&errs, b.CareUse)
	return errs.err()
}

type checker struct {
	errs    *errorList
	missing map[string]bool // absent files already reported
}

// refSet is the set of codes a file defines.
type refSet struct {
	file  string
	codes map[string]bool
}

// codeSet returns the codes in column col of rows.
func codeSet[T any](rows []T, col string) refSet {
	s := refSet{file: SchemaOf[T]().File, codes: map[string]bool{}}
	f := fieldOf[T](col)
	for i := range rows {
		s.codes[reflect.ValueOf(&rows[i]).Elem().Field(f).String()] = true
	}
	return s
}

// fieldOf returns the struct field index of column col of T; it panics
// when T has no such column.
func fieldOf[T any](col string) int {
	c, ok := SchemaOf[T]().Column(col)
	if !ok {
		panic("datasets: no column " + col + " in " + SchemaOf[T]().Name)
	}
	return c.field
}

// checkRefs reports the codes in column col of rows that set lacks, once
// per code at its first row. Empty codes are skipped: Validate reports
// those that must not be empty.
func checkRefs[T any](c *checker, rows []T, col string, set refSet) {
	if len(rows) == 0 {
		return
	}
	file := SchemaOf[T]().File
	f := fieldOf[T](col)
	type unknown struct {
		code       string
		first, cnt int
	}
	var found []unknown
	index := map[string]int{}
	for i := range rows {
		code := reflect.ValueOf(&rows[i]).Elem().Field(f).String()
		if code == "" || set.codes[code] {
			continue
		}
		if j, ok := index[code]; ok {
			found[j].cnt++
			continue
		}
		index[code] = len(found)
		found = append(found, unknown{code: code, first: i + 1, cnt: 1})
	}
	if len(found) == 0 {
		return
	}
	if len(set.codes) == 0 {
		if !c.missing[set.file] {
			c.missing[set.file] = true
			c.errs.add(&RowError{File: set.file, Err: ruleErr(ErrMissingFile, "absent or empty, but %s refers to it in column %s", file, col)})
		}
		return
	}
	for _, u := range found {
		err := ruleErr(ErrUnknownRef, "%q is not in %s", u.code, set.file)
		if u.cnt > 1 {
			err = ruleErr(ErrUnknownRef, "%q is not in %s (%d rows)", u.code, set.file, u.cnt)
		}
		c.errs.add(&RowError{File: file, Row: u.first, Column: col, Err: err})
	}
}

func checkShares(errs *errorList, rows []RoleShare) {
	type group struct {
		region, service string
		first           int
		sum             float64
	}
	var groups []group
	index := map[[2]string]int{}
	for i, r := range rows {
		k := [2]string{r.Region, r.Service}
		j, ok := index[k]
		if !ok {
			j = len(groups)
			index[k] = j
			groups = append(groups, group{region: r.Region, service: r.Service, first: i + 1})
		}
		groups[j].sum += r.Share
	}
	file := SchemaOf[RoleShare]().File
	for _, g := range groups {
		if math.Abs(g.sum-1) > shareTolerance {
			err := ruleErr(ErrShareSum, "shares of region %s, service %s sum to %s, not 1", g.region, g.service, formatFloat(g.sum))
			errs.add(&RowError{File: file, Row: g.first, Column: "share", Err: err})
		}
	}
}

func checkStages(errs *errorList, pipelines []TrainingPipeline, stages []TrainingStage) {
	type group struct {
		first  int
		stages []int
	}
	byPipeline := map[string]*group{}
	for i, s := range stages {
		g := byPipeline[s.Pipeline]
		if g == nil {
			g = &group{first: i + 1}
			byPipeline[s.Pipeline] = g
		}
		g.stages = append(g.stages, int(s.Stage))
	}
	seen := map[string]bool{}
	for i, p := range pipelines {
		if seen[p.Pipeline] {
			continue
		}
		seen[p.Pipeline] = true
		if byPipeline[p.Pipeline] == nil {
			err := ruleErr(ErrStages, "pipeline %q has no stages in %s", p.Pipeline, SchemaOf[TrainingStage]().File)
			errs.add(&RowError{File: SchemaOf[TrainingPipeline]().File, Row: i + 1, Column: "pipeline", Err: err})
		}
	}
	names := make([]string, 0, len(byPipeline))
	for name := range byPipeline {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return byPipeline[names[i]].first < byPipeline[names[j]].first })
	for _, name := range names {
		g := byPipeline[name]
		sort.Ints(g.stages)
		gap := false
		for i, s := range g.stages {
			gap = gap || s != i+1
		}
		if gap {
			err := ruleErr(ErrStages, "stages of pipeline %q are %s; want 1..%d", name, joinInts(g.stages), len(g.stages))
			errs.add(&RowError{File: SchemaOf[TrainingStage]().File, Row: g.first, Column: "stage", Err: err})
		}
	}
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ", ")
}

func checkBaseYear(errs *errorList, rows []Workforce) {
	for i, r := range rows {
		if r.Year != rows[0].Year {
			err := ruleErr(ErrBaseYear, "year %d differs from the base year %d of row 1", r.Year, rows[0].Year)
			errs.add(&RowError{File: SchemaOf[Workforce]().File, Row: i + 1, Column: "year", Err: err})
			return
		}
	}
}

func checkBands(errs *errorList, rows []CareUse) {
	type key struct{ region, service, sex string }
	groups := map[key][]int{}
	var order []key
	for i, r := range rows {
		k := key{r.Region, r.Service, r.Sex}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	file := SchemaOf[CareUse]().File
	for _, k := range order {
		idx := groups[k]
		sort.SliceStable(idx, func(a, b int) bool { return rows[idx[a]].AgeFrom < rows[idx[b]].AgeFrom })
		for j := 1; j < len(idx); j++ {
			prev, cur := rows[idx[j-1]], rows[idx[j]]
			if cur.AgeFrom <= prev.AgeTo {
				err := ruleErr(ErrOverlap, "band %d..%d overlaps band %d..%d of row %d (region %s, service %s, sex %s)",
					cur.AgeFrom, cur.AgeTo, prev.AgeFrom, prev.AgeTo, idx[j-1]+1, k.region, k.service, k.sex)
				errs.add(&RowError{File: file, Row: idx[j] + 1, Column: "age_from", Err: err})
			}
		}
	}
}
