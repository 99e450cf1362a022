package goalseekrun

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
)

// Defaults of a Spec.
const (
	DefaultToYear = 2040
	// DefaultDiscount is the real discount rate a year: 3.5 %, the rate
	// of the Swedish Transport Administration's cost-benefit guidance
	// (ASEK), a common choice for public investments in Sweden.
	DefaultDiscount = 0.035
	// DefaultName is the name of the scenario a goal seek writes.
	DefaultName = "plan"
)

// ErrSpec is the class of a goal seek that cannot run: a target year out
// of range, an unknown role or lever, a price or limit missing.
var ErrSpec = errkind.New(errkind.BadInput, "goal seek")

func specErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrSpec, fmt.Sprintf(format, a...))
}

// Target is the largest gap allowed in each chosen role, region and year
// from the target year on: Value FTE, or Value % of the year's demand.
type Target struct {
	Value   float64
	Percent bool
}

// String is "3 FTE" or "2 %".
func (t Target) String() string {
	if t.Percent {
		return fmt.Sprintf("%g %%", t.Value)
	}
	return fmt.Sprintf("%g FTE", t.Value)
}

// Unit is "%" or "FTE".
func (t Target) Unit() string {
	if t.Percent {
		return "%"
	}
	return "FTE"
}

// Shift is a move of work that the goal seek may use: task shifting from
// one role to another in the named services (all when none).
type Shift struct {
	From, To string
	Services []string
}

// DefaultShifts: assistant-nurse work in elder care to service
// assistants, as the shipped task-shifting scenario.
var DefaultShifts = []Shift{{From: "assistant_nurse", To: "service_assistant", Services: []string{"home_care", "residential_care"}}}

// Spec is what a goal seek runs on. The zero value of each field is its
// documented default.
type Spec struct {
	// Bundle is the dataset, read and checked (datasets.Check).
	Bundle *datasets.Bundle
	// Inputs are the prices and limits [defaultdata.LeverCosts and
	// LeverLimits].
	Inputs *datasets.GoalSeekInputs
	// Match gives each region's supervisor places, the most placements a
	// year there (workplaces' supervisor capacity) [nil: the limits only].
	Match *datasets.MatchSet
	// Regions are the municipality codes [every region of Bundle].
	Regions []string
	// Roles are the roles whose gap must meet Target [every role]. The
	// others are kept: their gap may not grow above what it is without
	// the plan (or above 0).
	Roles []string
	// TargetYear is the first year the target must hold; required, at
	// least two years after the base year.
	TargetYear int
	// Target is the largest gap allowed [0 FTE].
	Target Target
	// ToYear is the last forecast year: the target holds to it and costs
	// are counted to it [DefaultToYear].
	ToYear int
	// Discount is the real discount rate a year [DefaultDiscount]; costs
	// are discounted to the base year.
	Discount float64
	// Levers are the levers the plan may use [DefaultLevers].
	Levers []scenario.Kind
	// Shifts are the moves of work task shifting may use [DefaultShifts].
	Shifts []Shift
	// Curve are the target levels of the cost curve, in Target's unit
	// [Target, and 1, 2, 5 and 10 more FTE or % of demand]; NoCurve
	// skips it.
	Curve   []float64
	NoCurve bool
	// Tol is the violation of a target that counts as met, FTE
	// [goalseek.DefaultTol].
	Tol float64
	// MaxIter bounds the trust-region iterations [30].
	MaxIter int
	// Name of the scenario written [DefaultName].
	Name string
	// Workers forecast regions at once [GOMAXPROCS].
	Workers int
}

// Plan is a checked Spec, ready to run.
type Plan struct {
	Spec
	base     int
	start    int
	regions  []*forecast.Region
	opts     [][]option // per region
	chosen   map[string]bool
	prices   *prices
	superCap []float64 // per region, < 0 when unknown
	settings forecast.Settings
}

// Prepare checks spec against its dataset, prices and limits: everything
// that can be wrong with the input is found here.
func Prepare(spec Spec) (*Plan, error) {
	if spec.Bundle == nil {
		panic("goalseekrun: nil bundle")
	}
	if spec.Inputs == nil {
		spec.Inputs = &datasets.GoalSeekInputs{Costs: defaultdata.LeverCosts(), Limits: defaultdata.LeverLimits()}
	}
	if spec.ToYear == 0 {
		spec.ToYear = DefaultToYear
	}
	if spec.Discount == 0 {
		spec.Discount = DefaultDiscount
	}
	if spec.Levers == nil {
		spec.Levers = DefaultLevers
	}
	if spec.Shifts == nil {
		spec.Shifts = DefaultShifts
	}
	if spec.Name == "" {
		spec.Name = DefaultName
	}
	switch {
	case spec.ToYear < 2000 || spec.ToYear > 2100:
		return nil, specErr("last year %d: not a year between 2000 and 2100", spec.ToYear)
	case spec.Discount < 0 || spec.Discount > 0.5 || math.IsNaN(spec.Discount):
		return nil, specErr("discount rate %g: must be 0..0.5", spec.Discount)
	case math.IsNaN(spec.Target.Value) || math.IsInf(spec.Target.Value, 0):
		return nil, specErr("target: not a number")
	case spec.Target.Percent && (spec.Target.Value < -100 || spec.Target.Value > 100):
		return nil, specErr("target %s: a share of demand between -100 and 100 %%", spec.Target)
	case spec.Tol < 0 || spec.Tol > 10:
		return nil, specErr("tolerance %g FTE: must be 0..10", spec.Tol)
	case spec.MaxIter < 0 || spec.MaxIter > 1000:
		return nil, specErr("iterations %d: must be 0..1000", spec.MaxIter)
	}
	for _, k := range spec.Levers {
		if _, ok := Units[k]; !ok {
			return nil, specErr("lever %q: the goal seek uses %s", k, kindList(DefaultLevers))
		}
	}
	if err := datasets.Validate(spec.Inputs.Costs, datasets.SchemaOf[datasets.LeverCost]().File); err != nil {
		return nil, err
	}
	if err := datasets.Validate(spec.Inputs.Limits, datasets.SchemaOf[datasets.LeverLimit]().File); err != nil {
		return nil, err
	}
	regions, err := datasets.ForecastRegions(spec.Bundle, spec.Regions)
	if err != nil {
		return nil, err
	}
	if len(regions) == 0 {
		return nil, specErr("no regions")
	}
	p := &Plan{Spec: spec, regions: regions, base: regions[0].BaseYear, chosen: map[string]bool{}}
	p.start = p.base + 1
	if spec.TargetYear < p.base+2 || spec.TargetYear > spec.ToYear {
		return nil, specErr("target year %d: must be from %d (levers phase in from %d, the year after the base year) to the last year %d",
			spec.TargetYear, p.base+2, p.start, spec.ToYear)
	}
	roles := regions[0].Supply.Roles
	if len(spec.Roles) == 0 {
		p.Roles = slices.Clone(roles)
	}
	for _, r := range p.Roles {
		if !slices.Contains(roles, r) {
			return nil, specErr("role %q: not a role of the dataset (%s)", r, strings.Join(roles, ", "))
		}
		p.chosen[r] = true
	}
	if p.prices, err = newPrices(spec.Inputs.Costs, regions, p.base, spec.ToYear); err != nil {
		return nil, err
	}
	entry := map[string]bool{}
	for _, r := range spec.Bundle.Roles {
		entry[r.Role] = r.Entry
	}
	super := map[string]float64{}
	if spec.Match != nil {
		for _, w := range spec.Match.Workplaces {
			super[w.Region] += float64(w.SupervisorCapacity)
		}
	}
	p.opts = make([][]option, len(regions))
	p.superCap = make([]float64, len(regions))
	for b, r := range regions {
		p.superCap[b] = -1
		if spec.Match != nil {
			p.superCap[b] = super[r.Code]
		}
		if p.opts[b], err = menu(r, spec.Levers, spec.Inputs.Limits, spec.TargetYear-p.start, entry, p.superCap[b], spec.Shifts); err != nil {
			return nil, err
		}
		for _, o := range p.opts[b] {
			if err := p.prices.check(&o, r.Code); err != nil {
				return nil, err
			}
		}
	}
	if len(spec.Regions) == 0 {
		p.Regions = make([]string, len(regions))
		for i, r := range regions {
			p.Regions[i] = r.Code
		}
	}
	known := make([]string, len(spec.Bundle.Regions))
	for i, r := range spec.Bundle.Regions {
		known[i] = r.Region
	}
	p.settings = forecast.Settings{ToYear: spec.ToYear, KnownRegions: known, NoDecomposition: true, Workers: spec.Workers}
	return p, nil
}

// BaseYear is the dataset's base year.
func (p *Plan) BaseYear() int { return p.base }

// StartYear is the first year of every lever's phase-in.
func (p *Plan) StartYear() int { return p.start }

func kindList(ks []scenario.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
