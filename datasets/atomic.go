package datasets

import "io"

// WriteFileAtomic writes what encode writes to path through a temporary
// file in the same directory that is renamed into place only when encode
// and the write succeed: a reader never sees a half-written file.
func WriteFileAtomic(path string, encode func(w io.Writer) error) error {
	return writeAtomic(path, encode)
}
