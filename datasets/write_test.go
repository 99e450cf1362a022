package datasets

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteAtomic(t *testing.T) {
	good := []Population{pop(80, "F", 10), pop(81, "F", 2.5)}
	bad := []Population{pop(80, "F", 10), pop(81, "F", -1)}
	for _, tc := range []struct {
		name  string
		file  string
		write func(path string, rows []Population) error
		read  func(path string) ([]Population, error)
	}{
		{"parquet", "population.parquet", WriteParquet[Population], func(path string) ([]Population, error) {
			return ReadFile[Population](os.DirFS(filepath.Dir(path)), filepath.Base(path))
		}},
		{"csv", "population.csv", WriteCSV[Population], func(path string) ([]Population, error) {
			return ReadFile[Population](os.DirFS(filepath.Dir(path)), filepath.Base(path))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			if err := tc.write(path, good); err != nil {
				t.Fatal(err)
			}
			// A failed write leaves the old file whole and no temporary file.
			err := tc.write(path, bad)
			wantRowError(t, err, ErrRange, tc.file, 2, "persons")
			if names := dirNames(t, dir); !reflect.DeepEqual(names, []string{tc.file}) {
				t.Errorf("files %v after a failed write, want only %s", names, tc.file)
			}
			got, err := tc.read(path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, good) {
				t.Errorf("got %v, want %v", got, good)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, want 0644", st.Mode().Perm())
			}
		})
	}
}

func TestWriteMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "population.parquet")
	err := WriteParquet(path, []Population{pop(80, "F", 1)})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, want fs.ErrNotExist", err)
	}
}

// TestEncodeCSVFloats checks the header and that floats are written in
// their shortest exact form.
func TestEncodeCSVFloats(t *testing.T) {
	rows := []Population{pop(0, "M", 0.1), pop(1, "M", 1.0/3), pop(2, "M", 1e-7), pop(3, "M", 123456.125), pop(4, "M", 5e-21)}
	var b bytes.Buffer
	if err := EncodeCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := "region,year,age,sex,persons\n" +
		"1480,2024,0,M,0.1\n" +
		"1480,2024,1,M,0.3333333333333333\n" +
		"1480,2024,2,M,1e-07\n" +
		"1480,2024,3,M,123456.125\n" +
		"1480,2024,4,M,5e-21\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestEncodeCSVQuotes(t *testing.T) {
	rows := []Region{{Region: "1480", Name: `Göteborg, "city"`, Group: "a\nb"}}
	roundTrip(t, rows)
}

func TestEncodeParquetEmpty(t *testing.T) {
	data := encodeT(t, []Population{})
	_, err := readBytes[Population](data, "population.parquet")
	if !errors.Is(err, ErrEmpty) {
		t.Errorf("error %v, want ErrEmpty", err)
	}
}
