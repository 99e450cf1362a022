package scb_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// TestTestdataChecksums holds the real exports in testdata to the bytes
// SCB published (the hashes of testdata/README.md): a line-ending
// conversion or an edit fails here, not as a puzzling back-test drift.
func TestTestdataChecksums(t *testing.T) {
	want := map[string]string{
		"population_2006_2024.csv":     "577c3ae18fec77c1709034e333d14a9d2b2ddcbb3fc402f9c75a5709f596d21a",
		"deaths_pre2025.csv":           "5558551e8675bcaefb05718b79bbb6633b2e0f0c250f134d14d005c83cbd4c2c",
		"births_pre2025.csv":           "2c19f2d1e90c5a0ede54a478ce834d6b3aa96861f7fa4ee44615e24e080c7930",
		"national_forecast_detail.csv": "606ec61f2a38d2ea379afa08356c1a8f564d1c7902e97e68f08847091c5e33ad",
	}
	for name, sum := range want {
		b, err := os.ReadFile(filepath.Join(realDir, name))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if got := hex.EncodeToString(h[:]); got != sum {
			t.Errorf("%s: sha256 %s, want %s (see testdata/README.md)", name, got, sum)
		}
	}
}
