package training

import "time"

// Date returns the ISO date of day number d (days since 1970-01-01), or
// "-" for NoDay.
func Date(d int) string {
	if d == NoDay {
		return "-"
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
}

// Day returns the day number of a date.
func Day(t time.Time) int { return int(t.Unix() / 86400) }
