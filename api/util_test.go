package api

import (
	"encoding/json"
	"strconv"
)

func itoa(i int) string                   { return strconv.Itoa(i) }
func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// page is the shape of a JSON answer of table rows, as
// datasets.AppendJSONPage writes it and clients read it.
type page struct {
	Columns    []string         `json:"columns"`
	Items      []map[string]any `json:"items"`
	Total      int              `json:"total"`
	Limit      int              `json:"limit"`
	Offset     int              `json:"offset"`
	NextOffset *int             `json:"next_offset"`
}
