package defaultdata

import "math"

// regionPyramid spreads spec.persons over age and sex: the national
// structure nat, weighted by the region's tilt and students terms (see
// regionSpec), scaled to the region's total.
func regionPyramid(nat *pyramid, spec *regionSpec) pyramid {
	var p pyramid
	var sum float64
	for a := range numAges {
		x := (float64(a) - 23) / 4
		w := math.Exp(spec.tilt*(float64(a)-40)/40) * (1 + spec.students*math.Exp(-x*x))
		for s := range numSex {
			p[s][a] = nat[s][a] * w
			sum += p[s][a]
		}
	}
	k := spec.persons / sum
	for s := range numSex {
		for a := range numAges {
			p[s][a] *= k
		}
	}
	return p
}

// migrationProfile is the assumed age profile of net migration, summing to
// 1 over both sexes: most moves happen at 20-30 (studies, first jobs),
// some at 30-40 with children, few after 50. Men are 51 % (assumption:
// slightly more men among immigrants of working age).
func migrationProfile() pyramid {
	var p pyramid
	var sum float64
	for a := range numAges {
		x, y := (float64(a)-25)/5, (float64(a)-34)/8
		w := math.Exp(-x*x) + 0.3*math.Exp(-y*y)
		if a < 15 {
			w += 0.12 * math.Exp(-float64(a)/6) // children moving with parents
		}
		w += 0.01 * math.Exp(-float64(max(a-50, 0))/15)
		p[0][a], p[1][a] = 0.51*w, 0.49*w
		sum += w
	}
	for s := range numSex {
		for a := range numAges {
			p[s][a] /= sum
		}
	}
	return p
}
