package datasets

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Kind is the type of a column: the Go type of its row struct field and the
// Parquet type of its file column.
type Kind int

// Column kinds.
const (
	String  Kind = iota + 1 // Go string; Parquet BYTE_ARRAY annotated STRING
	Int32                   // Go int32; Parquet INT32
	Float64                 // Go float64; Parquet DOUBLE
	Bool                    // Go bool; Parquet BOOLEAN
)

// String returns the Go type name.
func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Int32:
		return "int32"
	case Float64:
		return "float64"
	case Bool:
		return "bool"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// ParquetType returns the Parquet physical type and, after a comma, the
// logical type.
func (k Kind) ParquetType() string {
	switch k {
	case String:
		return "BYTE_ARRAY, STRING"
	case Int32:
		return "INT32"
	case Float64:
		return "DOUBLE"
	case Bool:
		return "BOOLEAN"
	}
	return k.String()
}

// Column documents one column of a dataset and the values it allows.
type Column struct {
	Name string // Parquet column name and CSV header
	Kind Kind
	Unit string // e.g. "persons", "per year", "FTE"; "-" for codes and names
	Doc  string
	// Min and Max bound a number inclusively; -Inf and +Inf leave a side
	// open. Floats must always be finite.
	Min, Max float64
	// Enum lists the allowed values of a string column; nil allows any.
	Enum []string
	// NonEmpty forbids the empty string.
	NonEmpty bool
	// Pattern, when set, is a regular expression a non-empty string must
	// match whole; PatternDoc says it in words ("four digits").
	Pattern, PatternDoc string
	// MayBeAbsent lets a file lack the column (files written before it was
	// added): readers then give every row the zero value (empty, false or
	// 0), which Doc names as the default. A column that is present is
	// checked as any other.
	MayBeAbsent bool

	field int // index of the row struct field
}

// Allowed describes the allowed values in words, as in SCHEMAS.md.
func (c *Column) Allowed() string {
	switch c.Kind {
	case String:
		switch {
		case c.Enum != nil:
			return strings.Join(c.Enum, ", ")
		case c.Pattern != "":
			return c.PatternDoc
		case c.NonEmpty:
			return "non-empty"
		}
		return "any, may be empty"
	case Bool:
		return "true, false"
	}
	lo, hi := !math.IsInf(c.Min, -1), !math.IsInf(c.Max, 1)
	switch {
	case lo && hi:
		return formatFloat(c.Min) + ".." + formatFloat(c.Max)
	case lo:
		return "≥ " + formatFloat(c.Min)
	case hi:
		return "≤ " + formatFloat(c.Max)
	}
	if c.Kind == Float64 {
		return "finite, may be negative"
	}
	return "any"
}

// Schema documents one dataset: one Parquet file and its row struct.
type Schema struct {
	Name string // dataset name, e.g. "population"
	File string // file name, e.g. "population.parquet"
	Doc  string // one line
	// Output marks datasets the forecast writes rather than reads.
	Output bool
	// Key lists the columns whose values together identify a row; two rows
	// with the same key are an error.
	Key     []string
	Columns []Column

	rowType reflect.Type
	key     []int // column indexes of Key
	// rowRule checks a rule between the columns of one row; it returns the
	// column to blame and the problem, or nil.
	rowRule func(v reflect.Value) (string, error)
}

// Column returns the column of the given name.
func (s *Schema) Column(name string) (*Column, bool) {
	for i := range s.Columns {
		if s.Columns[i].Name == name {
			return &s.Columns[i], true
		}
	}
	return nil, false
}

// RegionColumn returns the column that holds the municipality code of a
// row, the string column named region, and false for datasets that are
// not per municipality (services, roles, exit rates, career transitions,
// training stages, openings).
func (s *Schema) RegionColumn() (*Column, bool) {
	c, ok := s.Column("region")
	if !ok || c.Kind != String {
		return nil, false
	}
	return c, true
}

// RegionOf returns a function that gives the municipality code of a row
// of type T (its region column), or nil when the dataset of T is not per
// municipality (see Schema.RegionColumn). Callers use it to keep the rows
// of some municipalities without knowing the row type. It panics when T
// is not a row type of this package.
func RegionOf[T any]() func(*T) string {
	c, ok := SchemaOf[T]().RegionColumn()
	if !ok {
		return nil
	}
	field := c.field
	return func(r *T) string { return reflect.ValueOf(r).Elem().Field(field).String() }
}

// CSVFile returns the file name of the dataset as CSV, e.g.
// "population.csv".
func (s *Schema) CSVFile() string { return s.Name + ".csv" }

// schemaSet is the registry: the schemas in order and by row type.
type schemaSet struct {
	list     []*Schema
	byType   map[reflect.Type]*Schema
	problems []string // mismatches between the registry and rows.go
}

// registry is built by a variable initializer rather than init, so that
// other package variables may use it.
var registry = buildRegistry()

// Schemas returns the schema of every dataset: the inputs in Bundle order,
// then the outputs. The caller must not modify them.
func Schemas() []*Schema { return registry.list }

// LookupSchema returns the schema of a dataset by its name ("population")
// or its Parquet or CSV file name ("population.parquet").
func LookupSchema(name string) (*Schema, bool) {
	for _, s := range registry.list {
		if name == s.Name || name == s.File || name == s.CSVFile() {
			return s, true
		}
	}
	return nil, false
}

// SchemaOf returns the schema of the row type T. It panics when T is not
// one of the row types of rows.go: that is a bug of the caller.
func SchemaOf[T any]() *Schema {
	t := reflect.TypeFor[T]()
	s, ok := registry.byType[t]
	if !ok {
		panic(fmt.Sprintf("datasets: %v is not a dataset row type", t))
	}
	return s
}

// register adds the schema of row type T. Its columns are matched to the
// struct fields by parquet tag; a column without a field of its kind, or a
// field without a column, is left out and recorded in set.problems, which
// a test reports, rather than a panic that would stop every program that
// imports the package.
func register[T any](set *schemaSet, s Schema, rowRule func(r *T) (string, error)) {
	t := reflect.TypeFor[T]()
	fields := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("parquet"), ",")
		fields[tag] = i
	}
	cols := s.Columns[:0:0]
	for _, c := range s.Columns {
		i, ok := fields[c.Name]
		if !ok || kindOf(t.Field(i).Type) != c.Kind {
			set.problems = append(set.problems, fmt.Sprintf("%s: column %s %v has no field of that tag and kind in %v", s.Name, c.Name, c.Kind, t))
			continue
		}
		delete(fields, c.Name)
		c.field = i
		cols = append(cols, c)
	}
	for tag := range fields {
		set.problems = append(set.problems, fmt.Sprintf("%s: field tagged %q of %v has no column", s.Name, tag, t))
	}
	s.Columns = cols
	for _, k := range s.Key {
		if i := columnIndex(&s, k); i >= 0 {
			s.key = append(s.key, i)
		} else {
			set.problems = append(set.problems, fmt.Sprintf("%s: unknown key column %s", s.Name, k))
		}
	}
	if s.File == "" {
		s.File = s.Name + ".parquet"
	}
	if rowRule != nil {
		s.rowRule = func(v reflect.Value) (string, error) { return rowRule(v.Addr().Interface().(*T)) }
	}
	s.rowRule = withPatterns(s.Columns, s.rowRule)
	s.rowType = t
	set.list = append(set.list, &s)
	set.byType[t] = &s
}

// withPatterns returns a row rule that checks the columns with a Pattern
// and then rule (which may be nil).
func withPatterns(cols []Column, rule func(reflect.Value) (string, error)) func(reflect.Value) (string, error) {
	type pat struct {
		col   *Column
		re    *regexp.Regexp
		field int
	}
	var pats []pat
	for i := range cols {
		if c := &cols[i]; c.Pattern != "" {
			pats = append(pats, pat{c, regexp.MustCompile(`^(?:` + c.Pattern + `)$`), c.field})
		}
	}
	if len(pats) == 0 {
		return rule
	}
	return func(v reflect.Value) (string, error) {
		for _, p := range pats {
			if x := v.Field(p.field).String(); x != "" && !p.re.MatchString(x) {
				return p.col.Name, ruleErr(ErrSyntax, "%q is not %s", x, p.col.PatternDoc)
			}
		}
		if rule == nil {
			return "", nil
		}
		return rule(v)
	}
}

func columnIndex(s *Schema, name string) int {
	for i := range s.Columns {
		if s.Columns[i].Name == name {
			return i
		}
	}
	return -1
}

func kindOf(t reflect.Type) Kind {
	switch t.Kind() {
	case reflect.String:
		return String
	case reflect.Int32:
		return Int32
	case reflect.Float64:
		return Float64
	case reflect.Bool:
		return Bool
	}
	return 0
}

// Column constructors of the registry.

var posInf = math.Inf(1)

func colCode(name, doc string) Column {
	return Column{Name: name, Kind: String, Unit: "-", Doc: doc, NonEmpty: true}
}

func colText(name, doc string) Column {
	return Column{Name: name, Kind: String, Unit: "-", Doc: doc}
}

func colEnum(name, doc string, values ...string) Column {
	return Column{Name: name, Kind: String, Unit: "-", Doc: doc, Enum: values, NonEmpty: true}
}

func colInt(name, unit string, lo, hi float64, doc string) Column {
	return Column{Name: name, Kind: Int32, Unit: unit, Doc: doc, Min: lo, Max: hi}
}

func colFloat(name, unit string, lo, hi float64, doc string) Column {
	return Column{Name: name, Kind: Float64, Unit: unit, Doc: doc, Min: lo, Max: hi}
}

func colBool(name, doc string) Column {
	return Column{Name: name, Kind: Bool, Unit: "-", Doc: doc}
}

// Columns shared by many datasets.

// municipalityCol is the region column of an input: a municipality code
// of four digits, or a synthetic one of the generated datasets
// (defaultdata.Generate: S001, S002, ...).
func municipalityCol(doc string) Column {
	c := colCode("region", doc)
	c.Pattern, c.PatternDoc = `[0-9]{4}|S[0-9]{3,4}`, "four digits (a municipality code) or S and 3-4 digits (synthetic)"
	return c
}

// Plausibility bounds of input counts: a cell of persons (one region,
// year, age and sex) is far below the population of Sweden's largest
// municipality (Stockholm, about 1 million), and so are its yearly flows.
const (
	maxPersons    = 1e6 // persons of one cell
	maxFTEPerUser = 10  // staff FTE per user: round-the-clock personal assistance is about 5.5
)

func regionCol() Column {
	return colCode("region", "Municipality code, e.g. 1480 (Gothenburg); must be listed in regions.")
}

func yearCol(doc string) Column { return colInt("year", "year", 1900, 2100, doc) }

func ageCol(doc string) Column {
	return colInt("age", "years", 0, 100, doc+" 100 means 100 and over.")
}

func sexCol(doc string) Column { return colEnum("sex", doc, "M", "F") }

func serviceCol() Column {
	return colCode("service", "Care service code; must be listed in services.")
}

func roleCol(name, doc string) Column { return colCode(name, doc+" Must be listed in roles.") }

func motherAgeCol() Column {
	return colInt("mother_age", "years", 15, 49, "Age of the mother at the end of the year; SCB's open bands are folded into 15 and 49.")
}

func colOutput(name, unit, doc string) Column { return colFloat(name, unit, -posInf, posInf, doc) }

// colFlow is a forecast output of persons per year, never negative.
func colFlow(name, doc string) Column { return colFloat(name, "persons per year", 0, posInf, doc) }

func buildRegistry() *schemaSet {
	set := &schemaSet{byType: map[reflect.Type]*Schema{}}
	register[Region](set, Schema{
		Name: "regions", Doc: "The municipalities a bundle covers.",
		Key: []string{"region"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg)."),
			colCode("name", "Municipality name."),
			colText("group", "Group of municipalities reported together, e.g. Gothenburg region."),
		},
	}, nil)
	register[Population](set, Schema{
		Name: "population", Doc: "Persons on 31 December by region, year, age and sex.",
		Key: []string{"region", "year", "age", "sex"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), yearCol("Calendar year."), ageCol("Age on 31 December."), sexCol("M or F."),
			colFloat("persons", "persons", 0, maxPersons, "Persons on 31 December."),
		},
	}, nil)
	register[Deaths](set, Schema{
		Name: "deaths", Doc: "Deaths during the year by age at the end of the year.",
		Key: []string{"region", "year", "age", "sex"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), yearCol("Calendar year."), ageCol("Age at the end of the year (birth-year age)."), sexCol("M or F."),
			colFloat("deaths", "persons", 0, maxPersons, "Deaths during the year."),
		},
	}, nil)
	register[Births](set, Schema{
		Name: "births", Doc: "Live births during the year by the mother's age and the child's sex.",
		Key: []string{"region", "year", "mother_age", "sex"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), yearCol("Calendar year."), motherAgeCol(), sexCol("Sex of the child, M or F."),
			colFloat("births", "persons", 0, maxPersons, "Live births during the year."),
		},
	}, nil)
	register[DeathRate](set, Schema{
		Name: "death_rates", Doc: "Probability of dying during the year; a year's rate applies until a later year's replaces it.",
		Key: []string{"region", "year", "age", "sex"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), yearCol("First calendar year the rate applies to."), ageCol("Age at the end of the year."), sexCol("M or F."),
			colFloat("rate", "per person per year", 0, 1, "Probability that a person alive at the start of the year dies during it."),
		},
	}, nil)
	register[FertilityRate](set, Schema{
		Name: "fertility_rates", Doc: "Live births per woman and year by the mother's age.",
		Key: []string{"region", "year", "mother_age"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), yearCol("First calendar year the rate applies to."), motherAgeCol(),
			colFloat("rate", "births per woman per year", 0, 1, "Live births per woman of the age during the year."),
		},
	}, nil)
	register[NetMigration](set, Schema{
		Name: "net_migration", Doc: "In-migrants minus out-migrants during the year by age at the end of the year.",
		Key: []string{"region", "year", "age", "sex"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), yearCol("Calendar year."), ageCol("Age at the end of the year."), sexCol("M or F."),
			colFloat("persons", "persons per year", -maxPersons, maxPersons, "Net migration; negative when more move out than in."),
		},
	}, nil)
	register[Service](set, Schema{
		Name: "services", Doc: "Care services.",
		Key: []string{"service"},
		Columns: []Column{
			colCode("service", "Service code, e.g. home_care."),
			colCode("name", "Service name."),
			colEnum("area", "Area of care.", "elder", "disability"),
		},
	}, nil)
	register[Role](set, Schema{
		Name: "roles", Doc: "Staff roles.",
		Key: []string{"role"},
		Columns: []Column{
			colCode("role", "Role code, e.g. assistant_nurse."),
			colCode("name", "Role name."),
			colFloat("new_staff_exit_rate", "per year", 0, 1, "Exit rate of staff in their first year in the role; replaces the age-specific exit rate for them."),
			colBool("entry", "Open to people without care training."),
		},
	}, nil)
	register[CareUse](set, Schema{
		Name: "care_use", Doc: "Users of a service per person by age band and sex, in the base year.",
		Key: []string{"region", "service", "sex", "age_from"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), serviceCol(),
			colInt("age_from", "years", 0, 100, "First age of the band."),
			colInt("age_to", "years", 0, 100, "Last age of the band (inclusive); at least age_from. Bands of a region, service and sex do not overlap."),
			sexCol("M or F."),
			colFloat("rate", "users per person", 0, 1, "Share of the persons in the band who use the service."),
		},
	}, func(r *CareUse) (string, error) {
		if r.AgeTo < r.AgeFrom {
			return "age_to", ruleErr(ErrRange, "%d is below age_from %d", r.AgeTo, r.AgeFrom)
		}
		return "", nil
	})
	register[CareStaffing](set, Schema{
		Name: "care_staffing", Doc: "Full-time equivalents of care staff per user of a service.",
		Key: []string{"region", "service"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), serviceCol(),
			colFloat("fte_per_user", "FTE per user", 0, maxFTEPerUser, "Staff FTE per user."),
		},
	}, nil)
	register[RoleShare](set, Schema{
		Name: "role_shares", Doc: "Share of a service's staff FTE done by each role; the shares of a region and service sum to 1.",
		Key: []string{"region", "service", "role"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), serviceCol(), roleCol("role", "Role code."),
			colFloat("share", "share of FTE", 0, 1, "Share of the service's FTE done by the role."),
		},
	}, nil)
	register[Workforce](set, Schema{
		Name: "workforce", Doc: "Care staff on 31 December of the base year; one year only.",
		Key: []string{"region", "year", "role", "age", "sex"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), yearCol("Base year."), roleCol("role", "Role code."), ageCol("Age on 31 December."), sexCol("M or F."),
			colFloat("headcount", "persons", 0, maxPersons, "Staff on 31 December."),
			colFloat("employment_rate", "FTE per person", 0, 1, "Contracted FTE per head; 1 is full time."),
			colFloat("sick_leave_rate", "share of contracted time", 0, 1, "Share of contracted time lost to sick leave."),
		},
	}, nil)
	register[ExitRate](set, Schema{
		Name: "exit_rates", Doc: "Yearly probabilities of leaving the sector and of retiring, by role and age.",
		Key: []string{"role", "age"},
		Columns: []Column{
			roleCol("role", "Role code."), ageCol("Age at the start of the year."),
			colFloat("exit_rate", "per year", 0, 1, "Probability of leaving the sector for any reason but retirement."),
			colFloat("retirement_rate", "per year", 0, 1, "Probability of retiring."),
		},
	}, nil)
	register[CareerTransition](set, Schema{
		Name: "career_transitions", Doc: "Yearly share of staff in a role who move to another role.",
		Key: []string{"from_role", "to_role"},
		Columns: []Column{
			roleCol("from_role", "Role moved from."),
			roleCol("to_role", "Role moved to; not from_role."),
			colFloat("rate", "per year", 0, 1, "Share of from_role staff who move during the year."),
		},
	}, func(r *CareerTransition) (string, error) {
		if r.FromRole == r.ToRole {
			return "to_role", ruleErr(ErrRange, "%q equals from_role", r.ToRole)
		}
		return "", nil
	})
	register[TrainingPipeline](set, Schema{
		Name: "training_pipelines", Doc: "Stepwise training programmes run by a region; stages are in training_stages.",
		Key: []string{"region", "pipeline"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."),
			colCode("pipeline", "Pipeline code; its stages are in training_stages."),
			colText("source_role", "Role trainees come from while they keep working; empty for trainees from outside the workforce. Must be listed in roles when set."),
			roleCol("output_role", "Role graduates join."),
			colFloat("places_per_year", "persons per year", 0, maxPersons, "Trainees admitted each year."),
		},
	}, nil)
	register[TrainingStage](set, Schema{
		Name: "training_stages", Doc: "Stages of a training pipeline, numbered 1..n; a stage is entered only after the previous one is completed.",
		Key: []string{"pipeline", "stage"},
		Columns: []Column{
			colCode("pipeline", "Pipeline code; must be listed in training_pipelines."),
			colInt("stage", "-", 1, 100, "Stage number; the stages of a pipeline are 1..n without gaps."),
			colCode("name", "Stage name, e.g. introduction course."),
			colFloat("duration_months", "months", 0, 120, "Nominal duration of the stage."),
			colFloat("completion_rate", "share", 0, 1, "Share of those who reach the end of the stage who pass it."),
			colFloat("dropout_rate", "per year", 0, 1, "Yearly rate of leaving the stage before its end."),
		},
	}, nil)
	register[Recruits](set, Schema{
		Name: "recruits", Doc: "People recruited into a role each year from education, other regions or abroad.",
		Key: []string{"region", "role", "age", "sex"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 1480 (Gothenburg); must be listed in regions."), roleCol("role", "Role code."), ageCol("Age at recruitment."), sexCol("M or F."),
			colFloat("persons", "persons per year", 0, maxPersons, "Recruits each year."),
		},
	}, nil)
	registerOutputs(set)
	registerMatch(set)
	registerGoalSeek(set)
	registerTraining(set)
	registerFollowup(set)
	return set
}

// WriteSchemasMarkdown writes the Markdown of SCHEMAS.md: a table of the
// columns of every dataset.
func WriteSchemasMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Dataset schemas\n\n")
	b.WriteString("Generated from the schema registry in `schema.go`; do not edit. Refresh with\n`go test ./datasets -run TestSchemasDoc -update`.\n\n")
	b.WriteString("Every dataset is one Parquet file (or a CSV file of the same name with the\n")
	b.WriteString("column names as its header). Ranges are inclusive; floats must be finite;\n")
	b.WriteString("no value may be null. The key columns identify a row: two rows with the same\n")
	b.WriteString("key are an error. Age is one-year age, where 100 means 100 and over.\n\n")
	b.WriteString("| dataset | file | key | description |\n|---|---|---|---|\n")
	for _, s := range registry.list {
		fmt.Fprintf(&b, "| [%s](#%s) | `%s` | %s | %s%s |\n", s.Name, s.Name, s.File, strings.Join(s.Key, ", "), outputMark(s), s.Doc)
	}
	for _, s := range registry.list {
		fmt.Fprintf(&b, "\n## %s\n\n`%s` (or `%s`): %s%s\n\nKey: %s.\n\n", s.Name, s.File, s.CSVFile(), outputMark(s), s.Doc, strings.Join(s.Key, ", "))
		b.WriteString("| column | Go type | Parquet type | unit | allowed | description |\n|---|---|---|---|---|---|\n")
		for i := range s.Columns {
			c := &s.Columns[i]
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", c.Name, c.Kind, c.Kind.ParquetType(), c.Unit, c.Allowed(), c.Doc)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func outputMark(s *Schema) string {
	if s.Output {
		return "(output) "
	}
	return ""
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
