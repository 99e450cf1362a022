package auth_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/caregap/caregap/api/auth"
)

// A planner's token is made, saved (only its hash reaches the file) and
// checked by a Keyring, which stops admitting it once it is revoked.
func Example() {
	dir, err := os.MkdirTemp("", "tokens")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "tokens.json")

	f := &auth.File{}
	tok, e, err := f.Add(auth.Planner, []string{"0301"}, time.Now())
	if err != nil {
		panic(err)
	}
	if err := auth.Save(path, f); err != nil {
		panic(err)
	}

	k, err := auth.NewKeyring(path)
	if err != nil {
		panic(err)
	}
	p, err := k.Authenticate(tok)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Role, p.InScope("0301"), p.InScope("4601"))

	if err := f.Revoke(e.ID); err != nil {
		panic(err)
	}
	if err := auth.Save(path, f); err != nil {
		panic(err)
	}
	_, err = k.Authenticate(tok)
	fmt.Println(err)
	// Output:
	// planner true false
	// unknown token
}
