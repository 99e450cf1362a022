package match

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package free of IO: the standard library minus
// os, net and io/fs, gonum, and the engine's own packages, which
// engine/imports_test.go fences in turn (STYLE.md, rule 1).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first := strings.Split(path, "/")[0]
			switch {
			case strings.HasPrefix(path, "gonum.org/v1/gonum/"), strings.HasPrefix(path, "github.com/caregap/caregap/engine/"):
			case strings.Contains(first, "."):
				t.Errorf("%s imports %s: engine/ imports the standard library and gonum only", name, path)
			case first == "os" || first == "net" || path == "io/fs" || first == "syscall":
				t.Errorf("%s imports %s: no IO in engine/", name, path)
			}
		}
	}
}
