package pipeline

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/forecast"
)

// TestSumCoder: the coder round-trips any values, and refuses a length
// that is not a whole number of int64 values.
func TestSumCoder(t *testing.T) {
	for _, v := range [][]int64{nil, {0}, {1, -1, 1 << 62, -1 << 63, 1<<63 - 1}} {
		got, err := decodeSum(encodeSum(Sum{V: v}))
		if err != nil || !slices.Equal(got.V, v) || len(encodeSum(Sum{V: v})) != 8*len(v) {
			t.Errorf("%v: decoded %v, %v", v, got.V, err)
		}
	}
	if _, err := decodeSum(make([]byte, 7)); err == nil || !strings.Contains(err.Error(), "7 bytes") {
		t.Errorf("7 bytes: %v", err)
	}
}

// TestAddIntoLeavesInputs: the combine never writes to an input the
// runner holds, and adds exactly.
func TestAddIntoLeavesInputs(t *testing.T) {
	a, b := Sum{V: []int64{1, 2}}, Sum{V: []int64{10, 20}}
	acc := addInto(addInto(Sum{}, a), b)
	if !slices.Equal(acc.V, []int64{11, 22}) || !slices.Equal(a.V, []int64{1, 2}) || !slices.Equal(b.V, []int64{10, 20}) {
		t.Errorf("sum %v, inputs %v %v", acc.V, a.V, b.V)
	}
}

// TestNationalRefuses: the national step names the scenario and draw of
// a draw missing, repeated, out of range or of another shape.
func TestNationalRefuses(t *testing.T) {
	syn := &synthetic{Seed: 3, Scenarios: []string{"base"}, Regions: []string{"a", "b"}, Roles: []string{"r1"}, Years: 2, N: 3}
	spec, _ := json.Marshal(syn)
	f := &nationalFn{Source: Source{Kind: "synthetic", Spec: spec}}
	if err := f.Setup(context.Background()); err != nil {
		t.Fatal(err)
	}
	vec := func() []int64 { return make([]int64, 2*2) }
	for _, c := range []struct {
		name  string
		draws []Drawn
		want  string
	}{
		{"missing", []Drawn{{0, vec()}, {2, vec()}}, "draw 1 is missing"},
		{"twice", []Drawn{{0, vec()}, {0, vec()}, {1, vec()}}, "draw 0 is out of range or twice"},
		{"range", []Drawn{{3, vec()}}, "draw 3 is out of range"},
		{"shape", []Drawn{{0, make([]int64, 3)}}, "3 summed values"},
	} {
		t.Run(c.name, func(t *testing.T) {
			i := 0
			iter := func(d *Drawn) bool {
				if i == len(c.draws) {
					return false
				}
				*d, i = c.draws[i], i+1
				return true
			}
			err := f.ProcessElement(context.Background(), 0, iter, func(forecast.Band) {})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "scenario base") {
				t.Errorf("error %v, want one naming scenario base and %q", err, c.want)
			}
		})
	}
}

// TestSourceUnknownKind: a worker binary without the plan's kind says so.
func TestSourceUnknownKind(t *testing.T) {
	_, err := Open(context.Background(), Source{Kind: "nope"})
	if err == nil || !strings.Contains(err.Error(), `no plan kind "nope"`) {
		t.Errorf("error %v", err)
	}
}
