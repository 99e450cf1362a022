package engine

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEngineImportsNoIO keeps the core free of IO: no package under
// engine/ may depend, directly or not, on HTTP, SQL, files formats or the
// project's own outer packages.
func TestEngineImportsNoIO(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{"net/http", "database/sql", "github.com/gin-gonic/", "github.com/parquet-go/",
		"github.com/apache/arrow", "go.yaml.in/", "github.com/caregap/caregap/datasets",
		"github.com/caregap/caregap/api", "github.com/caregap/caregap/cmd"}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if strings.HasPrefix(dep, f) {
				t.Errorf("engine depends on %s", dep)
			}
		}
	}
}
