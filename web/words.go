package web

import (
	"github.com/caregap/caregap/runs/matchrun"
)

// explanation is the API's explanation of one candidate's placement with
// the words a caseworker reads to the person in each language: the text
// of caregap match --explain (matchrun.Explanation.Words).
type explanation struct {
	matchrun.Explanation
	Words map[string]string `json:"words"`
}

// words is the explanation in the page's language: the API's words, or
// the explanation's own when the API sent none.
func (e *explanation) words(v *view) string {
	if w := e.Words[string(v.Lang)]; w != "" {
		return w
	}
	return e.Explanation.Words(v.Lang)
}
