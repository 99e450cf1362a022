package defaultdata

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// TestTrainingFiles checks that the embedded training files hold
// SynthesizeTraining's rows; -update rewrites them.
func TestTrainingFiles(t *testing.T) {
	want := SynthesizeTraining()
	if *update {
		dir := filepath.Join("data", "training")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := datasets.WriteTrainingDir(dir, want); err != nil {
			t.Fatal(err)
		}
	}
	got, err := datasets.ReadTrainingFS(os.DirFS(filepath.Join("data", "training")))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Programmes, want.Programmes) || !reflect.DeepEqual(got.Sites, want.Sites) ||
		!reflect.DeepEqual(got.Participants, want.Participants) || !reflect.DeepEqual(got.Completions, want.Completions) ||
		!reflect.DeepEqual(got.Certificates, want.Certificates) || !reflect.DeepEqual(got.Transfers, want.Transfers) {
		t.Fatal("data/training differs from SynthesizeTraining; rewrite it with go test ./datasets/defaultdata -run TestTrainingFiles -update")
	}
}
