package defaultdata

import (
	"github.com/caregap/caregap/datasets"
)

// regionSummary holds figures recomputed from a bundle's rows, independent
// of the synthesis code, for one region (or, summed, for all).
type regionSummary struct {
	persons, persons65, persons80  float64
	users                          map[string]float64 // by service
	users80                        map[string]float64 // by service, ages 80+
	demand                         map[string]float64 // FTE by role
	headcount, effective           map[string]float64 // by role
	women, womenSick, men, menSick float64            // headcount and headcount × sick leave rate
	exits, retirements             map[string]float64 // persons a year by role
	recruits                       map[string]float64 // persons a year by role
	training                       map[string]float64 // staff of a role away in its pipelines' steady state
}

// working returns the effective FTE of role once the staff in training,
// whom the forecast takes out of the role in the base year, are away.
func (s *regionSummary) working(role string) float64 {
	if s.headcount[role] == 0 {
		return 0
	}
	return s.effective[role] * (1 - s.training[role]/s.headcount[role])
}

func newSummary() *regionSummary {
	return &regionSummary{
		users: map[string]float64{}, users80: map[string]float64{}, demand: map[string]float64{},
		headcount: map[string]float64{}, effective: map[string]float64{},
		exits: map[string]float64{}, retirements: map[string]float64{}, recruits: map[string]float64{},
		training: map[string]float64{},
	}
}

// summarize recomputes per-region figures from b. Demand is
// Σ population × use_rate × fte_per_user × role_share.
func summarize(b *datasets.Bundle) map[string]*regionSummary {
	out := map[string]*regionSummary{}
	get := func(r string) *regionSummary {
		if out[r] == nil {
			out[r] = newSummary()
		}
		return out[r]
	}
	type pk struct {
		region, sex string
		age         int32
	}
	pop := map[pk]float64{}
	for _, p := range b.Population {
		pop[pk{p.Region, p.Sex, p.Age}] = p.Persons
		s := get(p.Region)
		s.persons += p.Persons
		if p.Age >= 65 {
			s.persons65 += p.Persons
		}
		if p.Age >= 80 {
			s.persons80 += p.Persons
		}
	}
	type rs struct{ region, service string }
	for _, u := range b.CareUse {
		s := get(u.Region)
		for a := u.AgeFrom; a <= u.AgeTo; a++ {
			n := pop[pk{u.Region, u.Sex, a}] * u.Rate
			s.users[u.Service] += n
			if a >= 80 {
				s.users80[u.Service] += n
			}
		}
	}
	fte := map[rs]float64{}
	for _, c := range b.CareStaffing {
		fte[rs{c.Region, c.Service}] = c.FTEPerUser
	}
	for _, sh := range b.RoleShares {
		s := get(sh.Region)
		s.demand[sh.Role] += s.users[sh.Service] * fte[rs{sh.Region, sh.Service}] * sh.Share
	}
	type ra struct {
		role string
		age  int32
	}
	exit := map[ra]datasets.ExitRate{}
	for _, e := range b.ExitRates {
		exit[ra{e.Role, e.Age}] = e
	}
	for _, w := range b.Workforce {
		s := get(w.Region)
		s.headcount[w.Role] += w.Headcount
		s.effective[w.Role] += w.Headcount * w.EmploymentRate * (1 - w.SickLeaveRate)
		if w.Sex == "F" {
			s.women += w.Headcount
			s.womenSick += w.Headcount * w.SickLeaveRate
		} else {
			s.men += w.Headcount
			s.menSick += w.Headcount * w.SickLeaveRate
		}
		e := exit[ra{w.Role, w.Age}]
		s.exits[w.Role] += w.Headcount * e.ExitRate
		s.retirements[w.Role] += w.Headcount * e.RetirementRate
	}
	for _, r := range b.Recruits {
		get(r.Region).recruits[r.Role] += r.Persons
	}
	// Steady-state trainees of pipelines with a source role, by the
	// monthly model of engine/supply (SteadyTrainees): stage k holds
	// in_k / (1 − (1−δ)(1−φ)), δ = dropout/12, φ = 1/months, the first
	// stage counted after the month's finishers leave.
	stages := map[string][]datasets.TrainingStage{}
	for _, st := range b.TrainingStages {
		stages[st.Pipeline] = append(stages[st.Pipeline], st)
	}
	for _, p := range b.TrainingPipelines {
		if p.SourceRole == "" {
			continue
		}
		in := p.PlacesPerYear / 12
		for k, st := range stages[p.Pipeline] {
			d, phi := min(1, st.DropoutRate/12), min(1, 1/st.DurationMonths)
			stay := (1 - d) * (1 - phi)
			n := in / (1 - stay)
			if k == 0 {
				n *= stay
			}
			get(p.Region).training[p.SourceRole] += n
			in = in / (1 - stay) * (1 - d) * phi * st.CompletionRate
		}
	}
	return out
}

// total sums the summaries of all regions.
func total(m map[string]*regionSummary) *regionSummary {
	t := newSummary()
	for _, s := range m {
		t.persons += s.persons
		t.persons65 += s.persons65
		t.persons80 += s.persons80
		t.women += s.women
		t.womenSick += s.womenSick
		t.men += s.men
		t.menSick += s.menSick
		for _, pair := range []struct{ dst, src map[string]float64 }{
			{t.users, s.users}, {t.users80, s.users80}, {t.demand, s.demand}, {t.headcount, s.headcount},
			{t.effective, s.effective}, {t.exits, s.exits}, {t.retirements, s.retirements}, {t.recruits, s.recruits},
			{t.training, s.training},
		} {
			for k, v := range pair.src {
				pair.dst[k] += v
			}
		}
	}
	return t
}
