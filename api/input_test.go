package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
)

// defaultFile returns the embedded default's Parquet file of dataset name.
func defaultFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fsReadFile(name + ".parquet")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fsReadFile(name string) ([]byte, error) {
	f, err := defaultdata.FS().Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// TestAPIBadInput sends every kind of bad request and checks its status,
// its problem type and that the store did not change.
func TestAPIBadInput(t *testing.T) {
	ta := newTestAPI(t, func(d *Deps) { d.BodyLimit = 4 << 10; d.UploadLimit = 64 << 10 })
	regions := defaultFile(t, "regions")
	big := bytes.Repeat([]byte(" "), 8<<10)
	cases := []struct {
		name, method, path, who, ctype string
		body                           []byte
		status                         int
		kind                           Kind
	}{
		{"malformed JSON", "POST", "/v1/forecasts", "planner", "application/json", []byte(`{"scenarios":[`), 400, KindValidation},
		{"empty body", "POST", "/v1/forecasts", "planner", "application/json", nil, 400, KindValidation},
		{"unknown field", "POST", "/v1/forecasts", "planner", "application/json", []byte(`{"scenario":["base"]}`), 400, KindValidation},
		{"wrong type", "POST", "/v1/forecasts", "planner", "application/json", []byte(`{"to_year":"2040"}`), 400, KindValidation},
		{"trailing data", "POST", "/v1/forecasts", "planner", "application/json", []byte(`{} {}`), 400, KindValidation},
		{"year out of range", "POST", "/v1/forecasts", "planner", "application/json", []byte(`{"to_year":1800}`), 400, KindValidation},
		{"unknown scenario", "POST", "/v1/forecasts", "planner", "application/json", []byte(`{"scenarios":["nope"]}`), 400, KindValidation},
		{"unknown dataset", "POST", "/v1/forecasts", "planner", "application/json", []byte(`{"dataset":"nope"}`), 400, KindValidation},
		{"traversal dataset", "POST", "/v1/forecasts", "planner", "application/json", []byte(`{"dataset":"../../etc"}`), 400, KindValidation},
		{"oversized JSON", "POST", "/v1/forecasts", "planner", "application/json", append([]byte(`{"regions":["1480"]`), big...), 413, KindPayloadTooLarge},
		{"scenario bad YAML", "POST", "/v1/scenarios", "planner", "application/yaml", []byte("name: x\nlevers: [\n"), 400, KindValidation},
		{"scenario unknown key", "POST", "/v1/scenarios", "planner", "application/yaml", []byte("name: x\nlevres: []\n"), 400, KindValidation},
		{"scenario unknown lever", "POST", "/v1/scenarios", "planner", "application/json", []byte(`{"name":"x","levers":[{"lever":"magic","start_year":2025,"target_year":2030}]}`), 400, KindValidation},
		{"scenario traversal name", "POST", "/v1/scenarios", "planner", "application/yaml", []byte("name: ../../etc/passwd\n"), 400, KindValidation},
		{"scenario shipped name", "POST", "/v1/scenarios", "planner", "application/yaml", []byte("name: base\n"), 409, KindConflict},
		{"scenario extends unknown", "POST", "/v1/scenarios", "planner", "application/yaml", []byte("name: x\nextends: [nope]\n"), 400, KindValidation},
		{"scenario media type", "POST", "/v1/scenarios", "planner", "text/plain", []byte("name: x\n"), 415, KindUnsupportedType},
		{"upload not Parquet", "PUT", "/v1/datasets/up/files/regions", "admin", mediaParquet, []byte("hello, not parquet"), 400, KindValidation},
		{"upload wrong schema", "PUT", "/v1/datasets/up/files/population", "admin", mediaParquet, regions, 400, KindValidation},
		{"upload unknown name", "PUT", "/v1/datasets/up/files/passwd", "admin", mediaParquet, regions, 400, KindValidation},
		{"upload traversal id", "PUT", "/v1/datasets/..%2F..%2Fetc/files/regions", "admin", mediaParquet, regions, 404, KindNotFound},
		{"upload dotted id", "PUT", "/v1/datasets/a.b/files/regions", "admin", mediaParquet, regions, 400, KindValidation},
		{"upload default", "PUT", "/v1/datasets/default/files/regions", "admin", mediaParquet, regions, 409, KindConflict},
		{"upload oversized", "PUT", "/v1/datasets/up/files/regions", "admin", mediaParquet, bytes.Repeat([]byte("x"), 65<<10), 413, KindPayloadTooLarge},
		{"unknown job", "GET", "/v1/forecasts/fc_0123456789abcdef", "planner", "", nil, 404, KindNotFound},
		{"traversal job", "GET", "/v1/forecasts/..%2F..%2Fcatalog.db", "planner", "", nil, 404, KindNotFound},
		{"unknown scenario get", "GET", "/v1/scenarios/nope", "planner", "", nil, 404, KindNotFound},
		{"unknown dataset get", "GET", "/v1/datasets/nope", "planner", "", nil, 404, KindNotFound},
		{"unknown file", "GET", "/v1/datasets/default/files/..%2Fcatalog", "planner", "", nil, 404, KindNotFound},
		{"unknown route", "GET", "/v1/nothing", "planner", "", nil, 404, KindNotFound},
		{"bad token", "GET", "/v1/scenarios", "nobody", "", nil, 401, KindUnauthorized},
	}
	before := ta.snapshot()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hdr := []string{}
			if c.ctype != "" {
				hdr = append(hdr, "Content-Type", c.ctype)
			}
			r := ta.do(c.method, c.path, c.who, bytes.NewReader(c.body), hdr...)
			if r.code != c.status {
				t.Fatalf("%d, want %d: %s", r.code, c.status, r.body)
			}
			p := r.problem(t)
			if p.Type != TypeURI(c.kind) {
				t.Errorf("type %s, want %s", p.Type, TypeURI(c.kind))
			}
			if strings.Contains(p.Detail, ta.dir) {
				t.Errorf("detail leaks the data directory: %s", p.Detail)
			}
		})
	}
	if after := ta.snapshot(); after != before {
		t.Errorf("the store changed:\n%s\nwas\n%s", after, before)
	}
}

// TestAPIUploadAndScenario accepts a good upload and scenario and runs a
// forecast with them.
func TestAPIUploadAndScenario(t *testing.T) {
	ta := newTestAPI(t, nil)
	for _, sc := range datasets.Schemas() {
		if _, ok := fileKinds[sc.Name]; !ok {
			continue
		}
		data, err := fsReadFile(sc.File)
		if err != nil {
			continue // the default lacks optional files
		}
		r := ta.do("PUT", "/v1/datasets/mine/files/"+sc.Name, "admin", bytes.NewReader(data), "Content-Type", mediaParquet)
		if r.code != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", sc.Name, r.code, r.body)
		}
	}
	r := ta.do("GET", "/v1/datasets/mine", "planner", nil)
	if r.code != http.StatusOK || !bytes.Contains(r.body, []byte(`"state":"valid"`)) {
		t.Fatalf("describe: %d %s", r.code, r.body)
	}
	body := "name: quick\ndescription: full time sooner\nextends: [base]\nlevers:\n  - lever: employment_rate\n    level: 0.95\n    start_year: 2025\n    target_year: 2027\n"
	if r := ta.do("POST", "/v1/scenarios", "planner", strings.NewReader(body), "Content-Type", "application/yaml"); r.code != http.StatusCreated {
		t.Fatalf("create scenario: %d %s", r.code, r.body)
	}
	if r := ta.do("POST", "/v1/scenarios", "planner", strings.NewReader(body), "Content-Type", "application/yaml"); r.code != http.StatusConflict {
		t.Errorf("create twice: %d, want 409", r.code)
	}
	j := ta.forecast("planner", `{"dataset":"mine","scenarios":["base","quick"],"to_year":2030,"decomposition":false}`)
	if j.Status != "succeeded" {
		t.Fatalf("forecast: %s %s", j.Status, j.Error)
	}
	c := ta.do("GET", "/v1/forecasts/"+j.ID+"/comparison?year=2030", "planner", nil, "Accept", "text/csv")
	if c.code != http.StatusOK || !bytes.Contains(c.body, []byte("2030,quick,assistant_nurse,")) {
		t.Errorf("comparison: %d %s", c.code, c.body)
	}
}

// TestAPIResultFormats fetches one result as JSON pages, CSV, Parquet and
// Arrow, and checks the Arrow writer releases every buffer.
func TestAPIResultFormats(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	ta := newTestAPI(t, func(d *Deps) { d.Alloc = mem })
	j := ta.forecast("planner", small(""))
	url := "/v1/forecasts/" + j.ID + "/results?year=2030"
	pq := ta.do("GET", url, "planner", nil, "Accept", mediaParquet)
	rows, err := datasets.Read[datasets.Forecast](bytes.NewReader(pq.body), int64(len(pq.body)), "forecast.parquet")
	if err != nil {
		t.Fatalf("parquet: %v", err)
	}
	csvR := ta.do("GET", url, "planner", nil, "Accept", "text/csv")
	back, err := datasets.ReadCSV[datasets.Forecast](bytes.NewReader(csvR.body), "forecast.csv")
	if err != nil || len(back) != len(rows) {
		t.Fatalf("csv: %d rows, %v; parquet %d", len(back), err, len(rows))
	}
	ar := ta.do("GET", url, "planner", nil, "Accept", mediaArrow)
	if ar.hdr.Get("Content-Type") != mediaArrow {
		t.Fatalf("arrow: %d %s", ar.code, ar.hdr.Get("Content-Type"))
	}
	rd, err := ipc.NewReader(bytes.NewReader(ar.body), ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rd.Next() {
		n += int(rd.RecordBatch().NumRows())
	}
	rd.Release()
	if n != len(rows) {
		t.Errorf("arrow: %d rows, want %d", n, len(rows))
	}
	mem.AssertSize(t, 0)

	// JSON pages cover the rows once.
	seen := 0
	for off := 0; ; {
		var p page
		r := ta.do("GET", url+"&limit=3&offset="+itoa(off), "planner", nil)
		if err := jsonUnmarshal(r.body, &p); err != nil {
			t.Fatal(err)
		}
		seen += len(p.Items)
		if p.NextOffset == nil {
			break
		}
		off = *p.NextOffset
	}
	if seen != len(rows) {
		t.Errorf("JSON pages: %d rows, want %d", seen, len(rows))
	}
	if r := ta.do("GET", url, "planner", nil, "Accept", "image/png"); r.code != http.StatusNotAcceptable {
		t.Errorf("Accept image/png: %d, want 406", r.code)
	}
}

// TestAPIQueueFull: beyond the queue's capacity POST answers 429 with
// Retry-After and records nothing.
func TestAPIQueueFull(t *testing.T) {
	ta := newTestAPI(t, nil)
	block := make(chan struct{})
	defer close(block)
	for i := 0; i < 5; i++ { // one running, four waiting: see newTestAPI
		for i == 1 && ta.queue.Running() == 0 {
			time.Sleep(time.Millisecond)
		}
		if err := ta.queue.Submit(itoa(i), func(ctx context.Context) { <-block }); err != nil {
			t.Fatal(err)
		}
	}
	before := ta.snapshot()
	r := ta.do("POST", "/v1/forecasts", "planner", strings.NewReader(small("")))
	if r.code != http.StatusTooManyRequests || r.hdr.Get("Retry-After") == "" {
		t.Fatalf("%d, Retry-After %q; want 429 with Retry-After", r.code, r.hdr.Get("Retry-After"))
	}
	if r.problem(t).Type != TypeURI(KindTooManyRequests) {
		t.Error("wrong problem type")
	}
	if ta.snapshot() != before {
		t.Error("a refused job was recorded")
	}
}
