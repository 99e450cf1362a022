package errkind

import (
	"errors"
	"strconv"
)

// Kind is the class of an error. The zero value is Internal.
type Kind int

// Kinds of errors. The order is not part of the API.
const (
	// Internal: a bug or a failure the caller cannot fix (I/O, a solver
	// that breaks its contract). The zero value, and the kind of an error
	// that declares none.
	Internal Kind = iota
	// BadInput: data, a scenario, a flag or a request field the caller
	// gave breaks a rule.
	BadInput
	// NotFound: the object the caller named does not exist (or is not
	// the caller's to see).
	NotFound
	// Conflict: the object exists already, or its state forbids the
	// change.
	Conflict
	// Unauthorized: the caller did not prove who it is.
	Unauthorized
	// Forbidden: the caller may not do this.
	Forbidden
	// TooManyRequests: the caller asks more than is served at once; it
	// may retry later.
	TooManyRequests
	// TooLarge: the caller's input exceeds a size limit.
	TooLarge
	// NotAcceptable: the caller asks for a representation that is not
	// offered.
	NotAcceptable
	// Unavailable: the service cannot serve now (shutting down, a needed
	// program absent); retry later or elsewhere.
	Unavailable

	numKinds = iota
)

// None is the kind Of returns for a nil error: no error, no kind. It is
// not a kind an error may declare.
const None Kind = -1

var names = [numKinds]string{
	Internal:        "internal",
	BadInput:        "bad-input",
	NotFound:        "not-found",
	Conflict:        "conflict",
	Unauthorized:    "unauthorized",
	Forbidden:       "forbidden",
	TooManyRequests: "too-many-requests",
	TooLarge:        "too-large",
	NotAcceptable:   "not-acceptable",
	Unavailable:     "unavailable",
}

// Kinds returns every kind an error may declare, Internal first.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// String returns the kind's name, for example "bad-input"; "none" for
// None.
func (k Kind) String() string {
	switch {
	case k == None:
		return "none"
	case k >= 0 && k < numKinds:
		return names[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// ByCaller reports whether errors of kind k are the caller's to fix: true
// for every kind but Internal, Unavailable and None. The API answers
// these with a 4xx status, the command line with exit status 2.
func (k Kind) ByCaller() bool {
	return k > Internal && k < numKinds && k != Unavailable
}

// kindError is a sentinel that carries its kind.
type kindError struct {
	kind Kind
	text string
}

func (e *kindError) Error() string { return e.text }

// Kind returns the kind the sentinel was declared with.
func (e *kindError) Kind() Kind { return e.kind }

// New returns a sentinel error of kind k whose text is text. Each call
// returns a distinct error, as errors.New does, so errors.Is compares
// sentinels by identity. It panics if k is not a declarable kind (None or
// out of range), a bug of the caller.
func New(k Kind, text string) error {
	if k < 0 || k >= numKinds {
		panic("errkind: New with kind " + k.String())
	}
	return &kindError{kind: k, text: text}
}

// Of returns the kind of err: that of the first error in err's tree, in
// the order of errors.As, with a method Kind() Kind; Internal if none has
// one; None if err is nil. A Kind method that answers None or a kind out
// of range counts as Internal.
func Of(err error) Kind {
	if err == nil {
		return None
	}
	var k interface{ Kind() Kind }
	if errors.As(err, &k) {
		if kk := k.Kind(); kk >= 0 && kk < numKinds {
			return kk
		}
	}
	return Internal
}
