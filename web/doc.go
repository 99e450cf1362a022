// Package web is the page at / of caregap serve: a server-rendered front
// end (html/template and htmx, charts drawn by Apache ECharts) for
// municipal planners and employment officers, in Swedish by default and
// in English.
//
// It is a front end of the API, not a second back end. Every handler that
// reads or starts something calls the API's own http.Handler in process,
// with the signed-in user's token as "Authorization: Bearer", so roles,
// municipality scopes, limits, validation messages and jobs are exactly
// the API's (apicall.go). The page keeps only sessions (package
// web/session): the token stays on the server, the browser holds a random
// session id in an HttpOnly, SameSite=Strict cookie (Secure over TLS).
// Every form carries the session's CSRF token, htmx sends it as the
// X-CSRF-Token header, and every request other than GET and HEAD without
// it is refused with 403.
//
// Routes: / (the start page of the role), /ui/... (the views and their
// htmx fragments and downloads) and /static/... (the embedded CSS and
// JavaScript, ECharts and htmx included: nothing is fetched from the
// internet). Every other path is the API's. Pages are sent with a
// Content-Security-Policy that allows scripts from the server only (no
// inline script), frame-ancestors 'none', X-Content-Type-Options nosniff
// and Referrer-Policy no-referrer.
//
// What a role may not use is not on the page: planners see forecasts,
// goal seeks, scenarios, municipalities in their scope and training
// counts; a training administrator sees the participants of their
// municipalities, a participant their own journey; officers see matchings,
// placements and the equality report of their municipalities and nothing
// of another's; an admin sees both.
//
// Strings are in the catalogue of web/i18n; names of roles, services,
// levers and drivers come from runs/labels.
package web
