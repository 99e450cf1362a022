package runs

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteDir writes a run directory so that no reader ever sees half of it:
// write fills a fresh staging directory beside dir (same file system), and
// only when it returns nil do the files move into dir. A dir that does not
// exist yet appears whole in one rename; into an existing dir (a user's
// --out folder) each file moves by its own rename, so every file is whole
// and files of the same name are replaced. When write fails, or ctx-like
// cancellation makes it return an error, the staging directory is removed
// and dir is left as it was.
//
// perm is the mode of the directories created (0o755 for the command's
// --out, 0o700 for the server's private run directories).
func WriteDir(dir string, perm fs.FileMode, write func(stage string) error) (err error) {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, perm|0o700); err != nil {
		return err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	stage := filepath.Join(parent, "."+filepath.Base(dir)+".tmp-"+hex.EncodeToString(b[:]))
	if err := os.Mkdir(stage, perm); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(stage)
		}
	}()
	if err := write(stage); err != nil {
		return err
	}
	if err := os.Rename(stage, dir); err == nil {
		return nil
	} else if _, serr := os.Stat(dir); serr != nil {
		return err // the rename failed for another reason than an existing dir
	}
	if err := moveInto(stage, dir, perm); err != nil {
		return err
	}
	return os.RemoveAll(stage)
}

// moveInto renames every file under stage to the same place under dir.
func moveInto(stage, dir string, perm fs.FileMode) error {
	return filepath.WalkDir(stage, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(stage, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			if err := os.MkdirAll(target, perm); err != nil {
				return err
			}
			return nil
		}
		if st, err := os.Stat(target); err == nil && st.IsDir() {
			return fmt.Errorf("write %s: a directory of that name is in the way", target)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return os.Rename(path, target)
	})
}
