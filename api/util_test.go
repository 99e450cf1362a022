package api

import (
	"encoding/json"
	"strconv"
)

func itoa(i int) string                   { return strconv.Itoa(i) }
func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
