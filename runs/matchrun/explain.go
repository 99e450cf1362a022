package matchrun

import (
	"fmt"
	"strings"

	"github.com/caregap/caregap/engine/match"
)

// Explanation is one candidate's placement with its cost breakdown and
// its alternatives, and the text an officer can give the person. It
// holds no attribute of the person beyond the id and the municipality.
type Explanation struct {
	CandidateID string `json:"candidate_id"`
	Region      string `json:"region"`
	// RegionName is the municipality's name, once NameRegions has set it.
	RegionName string `json:"region_name,omitempty"`
	// Status is "placed" or the reason code of an unplaced candidate.
	Status string `json:"status"`
	// Rule is the rule that excluded most openings, for
	// no_eligible_opening.
	Rule      string     `json:"rule,omitempty"`
	Placement *Placement `json:"placement,omitempty"`
	// Eligible is the number of eligible openings.
	Eligible int `json:"eligible_openings"`
	// ReducedCosts: the alternatives carry reduced costs, lower bounds on
	// the exact margins (a solver with a certificate); otherwise they are
	// ranked by cost alone.
	ReducedCosts bool          `json:"reduced_costs"`
	Alternatives []Alternative `json:"alternatives"`
	// Text is a short account in English; Words is the one an officer
	// reads to the person, in Swedish or English.
	Text string `json:"text"`
}

// Opening names an opening and its workplace.
type Opening struct {
	OpeningID   string `json:"opening_id"`
	Role        string `json:"role"`
	WorkplaceID string `json:"workplace_id"`
	Employer    string `json:"employer"`
	Region      string `json:"region"`
	// RegionName is the workplace's municipality by name, once
	// NameRegions has set it.
	RegionName string `json:"region_name,omitempty"`
}

// Placement is the opening a candidate is placed at, its cost in points
// and the named components that make it up.
type Placement struct {
	Opening
	Cost       float64     `json:"cost"`
	Components []Component `json:"components"`
}

// Alternative is one eligible opening. ReducedCost (points, nil without a
// certificate) is a lower bound on how much cheaper the pair would have to
// be before the optimum could place the candidate there: 0 for the chosen
// opening, and 0 for another opening means an equal choice is possible,
// not certain (match.Explain; match.ExplainExact has exact margins).
// CostsPlacement: the reduced cost reached the placement bonus M, so
// taking the opening would certainly leave someone else unplaced, and
// ReducedCost is the part beyond M, again a lower bound; unset, it does
// not rule that out.
type Alternative struct {
	Opening
	Cost           float64  `json:"cost"`
	ReducedCost    *float64 `json:"reduced_cost,omitempty"`
	CostsPlacement bool     `json:"costs_a_placement,omitempty"`
	// Margin (points; set by Run.Explain from match.ExplainExact) is
	// exactly how much cheaper the pair would have to be before an
	// optimum places the candidate there: 0 for the chosen opening and
	// true ties. With Displaces, forcing the pair leaves someone else
	// unplaced and Margin is the change in cost beyond that lost place.
	Margin    *float64 `json:"margin,omitempty"`
	Displaces bool     `json:"displaces,omitempty"`
	Chosen    bool     `json:"chosen"`
}

// Explain explains candidate c (an index into rec.Candidates).
func (rec *Record) Explain(c int) *Explanation {
	rc := &rec.Candidates[c]
	e := &Explanation{CandidateID: rc.CandidateID, Region: rc.Region, Status: rc.Status, Rule: rc.Rule,
		Eligible: rc.Eligible, ReducedCosts: rec.Certified, Alternatives: make([]Alternative, 0, len(rc.Alternatives))}
	if rc.Opening >= 0 {
		e.Placement = &Placement{Opening: rec.opening(rc.Opening), Cost: rc.Cost, Components: rc.Components}
	}
	for _, a := range rc.Alternatives {
		alt := Alternative{Opening: rec.opening(a.Opening), Cost: a.Cost, CostsPlacement: a.CostsPlacement, Chosen: a.Chosen}
		if rec.Certified {
			red := a.Reduced
			alt.ReducedCost = &red
		}
		e.Alternatives = append(e.Alternatives, alt)
	}
	e.Text = e.text()
	return e
}

// Explain explains candidate c of solved run r with all its
// alternatives.
func (r *Run) Explain(c int) *Explanation {
	rec := &Record{Solver: r.Solver, Certified: r.Result.Cert != nil}
	for o := range r.Set.Openings {
		rec.Openings = append(rec.Openings, r.opening(o))
	}
	reasons := map[int]match.Unplaced{}
	for _, u := range match.Reasons(r.Problem, r.Breakdown, r.Result) {
		if u.Candidate == c {
			reasons[c] = u
		}
	}
	rec.Candidates = []RecordCandidate{r.candidate(c, reasons, 0)}
	e := rec.Explain(0)
	r.addMargins(e, c)
	return e
}

// addMargins sets the exact margins of e's alternatives (one search over
// the optimum's residual network) when the run has a certificate, and
// words the text with them.
func (r *Run) addMargins(e *Explanation, c int) {
	cert := r.Result.Cert
	if cert == nil {
		return
	}
	exact, err := match.ExplainExact(r.Problem, r.Result, cert, c)
	if err != nil {
		return // an uncertified result keeps the lower bounds
	}
	byID := map[string]match.Alternative{}
	for _, a := range exact {
		byID[r.Set.Openings[a.Opening].OpeningID] = a
	}
	for k := range e.Alternatives {
		alt := &e.Alternatives[k]
		a, ok := byID[alt.OpeningID]
		if !ok || a.Margin == match.NoMargin {
			continue
		}
		m := a.Margin
		if a.Displaces {
			m -= cert.M
		}
		v := float64(m) / r.Breakdown.Scale
		alt.Margin, alt.Displaces = &v, a.Displaces
	}
	e.Text = e.text()
}

func (rec *Record) opening(o int) Opening {
	op := &rec.Openings[o]
	return Opening{OpeningID: op.OpeningID, Role: op.Role, WorkplaceID: op.WorkplaceID, Employer: op.Employer, Region: op.Region}
}

// Describe gives the opening as "O1 care_aide at W1 (Employer, 1480)".
func (o *Opening) Describe() string {
	return fmt.Sprintf("%s %s at %s (%s, %s)", o.OpeningID, o.Role, o.WorkplaceID, o.Employer, o.Region)
}

// ruleText says in plain words what each eligibility rule asks.
var ruleText = map[string]string{
	"commute":  "they are farther from your home than you can travel",
	"language": "they ask for a higher level of Swedish",
	"licence":  "they need a driving licence",
	"start":    "they start before you are available",
	"hours":    "their hours are too far from the hours you want",
	"role":     "their roles are not among those you asked for",
	// The certificate of the protected title, required since 1 July 2023.
	"protected_title": "they need the protected title undersköterska, which takes Socialstyrelsen's certificate",
}

// text is what an officer can tell the person, in plain words, from the
// explanation alone.
func (e *Explanation) text() string {
	var b strings.Builder
	switch e.Status {
	case "placed":
		p := e.Placement
		fmt.Fprintf(&b, "You are offered a place as %s at %s (%s, municipality %s).", strings.ReplaceAll(p.Role, "_", " "), p.WorkplaceID, p.Employer, p.Region)
		var parts []string
		for _, c := range p.Components {
			switch {
			case c.Name == "commute_km":
				parts = append(parts, fmt.Sprintf("it is %.1f km from your home", c.Value))
			case c.Name == "wait_days" && c.Value > 0:
				parts = append(parts, fmt.Sprintf("it starts %.0f days after you are available", c.Value))
			case c.Name == "not_preferred" && c.Value > 0:
				parts = append(parts, "its role is not one you listed")
			case c.Name == "preference_rank" && c.Value > 0:
				parts = append(parts, fmt.Sprintf("its role is number %.0f on your list", c.Value+1))
			case c.Name == "experience_gap" && c.Value > 0:
				parts = append(parts, fmt.Sprintf("it asks for %.1f more years of experience than you have, so you will get extra support", c.Value))
			case c.Name == "hours_mismatch" && c.Value > 0:
				parts = append(parts, fmt.Sprintf("its hours differ from those you want by %.0f a week", c.Value))
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, " %s%s.", strings.ToUpper(parts[0][:1]), parts[0][1:])
			for _, s := range parts[1:] {
				fmt.Fprintf(&b, " %s%s.", strings.ToUpper(s[:1]), s[1:])
			}
		}
		if e.Eligible > 1 {
			fmt.Fprintf(&b, " You qualified for %s; this one fits you best once everyone's placements are taken into account.", plural(e.Eligible, "opening"))
		}
		ties, blocked, exact := 0, 0, false
		for _, a := range e.Alternatives {
			switch {
			case a.Chosen:
			case a.Margin != nil:
				exact = true
				if *a.Margin == 0 && !a.Displaces {
					ties++
				}
			case a.ReducedCost != nil && *a.ReducedCost == 0 && !a.CostsPlacement:
				ties++
			}
			if a.CostsPlacement || a.Displaces {
				blocked++
			}
		}
		switch {
		case ties > 0 && exact:
			fmt.Fprintf(&b, " %s would have fitted equally well.", plural(ties, "other opening"))
		case ties > 0:
			fmt.Fprintf(&b, " %s might have fitted as well.", plural(ties, "other opening"))
		}
		if blocked > 0 {
			b.WriteString(" Some closer or better-fitting openings were needed to give someone else a place.")
		}
	case "no_eligible_opening":
		b.WriteString("No opening this round meets all the requirements for you.")
		if t, ok := ruleText[e.Rule]; ok {
			fmt.Fprintf(&b, " Most openings were ruled out because %s.", t)
		}
	case "openings_full":
		fmt.Fprintf(&b, "You qualified for %s, but all of their places were taken this round.", plural(e.Eligible, "opening"))
	case "no_supervisor":
		fmt.Fprintf(&b, "You qualified for %s, but their workplaces had no supervisor free to take on another person this round.", plural(e.Eligible, "opening"))
	case "room_left":
		fmt.Fprintf(&b, "You qualified for %s that still had room, but they preferred other candidates this round.", plural(e.Eligible, "opening"))
	default:
		b.WriteString("You were not placed this round.")
	}
	return b.String()
}

// plural writes n and noun, adding an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
