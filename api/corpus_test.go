package api

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"io"
	"math"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/lz4"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

var updateCorpus = flag.Bool("update", false, "rewrite the expected details of testdata/badinput/cases.jsonl")

// corpusFile is the bad-input corpus: one JSON object a line, each a kind
// of bad input (kind http, parquet, csv), the status it must answer and,
// in says, the detail the caller reads (refreshed by -update).
const corpusFile = "testdata/badinput/cases.jsonl"

type badCase struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	Who    string `json:"who,omitempty"`
	Type   string `json:"type,omitempty"`
	Accept string `json:"accept,omitempty"`
	Body   string `json:"body,omitempty"`
	File   string `json:"file,omitempty"`
	Recipe string `json:"recipe,omitempty"`
	Status int    `json:"status"`
	Says   string `json:"says,omitempty"`
}

// libraryWords are signs of a library's or Go's own wording in a detail:
// Go type names, decoder vocabulary, panics.
var libraryWords = regexp.MustCompile(`(^|\s)(json|yaml|thrift|parquet): |(?i:thrift|unmarshal|reflect|invalid character|unexpected EOF|parquet-go|goroutine|panic|runtime error|strconv)|!!|\b(api|datasets|scenario|store|auth|parquet|format|time)\.[A-Z]\w*|\b(u?int(8|16|32|64)|float(32|64))\b|\[\]string|<nil>|%!`)

// TestAPIBadInputCorpus runs every case of the corpus: each answers its
// status with a problem document whose detail is in the project's words
// and, unless -update, equal to the recorded one.
func TestAPIBadInputCorpus(t *testing.T) {
	cases := readCorpus(t)
	if len(cases) < 150 {
		t.Fatalf("%d cases, want at least 150", len(cases))
	}
	ta := newTestAPI(t, nil)
	fc := ta.forecast("planner", `{"scenarios":["base"],"to_year":2027,"decomposition":false}`)
	names := map[string]bool{}
	for i := range cases {
		c := &cases[i]
		if names[c.Name] {
			t.Errorf("case %q twice", c.Name)
		}
		names[c.Name] = true
		var status int
		var detail string
		switch c.Kind {
		case "http":
			status, detail = runHTTPCase(t, ta, c, fc.ID)
			detail = strings.ReplaceAll(detail, fc.ID, "FC")
		case "parquet":
			data := parquetRecipe(t, c.File, c.Recipe)
			r := ta.do("PUT", "/v1/datasets/up/files/"+c.File, "admin", bytes.NewReader(data), "Content-Type", mediaParquet)
			status, detail = r.code, detailOf(t, r)
		case "csv":
			err := readCSVAs(c.File, c.Body)
			if err == nil {
				t.Errorf("%s: accepted", c.Name)
				continue
			}
			status = StatusOf(err)
			_, detail, _ = classify(err)
		default:
			t.Fatalf("%s: kind %q", c.Name, c.Kind)
		}
		if status != c.Status {
			t.Errorf("%s: status %d, want %d: %s", c.Name, status, c.Status, detail)
		}
		if m := libraryWords.FindString(detail); m != "" {
			t.Errorf("%s: detail in a library's words (%q): %s", c.Name, m, detail)
		}
		if detail == "" && c.Kind != "http" || (c.Kind == "http" && status >= 400 && detail == "") {
			t.Errorf("%s: no detail", c.Name)
		}
		if *updateCorpus {
			c.Says = detail
		} else if detail != c.Says {
			t.Errorf("%s: detail %q, want %q", c.Name, detail, c.Says)
		}
	}
	if *updateCorpus {
		var b bytes.Buffer
		for _, c := range cases {
			line, _ := json.Marshal(c)
			b.Write(line)
			b.WriteByte('\n')
		}
		if err := os.WriteFile(corpusFile, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readCorpus(t *testing.T) []badCase {
	f, err := os.Open(corpusFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []badCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c badCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s line %d: %v", corpusFile, len(out)+1, err)
		}
		out = append(out, c)
	}
	return out
}

func detailOf(t *testing.T, r resp) string {
	if r.code < 400 {
		return ""
	}
	return r.problem(t).Detail
}

func runHTTPCase(t *testing.T, ta *testAPI, c *badCase, fc string) (int, string) {
	path := strings.ReplaceAll(c.Path, "FC", fc)
	var body io.Reader
	if c.Body != "" || c.Method == "POST" || c.Method == "PUT" {
		body = strings.NewReader(c.Body)
	}
	var hdr []string
	if c.Type != "" {
		hdr = append(hdr, "Content-Type", c.Type)
	}
	if c.Accept != "" {
		hdr = append(hdr, "Accept", c.Accept)
	}
	who := c.Who
	if who == "bogus" {
		hdr = append(hdr, "Authorization", "Bearer not-a-token")
		who = ""
	}
	r := ta.do(c.Method, path, who, body, hdr...)
	return r.code, detailOf(t, r)
}

// readCSVAs reads body as the CSV form of dataset file.
func readCSVAs(file, body string) error {
	r := strings.NewReader(body)
	var err error
	switch file {
	case "population":
		_, err = datasets.ReadCSV[datasets.Population](r, "population.csv")
	case "death_rates":
		_, err = datasets.ReadCSV[datasets.DeathRate](r, "death_rates.csv")
	case "roles":
		_, err = datasets.ReadCSV[datasets.Role](r, "roles.csv")
	case "care_staffing":
		_, err = datasets.ReadCSV[datasets.CareStaffing](r, "care_staffing.csv")
	default:
		panic("corpus: no CSV reader for " + file)
	}
	return err
}

// parquetRecipe builds the bytes of a Parquet case: the default's file
// of dataset file, damaged as recipe says, or rows written as recipe
// "rows:..." says.
func parquetRecipe(t *testing.T, file, recipe string) []byte {
	t.Helper()
	op, arg, _ := strings.Cut(recipe, ":")
	base := func() []byte { return defaultFile(t, file) }
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	footer := func(b []byte) (start, n int) {
		n = int(binary.LittleEndian.Uint32(b[len(b)-8:]))
		return len(b) - 8 - n, n
	}
	switch op {
	case "empty":
		return nil
	case "text":
		return []byte(arg)
	case "truncate":
		return base()[:atoi(arg)]
	case "half":
		b := base()
		return b[:len(b)/2]
	case "tail":
		b := base()
		return b[:len(b)-atoi(arg)]
	case "flip":
		b := base()
		i := atoi(arg)
		if i < 0 {
			i += len(b)
		}
		b[i] ^= 0xff
		return b
	case "zero":
		b := base()
		off, n, _ := strings.Cut(arg, ":")
		clear(b[atoi(off) : atoi(off)+atoi(n)])
		return b
	case "footerlen":
		b := base()
		binary.LittleEndian.PutUint32(b[len(b)-8:], uint32(atoi(arg)))
		return b
	case "flipfooter":
		b := base()
		s, _ := footer(b)
		b[s+atoi(arg)] ^= 0xff
		return b
	case "zerofooter":
		b := base()
		s, n := footer(b)
		clear(b[s : s+n])
		return b
	case "footerrows": // the footer claims 2^40 rows
		b := base()
		s, n := footer(b)
		var md format.FileMetaData
		if err := thrift.Unmarshal(new(thrift.CompactProtocol), b[s:s+n], &md); err != nil {
			t.Fatal(err)
		}
		md.NumRows = 1 << 40
		for i := range md.RowGroups {
			md.RowGroups[i].NumRows = 1 << 40
		}
		enc, err := thrift.Marshal(new(thrift.CompactProtocol), &md)
		if err != nil {
			t.Fatal(err)
		}
		out := append(append([]byte{}, b[:s]...), enc...)
		out = binary.LittleEndian.AppendUint32(out, uint32(len(enc)))
		return append(out, "PAR1"...)
	case "file":
		return defaultFile(t, arg)
	case "rows":
		return badRows(t, arg)
	}
	t.Fatalf("recipe %q", recipe)
	return nil
}

func writeRows[T any](t *testing.T, rows []T, opts ...parquet.WriterOption) []byte {
	t.Helper()
	var b bytes.Buffer
	w := parquet.NewGenericWriter[T](&b, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func badRows(t *testing.T, what string) []byte {
	pop := func(mod func(*datasets.Population)) []byte {
		r := datasets.Population{Region: "1480", Year: 2024, Age: 0, Sex: "M", Persons: 10}
		mod(&r)
		return writeRows(t, []datasets.Population{r})
	}
	type noPersons struct {
		Region string `parquet:"region"`
		Year   int32  `parquet:"year"`
		Age    int32  `parquet:"age"`
		Sex    string `parquet:"sex"`
	}
	type personsAs[T any] struct {
		Region  string `parquet:"region"`
		Year    int32  `parquet:"year"`
		Age     int32  `parquet:"age"`
		Sex     string `parquet:"sex"`
		Persons T      `parquet:"persons,optional"`
	}
	switch what {
	case "nopersons":
		return writeRows(t, []noPersons{{"1480", 2024, 0, "M"}})
	case "persons_string":
		return writeRows(t, []personsAs[string]{{"1480", 2024, 0, "M", "ten"}})
	case "persons_int64":
		return writeRows(t, []personsAs[int64]{{"1480", 2024, 0, "M", 10}})
	case "persons_null":
		return writeRows(t, []personsAs[*float64]{{"1480", 2024, 0, "M", nil}})
	case "persons_negative":
		return pop(func(r *datasets.Population) { r.Persons = -1 })
	case "persons_1e308":
		return pop(func(r *datasets.Population) { r.Persons = 1e308 })
	case "persons_nan":
		return pop(func(r *datasets.Population) { r.Persons = math.NaN() })
	case "region_path":
		return pop(func(r *datasets.Population) { r.Region = "../../x" })
	case "region_empty":
		return pop(func(r *datasets.Population) { r.Region = "" })
	case "sex_x":
		return pop(func(r *datasets.Population) { r.Sex = "X" })
	case "age_101":
		return pop(func(r *datasets.Population) { r.Age = 101 })
	case "year_1800":
		return pop(func(r *datasets.Population) { r.Year = 1800 })
	case "duplicate":
		r := datasets.Population{Region: "1480", Year: 2024, Age: 0, Sex: "M", Persons: 10}
		return writeRows(t, []datasets.Population{r, r})
	case "none":
		return writeRows(t, []datasets.Population{})
	case "rate_2":
		return writeRows(t, []datasets.DeathRate{{Region: "1480", Year: 2024, Age: 0, Sex: "M", Rate: 2}})
	case "fte_1e9":
		return writeRows(t, []datasets.CareStaffing{{Region: "1480", Service: "home_care", FTEPerUser: 1e9}})
	case "share_negative":
		return writeRows(t, []datasets.RoleShare{{Region: "1480", Service: "home_care", Role: "nurse", Share: -0.5}})
	case "band_reversed":
		return writeRows(t, []datasets.CareUse{{Region: "1480", Service: "home_care", AgeFrom: 80, AgeTo: 65, Sex: "M", Rate: 0.1}})
	case "lz4":
		return writeRows(t, []datasets.Region{{Region: "1480", Name: "Göteborg", Group: "x"}}, parquet.Compression(&lz4.Codec{}))
	}
	t.Fatalf("rows %q", what)
	return nil
}

var _ = http.StatusOK
