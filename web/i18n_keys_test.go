package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/caregap/caregap/web/i18n"
)

// Every message key the templates and the Go files name is in the
// catalogue; keys built with printf are checked by their known values.
func TestMessageKeysExist(t *testing.T) {
	lit := regexp.MustCompile(`\bT "([a-z0-9_.-]+)"|\.T\("([a-z0-9_.-]+)"`)
	seen := 0
	check := func(name, src string) {
		for _, m := range lit.FindAllStringSubmatch(src, -1) {
			k := m[1] + m[2]
			seen++
			if !i18n.Has(k) {
				t.Errorf("%s: key %q not in the catalogue", name, k)
			}
		}
	}
	_ = fs.WalkDir(files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(files, p)
			check(p, string(b))
		}
		return nil
	})
	gos, _ := filepath.Glob("*.go")
	for _, g := range gos {
		if strings.HasSuffix(g, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(g)
		check(g, string(b))
	}
	if seen < 100 {
		t.Errorf("only %d keys found: the pattern no longer matches", seen)
	}
	for _, prefix := range []string{"status.", "role.", "profile.", "field.", "lever.desc."} {
		var dyn []string
		switch prefix {
		case "status.":
			dyn = []string{"queued", "running", "cancelling", "cancelled", "succeeded", "failed"}
		case "role.":
			dyn = []string{"planner", "officer", "admin"}
		case "profile.":
			dyn = []string{"step", "linear", "front-loaded", "back-loaded"}
		case "field.":
			dyn = []string{"level", "change", "scale", "years", "share", "per_year"}
		case "lever.desc.":
			for k := range leverSpecs {
				dyn = append(dyn, string(k))
			}
		}
		for _, d := range dyn {
			if !i18n.Has(prefix + d) {
				t.Errorf("key %q not in the catalogue", prefix+d)
			}
		}
	}
}
