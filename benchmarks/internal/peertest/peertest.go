// Package peertest decides what a test does when a peer of the
// side-by-side benchmarks is missing.
package peertest

import (
	"errors"
	"os"
	"testing"

	"github.com/caregap/caregap/benchmarks/internal/peer"
)

// Require stops the test if err is not nil: a missing peer
// (peer.ErrMissing) skips it, except under CI=true, where every peer must
// be installed (`make peers` does it) and a missing one fails the test;
// any other error fails it.
func Require(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if errors.Is(err, peer.ErrMissing) && os.Getenv("CI") != "true" {
		t.Skipf("%v (`make peers` installs it; with CI=true this fails)", err)
	}
	t.Fatal(err)
}
