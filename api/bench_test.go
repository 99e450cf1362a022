package api

import (
	"net/http"
	"testing"
)

// BenchmarkAPIHotPaths measures the two routes of the wrk benchmark
// (benchmarks/api) in process, for profiling:
//
//	go test -run '^$' -bench APIHotPaths -cpuprofile cpu.out ./api
func BenchmarkAPIHotPaths(b *testing.B) {
	ta := newTestAPI(&testing.T{}, nil)
	fc := ta.forecast("planner", `{"scenarios":["base","full-time"],"regions":["`+inScope+`"],"to_year":2040}`)
	mt := ta.runJob("/v1/matchings", "admin", matchingBody("flow", inScope, outScope))
	for _, c := range []struct{ name, who, path string }{
		{"placement", "officer", "/v1/matchings/" + mt.ID + "/candidates/C1480-0001"},
		{"results", "planner", "/v1/forecasts/" + fc.ID + "/results?region=" + inScope + "&role=assistant_nurse&year=2030"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := ta.do("GET", c.path, c.who, nil); r.code != http.StatusOK {
					b.Fatalf("%d %s", r.code, r.body)
				}
			}
		})
	}
}
