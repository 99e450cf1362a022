package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/web/i18n"
	"github.com/caregap/caregap/web/session"
)

// Cookies of the page.
const (
	cookieSession = "caregap_session" // the session id
	cookieSignin  = "caregap_signin"  // the sign-in form's CSRF nonce
	cookieLang    = "caregap_lang"    // sv or en
)

// csrfField is the name of the CSRF token in forms; htmx sends it as
// csrfHeader.
const (
	csrfField  = "csrf"
	csrfHeader = "X-CSRF-Token"
)

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
}

// langOf is the page's language: ?lang= first, then the cookie, then
// Swedish.
func langOf(r *http.Request) labels.Lang {
	if l, ok := labels.ParseLang(r.URL.Query().Get("lang")); ok {
		return l
	}
	if c, err := r.Cookie(cookieLang); err == nil {
		if l, ok := labels.ParseLang(c.Value); ok {
			return l
		}
	}
	return labels.SV
}

// rememberLang keeps a ?lang= choice in a cookie for a year.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	if l, ok := labels.ParseLang(r.URL.Query().Get("lang")); ok {
		http.SetCookie(w, &http.Cookie{Name: cookieLang, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	}
}

// sessionOf returns the request's live session.
func (h *Handler) sessionOf(r *http.Request) (*session.Session, bool) {
	c, err := r.Cookie(cookieSession)
	if err != nil || c.Value == "" {
		return nil, false
	}
	return h.sessions.Get(c.Value)
}

// Roles of the views.
var (
	plannerRoles = []string{"planner", "admin"}
	officerRoles = []string{"officer", "admin"}
)

type handlerFunc func(w http.ResponseWriter, r *http.Request, s *session.Session)

// signedIn wraps a view: it needs a live session whose role is one of
// roles (none: any), and for every method but GET and HEAD the session's
// CSRF token in the form field or the header. Without a session the
// browser goes to the sign-in page; a role that may not use the view gets
// 404, as for a page that does not exist.
func (h *Handler) signedIn(fn handlerFunc, roles ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rememberLang(w, r)
		s, ok := h.sessionOf(r)
		if !ok {
			to := "/ui/signin"
			if r.Method == http.MethodGet && r.URL.Path != "/" && !isHTMX(r) {
				to += "?next=" + urlQueryEscape(r.URL.RequestURI())
			}
			if isHTMX(r) {
				w.Header().Set("HX-Redirect", to)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			_ = r.ParseForm() // the handlers read r.PostForm
			got := r.Header.Get(csrfHeader)
			if got == "" {
				got = r.PostFormValue(csrfField)
			}
			if !s.Check(got) {
				h.fail(w, r, s, http.StatusForbidden, i18n.T(langOf(r), "error.csrf"))
				return
			}
		}
		if len(roles) > 0 && !slices.Contains(roles, s.Role) {
			h.fail(w, r, s, http.StatusNotFound, i18n.T(langOf(r), "error.notfound"))
			return
		}
		fn(w, r, s)
	}
}

type signinData struct {
	Next string
}

// signinForm shows the sign-in form with a fresh nonce.
func (h *Handler) signinForm(w http.ResponseWriter, r *http.Request) {
	rememberLang(w, r)
	if _, ok := h.sessionOf(r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.showSignin(w, r, http.StatusOK, "")
}

func (h *Handler) showSignin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	nonce := session.Random()
	setCookie(w, r, cookieSignin, nonce, 3600)
	v := h.newView(r, nil, i18n.T(langOf(r), "signin.title"), "")
	v.CSRF = h.sessions.AnonToken(nonce)
	v.Error = msg
	v.Data = signinData{Next: safeNext(r.FormValue("next"))}
	h.render(w, status, "signin", "", v)
}

// safeNext keeps a local path of the page only, so that the sign-in
// never redirects elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") || !Owns(strings.SplitN(next, "?", 2)[0]) {
		return "/"
	}
	return next
}

// signin checks the token with the API's whoami and starts a session.
func (h *Handler) signin(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	c, err := r.Cookie(cookieSignin)
	if err != nil || !h.sessions.CheckAnon(c.Value, r.PostFormValue(csrfField)) {
		h.showSignin(w, r, http.StatusForbidden, i18n.T(lang, "error.csrf"))
		return
	}
	token := strings.TrimSpace(r.PostFormValue("token"))
	if token == "" {
		h.showSignin(w, r, http.StatusBadRequest, i18n.T(lang, "signin.empty"))
		return
	}
	var who struct {
		ID    string   `json:"id"`
		Role  string   `json:"role"`
		Scope []string `json:"scope"`
	}
	a, err := h.call(r.Context(), &session.Session{Token: token}, http.MethodGet, "/v1/whoami", nil, nil, "", "")
	if err == nil && a.Status == http.StatusForbidden {
		// The training roles are not admitted to whoami: their token is
		// checked by the training routes (training.go).
		if role, scope, ok := h.trainingWho(r.Context(), token); ok {
			a, who.Role, who.Scope = &apiResult{Status: http.StatusOK, Body: []byte("{}")}, role, scope
		}
	}
	if err != nil || !a.OK() || a.Decode(&who) != nil {
		// Slow down guessing a little; a token has 256 random bits.
		time.Sleep(200 * time.Millisecond)
		h.showSignin(w, r, http.StatusUnauthorized, i18n.T(lang, "signin.refused"))
		return
	}
	if old, ok := h.sessionOf(r); ok {
		h.sessions.End(old.ID)
	}
	s := h.sessions.Start(token, who.ID, who.Role, who.Scope)
	setCookie(w, r, cookieSession, s.ID, 0)
	setCookie(w, r, cookieSignin, "", -1)
	next := safeNext(r.PostFormValue("next"))
	if next == "/" {
		// The training roles start on their own page.
		next = startOf(who.Role)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// signout ends the session.
func (h *Handler) signout(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.sessions.End(s.ID)
	setCookie(w, r, cookieSession, "", -1)
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", "/ui/signin")
		return
	}
	http.Redirect(w, r, "/ui/signin", http.StatusSeeOther)
}
