package datasets

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	if err := Check(testBundle()); err != nil {
		t.Fatalf("valid bundle: %v", err)
	}
	for _, tc := range []struct {
		name   string
		edit   func(b *Bundle)
		rule   error
		file   string
		row    int
		column string
		msg    string // the whole message, when set
	}{
		{name: "unknown region", edit: func(b *Bundle) { b.Population[3].Region = "9999" }, rule: ErrUnknownRef,
			file: "population.parquet", row: 4, column: "region",
			msg: `population.parquet: row 4, column region: "9999" is not in regions.parquet`},
		{name: "unknown service", edit: func(b *Bundle) { b.CareStaffing[1].Service = "x" }, rule: ErrUnknownRef,
			file: "care_staffing.parquet", row: 2, column: "service"},
		{name: "unknown role", edit: func(b *Bundle) { b.Workforce[1].Role = "nurse" }, rule: ErrUnknownRef,
			file: "workforce.parquet", row: 2, column: "role"},
		{name: "unknown from role", edit: func(b *Bundle) { b.CareerTransitions[0].FromRole = "x" }, rule: ErrUnknownRef,
			file: "career_transitions.parquet", row: 1, column: "from_role"},
		{name: "unknown source role", edit: func(b *Bundle) { b.TrainingPipelines[0].SourceRole = "x" }, rule: ErrUnknownRef,
			file: "training_pipelines.parquet", row: 1, column: "source_role"},
		{name: "unknown output role", edit: func(b *Bundle) { b.TrainingPipelines[1].OutputRole = "x" }, rule: ErrUnknownRef,
			file: "training_pipelines.parquet", row: 2, column: "output_role"},
		{name: "unknown pipeline", edit: func(b *Bundle) { b.TrainingStages = append(b.TrainingStages, TrainingStage{Pipeline: "x", Stage: 1}) },
			rule: ErrUnknownRef, file: "training_stages.parquet", row: 5, column: "pipeline"},
		{name: "repeated unknown region", edit: func(b *Bundle) { b.Population[3].Region = "9999"; b.Population[5].Region = "9999" },
			rule: ErrUnknownRef, file: "population.parquet", row: 4, column: "region",
			msg: `population.parquet: row 4, column region: "9999" is not in regions.parquet (2 rows)`},
		{name: "roles absent", edit: func(b *Bundle) { b.Roles = nil }, rule: ErrMissingFile, file: "roles.parquet"},
		{name: "shares", edit: func(b *Bundle) { b.RoleShares[2].Share = 0.5 }, rule: ErrShareSum,
			file: "role_shares.parquet", row: 1, column: "share",
			msg: "role_shares.parquet: row 1, column share: shares of region 1480, service home_care sum to 0.9, not 1"},
		{name: "stage gap", edit: func(b *Bundle) { b.TrainingStages[1].Stage = 4 }, rule: ErrStages,
			file: "training_stages.parquet", row: 1, column: "stage",
			msg: `training_stages.parquet: row 1, column stage: stages of pipeline "an_programme" are 1, 3, 4; want 1..3`},
		{name: "no stages", edit: func(b *Bundle) { b.TrainingStages = b.TrainingStages[:3] }, rule: ErrStages,
			file: "training_pipelines.parquet", row: 2, column: "pipeline"},
		{name: "two base years", edit: func(b *Bundle) { b.Workforce[1].Year = 2023 }, rule: ErrBaseYear,
			file: "workforce.parquet", row: 2, column: "year"},
		{name: "overlapping bands", edit: func(b *Bundle) { b.CareUse[1].AgeFrom = 75 }, rule: ErrOverlap,
			file: "care_use.parquet", row: 2, column: "age_from",
			msg: "care_use.parquet: row 2, column age_from: band 75..100 overlaps band 65..79 of row 1 (region 1480, service home_care, sex M)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := testBundle()
			tc.edit(b)
			err := Check(b)
			wantRowError(t, err, tc.rule, tc.file, tc.row, tc.column)
			if tc.msg != "" && err.Error() != tc.msg {
				t.Errorf("message %q, want %q", err, tc.msg)
			}
		})
	}
}

// TestCheckListsProblems checks that Check lists 20 problems and counts
// the rest.
func TestCheckListsProblems(t *testing.T) {
	b := testBundle()
	for i := range 25 { // 25 distinct unknown regions, one problem each
		b.Population = append(b.Population, Population{Region: "x" + strconv.Itoa(i), Year: 2024, Sex: "F"})
	}
	err := Check(b)
	if !errors.Is(err, ErrUnknownRef) {
		t.Fatal(err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 || !strings.HasPrefix(lines[maxErrors], "and ") {
		t.Errorf("%d lines, last %q; want %d and a count", len(lines), lines[len(lines)-1], maxErrors)
	}
}

func TestValidate(t *testing.T) {
	b := testBundle()
	if err := Validate(b.TrainingStages, "training_stages.parquet"); err != nil {
		t.Fatal(err)
	}
	b.TrainingStages[2].CompletionRate = 1.2
	err := Validate(b.TrainingStages, "training_stages.parquet")
	wantRowError(t, err, ErrRange, "training_stages.parquet", 3, "completion_rate")
}
