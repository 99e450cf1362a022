package datasets

import (
	"bytes"
	"flag"
	"math"
	"os"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite SCHEMAS.md from the schema registry")

// TestSchemasDoc fails when SCHEMAS.md differs from the registry; refresh
// it with go test ./datasets -run TestSchemasDoc -update.
func TestSchemasDoc(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSchemasMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("SCHEMAS.md", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("SCHEMAS.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Error("SCHEMAS.md is out of date: run go test ./datasets -run TestSchemasDoc -update")
	}
}

// TestRegistryCoversBundle checks that every Bundle field has a schema, in
// Bundle order, with unique names and files.
func TestRegistryCoversBundle(t *testing.T) {
	bt := reflect.TypeFor[Bundle]()
	if len(bundleDatasets) != bt.NumField() {
		t.Fatalf("%d bundle datasets for %d Bundle fields", len(bundleDatasets), bt.NumField())
	}
	for i := 0; i < bt.NumField(); i++ {
		s := registry.byType[bt.Field(i).Type.Elem()]
		if s == nil {
			t.Errorf("Bundle.%s: no schema", bt.Field(i).Name)
			continue
		}
		if registry.list[i] != s || bundleDatasets[i].schema != s {
			t.Errorf("Bundle.%s: schema %s out of order", bt.Field(i).Name, s.Name)
		}
	}
	seen := map[string]bool{}
	for _, s := range Schemas() {
		for _, name := range []string{s.Name, s.File, s.CSVFile()} {
			if seen[name] {
				t.Errorf("name %s used twice", name)
			}
			seen[name] = true
			if got, ok := LookupSchema(name); !ok || got != s {
				t.Errorf("LookupSchema(%q) = %v, %v", name, got, ok)
			}
		}
		if len(s.Key) == 0 || s.Doc == "" {
			t.Errorf("%s: no key or doc", s.Name)
		}
		for _, c := range s.Columns {
			if c.Doc == "" || c.Unit == "" {
				t.Errorf("%s.%s: no doc or unit", s.Name, c.Name)
			}
			if c.Kind == Int32 && (math.IsInf(c.Min, 0) || math.IsInf(c.Max, 0)) {
				t.Errorf("%s.%s: int column without bounds", s.Name, c.Name)
			}
		}
	}
	if _, ok := LookupSchema("nope.parquet"); ok {
		t.Error("LookupSchema found an unknown file")
	}
}

// TestRegistryMatchesRows fails when a column of the registry and a field
// of rows.go do not match by parquet tag and kind.
func TestRegistryMatchesRows(t *testing.T) {
	for _, p := range registry.problems {
		t.Error(p)
	}
}

func TestSchemaOfPanicsForOtherTypes(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	SchemaOf[struct{ X int }]()
}

func TestColumnAllowed(t *testing.T) {
	for _, tc := range []struct {
		file, col, want string
	}{
		{"population.parquet", "sex", "M, F"},
		{"population.parquet", "age", "0..100"},
		{"population.parquet", "year", "1900..2100"},
		{"population.parquet", "persons", "0..1e+06"},
		{"population.parquet", "region", "four digits (a municipality code) or S and 3-4 digits (synthetic)"},
		{"net_migration.parquet", "persons", "-1e+06..1e+06"},
		{"death_rates.parquet", "rate", "0..1"},
		{"roles.parquet", "entry", "true, false"},
		{"regions.parquet", "group", "any, may be empty"},
		{"births.parquet", "mother_age", "15..49"},
	} {
		s, _ := LookupSchema(tc.file)
		c, ok := s.Column(tc.col)
		if !ok {
			t.Fatalf("%s: no column %s", tc.file, tc.col)
		}
		if got := c.Allowed(); got != tc.want {
			t.Errorf("%s %s: Allowed() = %q, want %q", tc.file, tc.col, got, tc.want)
		}
	}
}

// testBundle returns a small bundle that passes Validate and Check: two
// regions (Gothenburg 1480 and Falun 2080), every dataset non-empty.
// Values are made up; floats include ones without a short decimal form
// (1/3, 0.1) to test exact round trips.
func testBundle() *Bundle {
	b := &Bundle{
		Regions: []Region{
			{Region: "1480", Name: "Göteborg", Group: "Gothenburg region"},
			{Region: "2080", Name: "Falun", Group: ""},
		},
		Services: []Service{
			{Service: "home_care", Name: "Home care", Area: "elder"},
			{Service: "lss_housing", Name: "LSS housing", Area: "disability"},
		},
		Roles: []Role{
			{Role: "service_assistant", Name: "Service assistant", NewStaffExitRate: 0.3, Entry: true},
			{Role: "care_aide", Name: "Care aide", NewStaffExitRate: 0.2},
			{Role: "assistant_nurse", Name: "Assistant nurse", NewStaffExitRate: 0.1},
		},
	}
	for _, reg := range []string{"1480", "2080"} {
		for _, year := range []int32{2023, 2024} {
			for _, age := range []int32{0, 80, 100} {
				for k, sex := range []string{"M", "F"} {
					b.Population = append(b.Population, Population{Region: reg, Year: year, Age: age, Sex: sex, Persons: float64(1000-5*age) + float64(k)/3})
				}
			}
		}
	}
	for _, sex := range []string{"M", "F"} {
		b.Deaths = append(b.Deaths, Deaths{Region: "1480", Year: 2024, Age: 80, Sex: sex, Deaths: 41})
		b.Births = append(b.Births, Births{Region: "1480", Year: 2024, MotherAge: 30, Sex: sex, Births: 120})
		b.DeathRates = append(b.DeathRates, DeathRate{Region: "1480", Year: 2024, Age: 80, Sex: sex, Rate: 0.05})
		b.NetMigration = append(b.NetMigration, NetMigration{Region: "1480", Year: 2024, Age: 20, Sex: sex, Persons: -12.5})
		b.CareUse = append(b.CareUse,
			CareUse{Region: "1480", Service: "home_care", AgeFrom: 65, AgeTo: 79, Sex: sex, Rate: 0.05},
			CareUse{Region: "1480", Service: "home_care", AgeFrom: 80, AgeTo: 100, Sex: sex, Rate: 0.2},
		)
		b.Workforce = append(b.Workforce, Workforce{Region: "1480", Year: 2024, Role: "assistant_nurse", Age: 45, Sex: sex, Headcount: 120, EmploymentRate: 0.85, SickLeaveRate: 0.09})
		b.Recruits = append(b.Recruits, Recruits{Region: "1480", Role: "assistant_nurse", Age: 25, Sex: sex, Persons: 10})
	}
	b.FertilityRates = []FertilityRate{{Region: "1480", Year: 2024, MotherAge: 30, Rate: 0.1}}
	b.CareStaffing = []CareStaffing{
		{Region: "1480", Service: "home_care", FTEPerUser: 0.5},
		{Region: "1480", Service: "lss_housing", FTEPerUser: 1.5},
	}
	b.RoleShares = []RoleShare{
		{Region: "1480", Service: "home_care", Role: "service_assistant", Share: 0.1},
		{Region: "1480", Service: "home_care", Role: "care_aide", Share: 0.3},
		{Region: "1480", Service: "home_care", Role: "assistant_nurse", Share: 0.6},
	}
	b.ExitRates = []ExitRate{
		{Role: "assistant_nurse", Age: 45, ExitRate: 0.05},
		{Role: "assistant_nurse", Age: 65, ExitRate: 0.05, RetirementRate: 0.3},
	}
	b.CareerTransitions = []CareerTransition{{FromRole: "care_aide", ToRole: "assistant_nurse", Rate: 0.05}}
	b.TrainingPipelines = []TrainingPipeline{
		{Region: "1480", Pipeline: "an_programme", SourceRole: "care_aide", OutputRole: "assistant_nurse", PlacesPerYear: 20},
		{Region: "1480", Pipeline: "intro", SourceRole: "", OutputRole: "service_assistant", PlacesPerYear: 15},
	}
	b.TrainingStages = []TrainingStage{
		{Pipeline: "an_programme", Stage: 1, Name: "Introduction", DurationMonths: 2, CompletionRate: 0.9, DropoutRate: 0.1},
		{Pipeline: "an_programme", Stage: 2, Name: "Care work", DurationMonths: 6, CompletionRate: 0.85, DropoutRate: 1.0 / 3},
		{Pipeline: "an_programme", Stage: 3, Name: "Nursing", DurationMonths: 6, CompletionRate: 0.8, DropoutRate: 0.15},
		{Pipeline: "intro", Stage: 1, Name: "Introduction", DurationMonths: 1.5, CompletionRate: 0.95, DropoutRate: 0},
	}
	return b
}

func testForecast() []Forecast {
	return []Forecast{
		{Scenario: "base", Region: "1480", Year: 2030, Role: "assistant_nurse", DemandFTE: 1200.25, Headcount: 1100, ContractedFTE: 935, EffectiveFTE: 850.85, GapFTE: 349.4, Exits: 60, Retirements: 40, ExpansionNeed: 3.5, GraduatesOut: -3.5},
		{Scenario: "base", Region: "1480", Year: 2031, Role: "assistant_nurse", DemandFTE: 1250, GapFTE: -0.1},
	}
}

func testBands() []GapBand {
	return []GapBand{
		{Scenario: "base", Region: "all", Year: 2030, Role: "assistant_nurse", Mean: 350.5, P10: 120, P50: 340, P90: 610.25, SD: 190.5, ProbAbove: 0.8},
		{Scenario: "base", Region: "1480", Year: 2030, Role: "all_roles", Mean: -1.5, P10: -40, P50: 0, P90: 33, SD: 28, ProbAbove: 0.1},
	}
}

func testPopulationBands() []PopulationBand {
	return []PopulationBand{
		{Region: "2560", Year: 2030, AgeGroup: "80+", Sex: "F", Mean: 401.5, P10: 380, P50: 400, P90: 425.25},
		{Region: "all", Year: 2030, AgeGroup: "total", Sex: "total", Mean: 150000, P10: 148000, P50: 150010, P90: 152000},
	}
}

func testDrivers() []GapDriver {
	return []GapDriver{
		{Scenario: "base", Region: "1480", Year: 2030, Role: "assistant_nurse", Driver: "demography", FTE: 400},
		{Scenario: "base", Region: "1480", Year: 2030, Role: "assistant_nurse", Driver: "sick_leave", FTE: -50.6},
	}
}
