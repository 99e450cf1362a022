package auth

import (
	"os"
	"syscall"
	"time"
)

// changeTime is the file's status change time, which every write, rename
// and chmod moves and no user call sets back.
func changeTime(st os.FileInfo) time.Time {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return time.Unix(s.Ctim.Sec, s.Ctim.Nsec)
	}
	return time.Time{}
}
