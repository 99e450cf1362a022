// Package errkind is the one classification of caregap's errors: every
// sentinel and typed error of the module says, where it is declared, which
// kind of failure it is, and every front end (the HTTP API, the command
// line) answers from that kind alone, so the two cannot disagree.
//
// # Kinds
//
// A Kind says who can act on an error. BadInput, NotFound, Conflict,
// Unauthorized, Forbidden, TooManyRequests, TooLarge and NotAcceptable
// are the caller's to fix (Kind.ByCaller reports true): the API answers
// them with a 4xx status and the command line exits with status 2.
// Unavailable (retry later) and Internal (a bug or a failure of the
// machine) are not: the API answers 503 or 500, the command line exits
// with status 1. Internal is the zero Kind and the kind of every error
// that declares none, so an error nobody classified is never blamed on
// the caller.
//
// # Declaring and reading a kind
//
// A sentinel is declared with New, which keeps its text and its identity:
//
//	var ErrHorizon = errkind.New(errkind.BadInput, "forecast horizon")
//
// prints "forecast horizon", and errors.Is(err, ErrHorizon) holds for
// every error that wraps it. A typed error carries its kind with a method
// Kind() Kind; a located error such as *datasets.RowError returns
// BadInput, one that only wraps a sentinel may return the sentinel's kind.
//
// Of returns the kind of the first error in err's tree (errors.As order:
// err itself, then what it wraps, depth first) that has a Kind method. An
// outer error thus decides over what it wraps: a RowError wrapping an I/O
// failure is BadInput, and an internal sentinel joined in front of a
// dataset error (errors.Join(errStoredData, err)) is Internal.
//
// The package is pure standard library, like the rest of engine/: the
// HTTP statuses and exit statuses that kinds map to live in api/ and
// cmd/caregap.
package errkind
