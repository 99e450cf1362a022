package web

import (
	"bytes"
	"net/http"

	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/caregap/caregap/web/session"
)

// downloadWorkbook sends the forecast as the planner's spreadsheet
// (forecastrun.WriteWorkbook: a summary sheet, one sheet per
// municipality, the drivers, the uncertainty, number formats, frozen
// headers, filters and role names in the page's language). The API
// decides first whether the caller sees the job (a job is visible only
// when every municipality it ran is in the caller's scope); only then is
// the run directory read.
func (h *Handler) downloadWorkbook(w http.ResponseWriter, r *http.Request, s *session.Session) {
	lang := langOf(r)
	j, err := h.jobOf(r, s, "forecasts", r.PathValue("id"))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if !j.Succeeded() || h.opt.RunDir == nil {
		h.fail(w, r, s, http.StatusConflict, h.newView(r, s, "", "").T("dl.notready"))
		return
	}
	b, err := forecastrun.ReadBook(h.opt.RunDir(j.ID))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if d := h.defaults(); d != nil {
		b.Regions, b.Roles = d.Regions, d.Roles
	}
	var buf bytes.Buffer
	if err := forecastrun.WriteWorkbook(&buf, b, lang); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="caregap-`+safeFile(j.ID)+`.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}
