package datasets

import (
	"errors"
	"io/fs"
	"math"
	"slices"
)

// The goal seek's datasets: what each lever costs and how far it may go
// (inputs), and the plan it chooses (outputs). The lever names are those
// of scenario files; "wage" prices a role's FTE.

// CostItems are the values of lever_costs' lever column, and Units their
// units, in the same order.
var (
	CostItems = []string{"wage", "employment_rate", "sick_leave", "retirement_age", "recruits",
		"training_places", "matched_entrants", "task_shifting", "career_transition"}
	CostUnits = []string{
		"FTE-year",                        // wage: the employer's cost of one FTE for a year
		"FTE-year of extra hours",         // employment_rate
		"FTE-year of sick leave avoided",  // sick_leave
		"person-year past retirement age", // retirement_age
		"recruit",                         // recruits
		"training place-year",             // training_places
		"placement",                       // matched_entrants
		"FTE-year of work moved",          // task_shifting
		"person moved",                    // career_transition
	}
	// LimitLevers are the values of lever_limits' lever column.
	LimitLevers = CostItems[1:]
)

// CostUnit returns the unit of a lever_costs item, or "".
func CostUnit(item string) string {
	if i := slices.Index(CostItems, item); i >= 0 {
		return CostUnits[i]
	}
	return ""
}

// LeverCost is one row of lever_costs.parquet: the cost of one unit of a
// lever (or of an FTE of a role, item "wage") from a year on.
type LeverCost struct {
	Lever     string  `parquet:"lever,dict"`
	Region    string  `parquet:"region,dict"`
	Role      string  `parquet:"role,dict"`
	Pipeline  string  `parquet:"pipeline,dict"`
	Year      int32   `parquet:"year"`
	Unit      string  `parquet:"unit,dict"`
	OneOffSEK float64 `parquet:"one_off_sek"`
	RunSEK    float64 `parquet:"running_sek"`
	Source    string  `parquet:"source"`
}

// LeverLimit is one row of lever_limits.parquet: how far a lever may go in
// a region (or in every region) and how fast.
type LeverLimit struct {
	Lever  string  `parquet:"lever,dict"`
	Region string  `parquet:"region,dict"`
	Limit  float64 `parquet:"limit"`
	Ramp   float64 `parquet:"ramp_per_year"`
	Source string  `parquet:"source"`
}

// GoalSeekLever is one row of goalseek_levers.parquet: a lever the plan
// chose in a region with its cost, or (lever "wages") the wages of a
// role's extra staff.
type GoalSeekLever struct {
	Region     string  `parquet:"region,dict"`
	Lever      string  `parquet:"lever,dict"`
	AppliesTo  string  `parquet:"applies_to,dict"`
	Intensity  float64 `parquet:"intensity"`
	Unit       string  `parquet:"unit,dict"`
	Limit      float64 `parquet:"limit"`
	AtLimit    bool    `parquet:"at_limit"`
	StartYear  int32   `parquet:"start_year"`
	TargetYear int32   `parquet:"target_year"`
	Quantity   float64 `parquet:"quantity"`
	CostUnit   string  `parquet:"cost_unit,dict"`
	CostSEK    float64 `parquet:"cost_sek"`
}

// GoalSeekTarget is one row of goalseek_targets.parquet: a role's gap in
// a year from the target year on, against its target, with the marginal
// cost of one more FTE.
type GoalSeekTarget struct {
	Region       string  `parquet:"region,dict"`
	Role         string  `parquet:"role,dict"`
	Year         int32   `parquet:"year"`
	Constraint   string  `parquet:"constraint,dict"`
	DemandFTE    float64 `parquet:"demand_fte"`
	ReferenceGap float64 `parquet:"reference_gap_fte"`
	TargetGap    float64 `parquet:"target_gap_fte"`
	GapFTE       float64 `parquet:"gap_fte"`
	Met          bool    `parquet:"met"`
	Binding      bool    `parquet:"binding"`
	MarginalSEK  float64 `parquet:"marginal_cost_sek"`
}

// GoalSeekCurvePoint is one row of goalseek_curve.parquet: the least cost
// of a target level.
type GoalSeekCurvePoint struct {
	Region    string  `parquet:"region,dict"`
	Level     float64 `parquet:"level"`
	LevelUnit string  `parquet:"level_unit,dict"`
	CostSEK   float64 `parquet:"cost_sek"`
	Unmet     int32   `parquet:"unmet"`
}

// maxSEK bounds a unit cost: a billion kronor is far above any lever's
// cost per unit.
const maxSEK = 1e9

func optionalMunicipality(doc string) Column {
	c := colText("region", doc)
	c.Pattern, c.PatternDoc = `[0-9]{4}|S[0-9]{3,4}`, "empty, four digits (a municipality code) or S and 3-4 digits (synthetic)"
	return c
}

// registerGoalSeek registers the goal seek's datasets.
func registerGoalSeek(set *schemaSet) {
	register[LeverCost](set, Schema{
		Name: "lever_costs", Doc: "Cost of one unit of each lever, and of an FTE of each role (wage), from a year on; the goal seek's prices.",
		Key: []string{"lever", "region", "role", "pipeline", "year"},
		Columns: []Column{
			colEnum("lever", "Lever, as in scenario files, or wage: the employer's cost of an FTE of the role (salary and contributions).", CostItems...),
			optionalMunicipality("Municipality the row prices; empty for every municipality (a municipality's own row takes precedence)."),
			colText("role", "Role the row prices (for career_transition the role moved to, for task_shifting the role the work moves to); empty for every role. Required for wage."),
			colText("pipeline", "Training pipeline the row prices (training_places only); empty for every pipeline."),
			yearCol("First year the row applies to; a later year's row replaces it."),
			colCode("unit", "The unit priced, which must be the lever's: wage FTE-year; employment_rate FTE-year of extra hours; sick_leave FTE-year of sick leave avoided; retirement_age person-year past retirement age; recruits recruit; training_places training place-year; matched_entrants placement; task_shifting FTE-year of work moved; career_transition person moved."),
			colFloat("one_off_sek", "SEK per unit", 0, maxSEK, "Paid once per new unit: per recruit, placement or person moved, or when a unit of a lasting change starts (an hour, a place, a moved task)."),
			colFloat("running_sek", "SEK per unit and year", 0, maxSEK, "Paid every year per unit in use."),
			colCode("source", "Public source of the figure, or \"assumption\" and its reasoning."),
		},
	}, func(r *LeverCost) (string, error) {
		if want := CostUnit(r.Lever); r.Unit != want {
			return "unit", ruleErr(ErrEnum, "%q is not the unit of %s, %q", r.Unit, r.Lever, want)
		}
		if r.Lever == "wage" && r.Role == "" {
			return "role", ruleErr(ErrMissingValue, "a wage row names its role")
		}
		if r.Pipeline != "" && r.Lever != "training_places" {
			return "pipeline", ruleErr(ErrRange, "only training_places rows name a pipeline, not %s", r.Lever)
		}
		return "", nil
	})
	register[LeverLimit](set, Schema{
		Name: "lever_limits", Doc: "How far the goal seek may take each lever in a municipality, and how fast.",
		Key: []string{"lever", "region"},
		Columns: []Column{
			colEnum("lever", "Lever, as in scenario files.", LimitLevers...),
			optionalMunicipality("Municipality the limit applies to; empty for every municipality (a municipality's own row takes precedence)."),
			colFloat("limit", "lever's unit", 0, 100, "employment_rate: the highest employment rate (≤ 1); sick_leave: the lowest mean sick-leave rate, a floor (≤ 1); retirement_age: years later; recruits: relative increase of yearly recruits (0.5 = +50 %); training_places: relative increase of a pipeline's places (1 = double: the capacity); matched_entrants: placements a year (also at most the matching's supervisor places); task_shifting: share of the from role's demand (≤ 1); career_transition: added yearly rate (≤ 1)."),
			colFloat("ramp_per_year", "lever's unit per year", 0, 100, "The most the lever may grow a year while it is phased in, in the limit's unit (employment_rate and sick_leave: rate points as a fraction, 0.02 = 2 points); 0: no ramp limit."),
			colCode("source", "Public source of the figure, or \"assumption\" and its reasoning."),
		},
	}, func(r *LeverLimit) (string, error) {
		switch r.Lever {
		case "employment_rate", "sick_leave", "task_shifting", "career_transition":
			if r.Limit > 1 {
				return "limit", ruleErr(ErrRange, "%g is above 1, the most a rate or share can be", r.Limit)
			}
		}
		return "", nil
	})
	register[GoalSeekLever](set, Schema{
		Name: "goalseek_levers", Doc: "The levers a goal seek chose per municipality with their discounted cost, and the wages of each role's extra staff (lever wages).", Output: true,
		Key: []string{"region", "lever", "applies_to"},
		Columns: []Column{
			regionCol(), colCode("lever", "Lever, as in scenario files, or wages."),
			colCode("applies_to", "Role, pipeline, or from>to for a move between roles; for wages the role."),
			colFloat("intensity", "lever's unit", -posInf, posInf, "The lever's value at the target year as the scenario file has it: employment_rate change (0.05 = 5 points), sick_leave relative reduction (scale 1 − intensity), retirement_age years, recruits relative increase (scale 1 + intensity), training_places extra places a year, matched_entrants placements a year, task_shifting share, career_transition added yearly rate; wages: extra contracted FTE in the last year."),
			colCode("unit", "Unit of intensity."),
			colFloat("limit", "lever's unit", 0, posInf, "The most intensity could be (lever_limits, with the ramp over the phase-in); 0 for wages."),
			colBool("at_limit", "The lever is at its limit: the limit binds."),
			colInt("start_year", "year", 1900, 2100, "First year of the phase-in (linear)."), colInt("target_year", "year", 1900, 2100, "Year the lever reaches intensity."),
			colFloat("quantity", "cost unit", -posInf, posInf, "Units priced, summed over the years to the last forecast year (undiscounted)."),
			colCode("cost_unit", "Unit priced (lever_costs' unit)."),
			colOutput("cost_sek", "SEK", "Cost discounted to the base year, summed over the years to the last forecast year."),
		},
	}, nil)
	register[GoalSeekTarget](set, Schema{
		Name: "goalseek_targets", Doc: "Each role's gap from the target year on against its target under the goal-seek plan, with the marginal cost of one more FTE.", Output: true,
		Key: []string{"region", "role", "year"},
		Columns: []Column{
			regionCol(), roleCol("role", "Role code."), yearCol("Calendar year."),
			colEnum("constraint", "target: a chosen role's gap at most its target; keep: a role not chosen, whose gap may not grow above its gap without the plan (or above 0).", "target", "keep"),
			colOutput("demand_fte", "FTE", "Demand under the plan."),
			colOutput("reference_gap_fte", "FTE", "Gap without the plan (base)."),
			colOutput("target_gap_fte", "FTE", "The largest gap allowed."),
			colOutput("gap_fte", "FTE", "Gap under the plan, in the forecast."),
			colBool("met", "The gap is within the target (to the tolerance)."),
			colBool("binding", "The gap is at its target and the target costs something: loosening it would save."),
			colFloat("marginal_cost_sek", "SEK per FTE", 0, posInf, "Shadow price: what one more FTE in this role and year (the target one FTE lower) would cost, discounted; 0 when the target does not bind."),
		},
	}, nil)
	register[GoalSeekCurvePoint](set, Schema{
		Name: "goalseek_curve", Doc: "Least discounted cost of the plan against the target level; region all is the sum over the municipalities.", Output: true,
		Key: []string{"region", "level"},
		Columns: []Column{
			colCode("region", "Municipality code, or all for the sum."),
			colFloat("level", "FTE or %", -posInf, posInf, "Target level: the largest gap allowed per role and year, in FTE or in % of demand."),
			colEnum("level_unit", "Unit of level.", "FTE", "%"),
			colOutput("cost_sek", "SEK", "Least cost of meeting the level (as closely as the limits allow)."),
			colInt("unmet", "-", 0, math.MaxInt32, "Role-years whose target the limits do not allow."),
		},
	}, nil)
}

// GoalSeekInputs are the prices and limits of a goal seek.
type GoalSeekInputs struct {
	Costs  []LeverCost
	Limits []LeverLimit
}

// ReadGoalSeekFS reads lever_costs and lever_limits from the root of fsys
// (Parquet, or CSV when there is no Parquet file), each validated as by
// ReadFile. Both are required (ErrMissingFile). The problems of both files
// are returned joined.
func ReadGoalSeekFS(fsys fs.FS) (*GoalSeekInputs, error) {
	in := new(GoalSeekInputs)
	var errs []error
	for _, s := range []*Schema{SchemaOf[LeverCost](), SchemaOf[LeverLimit]()} {
		name, err := findDataset(fsys, s)
		switch {
		case err != nil:
			errs = append(errs, err)
		case name == "":
			errs = append(errs, &RowError{File: s.File, Err: ruleErr(ErrMissingFile, "missing; a goal seek needs %s", s.Name)})
		case s == SchemaOf[LeverCost]():
			in.Costs, err = ReadFile[LeverCost](fsys, name)
			errs = append(errs, err)
		default:
			in.Limits, err = ReadFile[LeverLimit](fsys, name)
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return in, nil
}
