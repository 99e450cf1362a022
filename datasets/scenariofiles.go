package datasets

import (
	"bytes"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// ScenarioFiles is a directory of scenario files held in memory: file
// name ("care-push.yaml") to content. It is an fs.FS for a ScenarioLoader
// over scenarios kept somewhere other than files, such as a catalog. The
// directory is flat: names with a slash are not found. Files are
// read-only (mode 0444) and have no modification time; the map must not
// change while a file is open.
type ScenarioFiles map[string][]byte

var _ fs.FS = ScenarioFiles(nil)

// Open opens the file name, or "." for the directory of all the files.
func (m ScenarioFiles) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		names := make([]string, 0, len(m))
		for n := range m {
			if fs.ValidPath(n) && n != "." && !strings.Contains(n, "/") {
				names = append(names, n)
			}
		}
		slices.Sort(names)
		d := &scenarioDir{entries: make([]fs.DirEntry, len(names))}
		for i, n := range names {
			d.entries[i] = fs.FileInfoToDirEntry(scenarioInfo{n, int64(len(m[n]))})
		}
		return d, nil
	}
	data, ok := m[name]
	if !ok || strings.Contains(name, "/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &scenarioFile{info: scenarioInfo{name, int64(len(data))}, r: bytes.NewReader(data)}, nil
}

// scenarioFile is an open file of ScenarioFiles.
type scenarioFile struct {
	info scenarioInfo
	r    *bytes.Reader
}

func (f *scenarioFile) Stat() (fs.FileInfo, error)                { return f.info, nil }
func (f *scenarioFile) Read(b []byte) (int, error)                { return f.r.Read(b) }
func (f *scenarioFile) ReadAt(b []byte, off int64) (int, error)   { return f.r.ReadAt(b, off) }
func (f *scenarioFile) Seek(off int64, whence int) (int64, error) { return f.r.Seek(off, whence) }
func (f *scenarioFile) Close() error                              { return nil }

// scenarioDir is the open directory of ScenarioFiles.
type scenarioDir struct {
	entries []fs.DirEntry
	off     int
}

func (d *scenarioDir) Stat() (fs.FileInfo, error) { return scenarioInfo{name: "."}, nil }
func (d *scenarioDir) Close() error               { return nil }

func (d *scenarioDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}

// ReadDir returns the next n entries, or all the rest when n <= 0, as
// fs.ReadDirFile says.
func (d *scenarioDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return slices.Clone(rest[:n]), nil
}

// scenarioInfo describes a file of ScenarioFiles, or the directory when
// name is ".".
type scenarioInfo struct {
	name string
	size int64
}

func (i scenarioInfo) Name() string       { return i.name }
func (i scenarioInfo) Size() int64        { return i.size }
func (i scenarioInfo) ModTime() time.Time { return time.Time{} }
func (i scenarioInfo) IsDir() bool        { return i.name == "." }
func (i scenarioInfo) Sys() any           { return nil }

func (i scenarioInfo) Mode() fs.FileMode {
	if i.IsDir() {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
