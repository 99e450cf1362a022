package runs

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func writeFiles(files map[string]string) func(string) error {
	return func(stage string) error {
		for name, body := range files {
			p := filepath.Join(stage, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				return err
			}
		}
		return nil
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			b, _ := os.ReadFile(p)
			out = append(out, rel+"="+string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestWriteDirNew(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "runs", "r1")
	if err := WriteDir(dir, 0o700, writeFiles(map[string]string{"a.parquet": "A", "charts/b.png": "B"})); err != nil {
		t.Fatal(err)
	}
	if got, want := listDir(t, dir), []string{"a.parquet=A", "charts/b.png=B"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if ents, _ := os.ReadDir(filepath.Join(root, "runs")); len(ents) != 1 {
		t.Errorf("staging left behind: %v", ents)
	}
}

func TestWriteDirExisting(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "out")
	if err := writeFiles(map[string]string{"keep.txt": "K", "a.parquet": "old", "charts/b.png": "old"})(dir); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, 0o755, writeFiles(map[string]string{"a.parquet": "A", "charts/b.png": "B"})); err != nil {
		t.Fatal(err)
	}
	// The user's other files stay; the run's files are replaced.
	if got, want := listDir(t, dir), []string{"a.parquet=A", "charts/b.png=B", "keep.txt=K"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if ents, _ := os.ReadDir(root); len(ents) != 1 {
		t.Errorf("staging left behind: %v", ents)
	}
}

func TestWriteDirFailureLeavesNothing(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "r2")
	boom := errors.New("boom")
	err := WriteDir(dir, 0o700, func(stage string) error {
		if err := writeFiles(map[string]string{"a.parquet": "A"})(stage); err != nil {
			return err
		}
		return boom // a later file fails: nothing of the run may appear
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
	if ents, _ := os.ReadDir(root); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
}
