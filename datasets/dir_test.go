package datasets

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWriteDirReadFS(t *testing.T) {
	dir := t.TempDir() + "/bundle" // WriteDir creates it
	want := testBundle()
	if err := WriteDir(dir, want); err != nil {
		t.Fatal(err)
	}
	if n := len(dirNames(t, dir)); n != len(bundleDatasets) {
		t.Errorf("%d files, want %d", n, len(bundleDatasets))
	}
	got, err := ReadFS(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bundle differs after a round trip")
	}
	if err := Check(got); err != nil {
		t.Error(err)
	}
}

func TestWriteDirSkipsEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := WriteDir(dir, &Bundle{Regions: testBundle().Regions}); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); !reflect.DeepEqual(names, []string{"regions.parquet"}) {
		t.Errorf("files %v, want only regions.parquet", names)
	}
}

func csvBytes[T any](t *testing.T, rows []T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := EncodeCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadFS(t *testing.T) {
	b := testBundle()
	regions := &fstest.MapFile{Data: encodeT(t, b.Regions)}
	t.Run("csv when no parquet", func(t *testing.T) {
		got, err := ReadFS(fstest.MapFS{
			"regions.csv":        {Data: csvBytes(t, b.Regions)},
			"population.parquet": {Data: encodeT(t, b.Population)},
			"roles.csv":          {Data: csvBytes(t, b.Roles)},
			"notes.txt":          {Data: []byte("ignored")},
		})
		if err != nil {
			t.Fatal(err)
		}
		want := &Bundle{Regions: b.Regions, Population: b.Population, Roles: b.Roles}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("parquet before csv", func(t *testing.T) {
		got, err := ReadFS(fstest.MapFS{
			"regions.parquet":    regions,
			"population.parquet": {Data: encodeT(t, b.Population)},
			"population.csv":     {Data: []byte("not read")},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Population) != len(b.Population) {
			t.Errorf("%d population rows", len(got.Population))
		}
	})
	t.Run("regions required", func(t *testing.T) {
		_, err := ReadFS(fstest.MapFS{"population.parquet": {Data: encodeT(t, b.Population)}})
		wantRowError(t, err, ErrMissingFile, "regions.parquet", 0, "")
	})
	t.Run("every bad file", func(t *testing.T) {
		_, err := ReadFS(fstest.MapFS{
			"regions.parquet":    regions,
			"population.parquet": {Data: []byte("no parquet")},
			"roles.csv":          {Data: []byte("role,name\n")},
		})
		if !errors.Is(err, ErrNotParquet) || !errors.Is(err, ErrMissingColumn) {
			t.Errorf("error %v, want both files' problems", err)
		}
		for _, name := range []string{"population.parquet", "roles.csv"} {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name %s", err, name)
			}
		}
	})
}
