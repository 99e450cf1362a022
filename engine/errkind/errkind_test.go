package errkind_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/caregap/caregap/engine/errkind"
)

// located is a typed error in the manner of datasets.RowError: it locates
// a problem and wraps the rule it breaks.
type located struct {
	File string
	Err  error
}

func (e *located) Error() string      { return e.File + ": " + e.Err.Error() }
func (e *located) Unwrap() error      { return e.Err }
func (e *located) Kind() errkind.Kind { return errkind.BadInput }

// delegating is a typed error whose kind is that of what it wraps, in the
// manner of match.VerifyError.
type delegating struct{ Err error }

func (e *delegating) Error() string { return "check: " + fmt.Sprint(e.Err) }
func (e *delegating) Unwrap() error { return e.Err }

func (e *delegating) Kind() errkind.Kind { return errkind.Of(e.Err) }

var (
	errRange   = errkind.New(errkind.BadInput, "out of range")
	errMissing = errkind.New(errkind.NotFound, "not found")
	errStored  = errkind.New(errkind.Internal, "stored result unreadable")
	errClosed  = errkind.New(errkind.Unavailable, "queue closed")
)

func TestNewKeepsTextAndIdentity(t *testing.T) {
	a := errkind.New(errkind.BadInput, "missing value")
	b := errkind.New(errkind.BadInput, "missing value")
	if a.Error() != "missing value" {
		t.Errorf("text %q, want %q", a.Error(), "missing value")
	}
	if errors.Is(a, b) || errors.Is(b, a) {
		t.Error("two sentinels with the same kind and text are the same error")
	}
	w := fmt.Errorf("row 3: %w", a)
	if !errors.Is(w, a) || errors.Is(w, b) {
		t.Error("errors.Is does not compare by identity")
	}
	if w.Error() != "row 3: missing value" {
		t.Errorf("wrapped text %q", w.Error())
	}
}

func TestOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want errkind.Kind
	}{
		{"nil", nil, errkind.None},
		{"unknown", errors.New("disk on fire"), errkind.Internal},
		{"io", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, errkind.Internal},
		{"sentinel", errRange, errkind.BadInput},
		{"wrapped", fmt.Errorf("a: %w", fmt.Errorf("b: %w", errMissing)), errkind.NotFound},
		{"located", &located{"x.parquet", errRange}, errkind.BadInput},
		{"located io", &located{"x.parquet", fs.ErrClosed}, errkind.BadInput},
		{"outer decides", &located{"x.parquet", errClosed}, errkind.BadInput},
		{"delegating", &delegating{errClosed}, errkind.Unavailable},
		{"delegating nil", &delegating{nil}, errkind.Internal},
		{"join order", errors.Join(errStored, &located{"x.parquet", errRange}), errkind.Internal},
		{"join unknown first", errors.Join(errors.New("x"), errMissing), errkind.NotFound},
		{"multi %w", fmt.Errorf("%w: %w", errors.New("x"), errRange), errkind.BadInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errkind.Of(tt.err); got != tt.want {
				t.Errorf("Of = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	// The kinds the caller can fix: the 4xx statuses of the API.
	byCaller := map[errkind.Kind]bool{
		errkind.BadInput: true, errkind.NotFound: true, errkind.Conflict: true,
		errkind.Unauthorized: true, errkind.Forbidden: true, errkind.TooManyRequests: true,
		errkind.TooLarge: true, errkind.NotAcceptable: true,
	}
	ks := errkind.Kinds()
	if len(ks) != 10 || ks[0] != errkind.Internal {
		t.Fatalf("Kinds() = %v, want 10 kinds, Internal first", ks)
	}
	var zero errkind.Kind
	if zero != errkind.Internal {
		t.Errorf("zero Kind is %v, want internal", zero)
	}
	seen := map[string]bool{}
	for _, k := range ks {
		s := k.String()
		if s == "" || seen[s] {
			t.Errorf("kind %d: name %q empty or repeated", int(k), s)
		}
		seen[s] = true
		if got := k.ByCaller(); got != byCaller[k] {
			t.Errorf("%v.ByCaller() = %v, want %v", k, got, byCaller[k])
		}
		if got := errkind.Of(errkind.New(k, "x")); got != k {
			t.Errorf("Of(New(%v)) = %v", k, got)
		}
	}
	if errkind.None.ByCaller() || errkind.None.String() != "none" {
		t.Errorf("None: ByCaller %v, String %q", errkind.None.ByCaller(), errkind.None.String())
	}
	if s := errkind.Kind(99).String(); s != "Kind(99)" {
		t.Errorf("Kind(99).String() = %q", s)
	}
}

func TestNewPanicsOnUndeclarableKind(t *testing.T) {
	for _, k := range []errkind.Kind{errkind.None, errkind.Kind(99)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%v) did not panic", k)
				}
			}()
			_ = errkind.New(k, "x")
		}()
	}
}

func ExampleOf() {
	errHorizon := errkind.New(errkind.BadInput, "forecast horizon")
	err := fmt.Errorf("region 1480: %w", errHorizon)
	fmt.Println(err)
	fmt.Println(errors.Is(err, errHorizon), errkind.Of(err), errkind.Of(err).ByCaller())
	fmt.Println(errkind.Of(errors.New("disk full")), errkind.Of(nil))
	// Output:
	// region 1480: forecast horizon
	// true bad-input true
	// internal none
}
