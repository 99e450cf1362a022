package api

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
)

// fuzzProblem fails unless an answer is a success or a problem document
// of a 4xx status whose detail is in the project's words.
func fuzzProblem(t *testing.T, input []byte, code int, body []byte) {
	t.Helper()
	if code < 400 {
		return
	}
	if code >= 500 {
		t.Fatalf("%q: %d %s", input, code, body)
	}
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil || p.Status != code {
		t.Fatalf("%q: not a problem: %d %s", input, code, body)
	}
	if m := libraryWords.FindString(p.Detail); m != "" && !strings.Contains(string(input), m) {
		t.Fatalf("%q: library wording %q: %s", input, m, p.Detail)
	}
}

// FuzzAPICreateScenario: any body POSTed as a scenario answers 201 or a
// 4xx problem in the project's words; never a 5xx or a panic.
//
//	go test ./api -run '^$' -fuzz FuzzAPICreateScenario -fuzztime 60s
func FuzzAPICreateScenario(f *testing.F) {
	for _, n := range scenarios.Names {
		data, err := scenarios.FS.ReadFile(n + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bytes.Replace(data, []byte("name: "+n), []byte("name: c-"+n), 1), false)
	}
	f.Add([]byte(`{"name":"j","levers":[{"lever":"use_rate","scale":0.9,"start_year":2026,"target_year":2030}]}`), true)
	f.Add([]byte("name: x\nlevers: [abc]\n"), false)
	ta := newTestAPI(f, nil)
	f.Fuzz(func(t *testing.T, body []byte, asJSON bool) {
		ctype := "application/yaml"
		if asJSON {
			ctype = "application/json"
		}
		req := httptest.NewRequest("POST", "/v1/scenarios", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+ta.tokens["planner"])
		req.Header.Set("Content-Type", ctype)
		w := httptest.NewRecorder()
		ta.router.ServeHTTP(w, req)
		fuzzProblem(t, body, w.Code, w.Body.Bytes())
		if w.Code == 201 { // keep the catalog small: each name once
			var d scenarioDetail
			_ = json.Unmarshal(w.Body.Bytes(), &d)
			del := httptest.NewRequest("DELETE", "/v1/scenarios/"+d.Name, nil)
			del.Header.Set("Authorization", "Bearer "+ta.tokens["planner"])
			ta.router.ServeHTTP(httptest.NewRecorder(), del)
		}
	})
}

// FuzzAPIUpload: any body uploaded as a dataset file answers 201 or a 4xx
// problem in the project's words.
func FuzzAPIUpload(f *testing.F) {
	ta := newTestAPI(f, nil)
	for _, name := range []string{"regions", "roles", "care_staffing"} {
		data, err := fsReadFile(name + ".parquet")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, data)
		f.Add(name, data[:len(data)/2])
	}
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		if _, ok := fileKinds[name]; !ok {
			name = "regions"
		}
		req := httptest.NewRequest("PUT", "/v1/datasets/fz/files/"+name, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+ta.tokens["admin"])
		req.Header.Set("Content-Type", mediaParquet)
		w := httptest.NewRecorder()
		ta.router.ServeHTTP(w, req)
		fuzzProblem(t, body, w.Code, w.Body.Bytes())
	})
}

// FuzzAPIJobRequests: any body POSTed to the job routes answers 202 or a
// 4xx problem; only the decoders and checks run (a full queue answers
// 429, which is fine).
func FuzzAPIJobRequests(f *testing.F) {
	ta := newTestAPI(f, func(d *Deps) { d.Limits.Years = 3; d.Limits.Draws = 1 })
	for _, s := range []string{`{"scenarios":["base"],"to_year":2026}`, `{"from":2024,"to":2026}`, `{"solver":"flow"}`, `null`, `{"draws":-1}`} {
		f.Add(uint8(0), []byte(s))
	}
	paths := []string{"/v1/forecasts", "/v1/populations", "/v1/matchings"}
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		path := paths[int(route)%len(paths)]
		who := "planner"
		if path == "/v1/matchings" {
			who = "officer"
		}
		req := httptest.NewRequest("POST", path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+ta.tokens[who])
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		ta.router.ServeHTTP(w, req)
		fuzzProblem(t, body, w.Code, w.Body.Bytes())
	})
}
