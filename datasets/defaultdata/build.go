package defaultdata

import "github.com/caregap/caregap/datasets"

// Synthesize returns the default dataset: the 19 municipalities of
// defaultRegions in base year 2024. It is deterministic: every call
// returns equal rows in the same order.
func Synthesize() *datasets.Bundle {
	return build(defaultRegions(), 2024)
}

// build synthesises a bundle for the regions in specs, in their order.
// Every dataset of datasets.Bundle gets rows except Deaths and Births.
func build(specs []regionSpec, baseYear int) *datasets.Bundle {
	year := int32(baseYear)
	nat := nationalStructure()
	natPersons := nat.total(0, maxAge)
	q := nationalDeathProb()
	fert := fertilitySchedule()
	mig := migrationProfile()
	natUse := nationalCareUse(&nat)

	b := &datasets.Bundle{}
	addStatic(b)
	for i := range specs {
		spec := &specs[i]
		reg := spec.code
		b.Regions = append(b.Regions, datasets.Region{Region: reg, Name: spec.name, Group: spec.group})

		p := regionPyramid(&nat, spec)
		for a := range numAges {
			for s := range numSex {
				b.Population = append(b.Population, datasets.Population{Region: reg, Year: year, Age: int32(a), Sex: sexCode[s], Persons: p[s][a]})
			}
		}
		for a := range numAges {
			for s := range numSex {
				b.DeathRates = append(b.DeathRates, datasets.DeathRate{Region: reg, Year: year, Age: int32(a), Sex: sexCode[s], Rate: q[s][a]})
			}
		}
		for j, f := range fert {
			b.FertilityRates = append(b.FertilityRates, datasets.FertilityRate{Region: reg, Year: year, MotherAge: int32(minMotherAge + j), Rate: f})
		}
		for a := range numAges {
			for s := range numSex {
				b.NetMigration = append(b.NetMigration, datasets.NetMigration{Region: reg, Year: year, Age: int32(a), Sex: sexCode[s], Persons: spec.persons * spec.growth * mig[s][a]})
			}
		}

		cm := regionCare(&natUse, spec)
		for sv := range numServices {
			for _, ub := range cm.use[sv] {
				for s := range numSex {
					b.CareUse = append(b.CareUse, datasets.CareUse{Region: reg, Service: serviceCodes[sv], AgeFrom: int32(ub.from), AgeTo: int32(ub.to), Sex: sexCode[s], Rate: ub.rate[s]})
				}
			}
		}
		for sv := range numServices {
			b.CareStaffing = append(b.CareStaffing, datasets.CareStaffing{Region: reg, Service: serviceCodes[sv], FTEPerUser: cm.ftePerUser[sv]})
		}
		for sv := range numServices {
			for r := range numRoles {
				if cm.shares[sv][r] > 0 {
					b.RoleShares = append(b.RoleShares, datasets.RoleShare{Region: reg, Service: serviceCodes[sv], Role: roleCodes[r], Share: cm.shares[sv][r]})
				}
			}
		}

		runs := []pipelineRun{{&adultEducationPipeline, max(0, adultEducationPlaces*spec.persons/natPersons-spec.stepwisePlaces)}}
		if spec.stepwisePlaces > 0 {
			runs = append(runs, pipelineRun{&stepwisePipeline, spec.stepwisePlaces})
		}
		h := sizeWorkforce(cm.demand(&p), spec.gap, runs)
		for r := range numRoles {
			rp := &roleProfiles[r]
			for i := range numWork {
				for s := range numSex {
					b.Workforce = append(b.Workforce, datasets.Workforce{
						Region: reg, Year: year, Role: roleCodes[r], Age: int32(minWorkAge + i), Sex: sexCode[s],
						Headcount: h[r][s][i], EmploymentRate: rp.employmentRate(minWorkAge + i), SickLeaveRate: sickLeave[s],
					})
				}
			}
		}

		for _, run := range runs {
			src := ""
			if run.spec.source >= 0 {
				src = roleCodes[run.spec.source]
			}
			b.TrainingPipelines = append(b.TrainingPipelines, datasets.TrainingPipeline{Region: reg, Pipeline: run.spec.code, SourceRole: src, OutputRole: roleCodes[run.spec.output], PlacesPerYear: run.places})
		}

		upper := upperSecondaryInflow * spec.persons / natPersons
		rec := regionRecruits(&h, runs, upper)
		for r := range numRoles {
			rp := &roleProfiles[r]
			sexShare := [numSex]float64{1 - rp.women, rp.women}
			for i, n := range rec[r] {
				for s := range numSex {
					b.Recruits = append(b.Recruits, datasets.Recruits{Region: reg, Role: roleCodes[r], Age: int32(minWorkAge + i), Sex: sexCode[s], Persons: n * sexShare[s]})
				}
			}
		}
	}
	return b
}

// addStatic adds the region-independent datasets: services, roles, exit
// rates, career transitions and training stages.
func addStatic(b *datasets.Bundle) {
	for sv := range numServices {
		b.Services = append(b.Services, datasets.Service{Service: serviceCodes[sv], Name: serviceNames[sv], Area: serviceAreas[sv]})
	}
	for r := range numRoles {
		b.Roles = append(b.Roles, datasets.Role{Role: roleCodes[r], Name: roleNames[r], NewStaffExitRate: newStaffExitRate[r], Entry: roleEntry[r]})
	}
	for r := range numRoles {
		for a := minWorkAge; a <= maxWorkAge; a++ {
			b.ExitRates = append(b.ExitRates, datasets.ExitRate{Role: roleCodes[r], Age: int32(a), ExitRate: roleProfiles[r].exitRate(a), RetirementRate: retirementRate(a)})
		}
	}
	for _, t := range careerTransitions {
		b.CareerTransitions = append(b.CareerTransitions, datasets.CareerTransition{FromRole: roleCodes[t.from], ToRole: roleCodes[t.to], Rate: t.rate})
	}
	for _, p := range []*pipelineSpec{&stepwisePipeline, &adultEducationPipeline} {
		for i, st := range p.stages {
			b.TrainingStages = append(b.TrainingStages, datasets.TrainingStage{Pipeline: p.code, Stage: int32(i + 1), Name: st.name, DurationMonths: st.months, CompletionRate: st.completion, DropoutRate: st.dropout})
		}
	}
}
