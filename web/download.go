package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/caregap/caregap/web/session"
)

// The downloads of a forecast: every row in the caller's scope as CSV
// (the API's CSV, as GET /v1/forecasts/{id}/results sends it), the
// comparison by scenario and role as CSV, and the spreadsheet
// (workbook.go). Each chart downloads as PNG and SVG from the browser
// (app.js).

// sendAPI streams the API's answer to path as a file download.
func (h *Handler) sendAPI(w http.ResponseWriter, r *http.Request, s *session.Session, path string, q url.Values, accept, filename string) {
	a, err := h.call(r.Context(), s, http.MethodGet, path, q, nil, "", accept)
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if !a.OK() {
		h.failAPI(w, r, s, &apiError{Status: a.Status, Detail: a.Detail()})
		return
	}
	w.Header().Set("Content-Type", accept+"; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	_, _ = w.Write(a.Body)
}

func (h *Handler) downloadCSV(w http.ResponseWriter, r *http.Request, s *session.Session) {
	id := r.PathValue("id")
	h.sendAPI(w, r, s, "/v1/forecasts/"+url.PathEscape(id)+"/results", nil, "text/csv", "caregap-"+safeFile(id)+".csv")
}

func (h *Handler) downloadComparisonCSV(w http.ResponseWriter, r *http.Request, s *session.Session) {
	id := r.PathValue("id")
	q := url.Values{}
	name := "caregap-" + safeFile(id) + "-comparison"
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		q.Set("year", strconv.Itoa(y))
		name += "-" + strconv.Itoa(y)
	}
	if reg := r.URL.Query().Get("region"); reg != "" {
		q.Set("region", reg)
		name += "-" + safeFile(reg)
	}
	h.sendAPI(w, r, s, "/v1/forecasts/"+url.PathEscape(id)+"/comparison", q, "text/csv", name+".csv")
}

// safeFile keeps the letters, digits, '-' and '_' of s, for a file name.
func safeFile(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < 64; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b = append(b, c)
		}
	}
	return string(b)
}
