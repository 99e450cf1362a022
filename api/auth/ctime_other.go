//go:build !linux

package auth

import (
	"os"
	"time"
)

// changeTime is not available here: reloads go by identity, size and
// modification time only.
func changeTime(os.FileInfo) time.Time { return time.Time{} }
