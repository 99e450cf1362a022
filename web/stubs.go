package web

import (
	"net/http"

	"github.com/caregap/caregap/web/session"
)

func (h *Handler) todo(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.fail(w, r, s, http.StatusNotImplemented, "not yet")
}

func (h *Handler) comparePage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) downloadWorkbook(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) downloadCSV(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) downloadComparisonCSV(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) builderPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) builderValidate(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) builderYAML(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) builderRun(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) startMatching(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) matchingPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) matchingStatus(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
func (h *Handler) candidatePage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.todo(w, r, s)
}
