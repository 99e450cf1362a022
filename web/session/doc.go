// Package session keeps the page's signed-in sessions in memory, on the
// server: a random session id (32 bytes from crypto/rand, base64url) is
// all the browser holds, in an HttpOnly, SameSite=Strict cookie; the API
// token, the role and the scope stay here and never reach the page.
//
// A session ends when its owner signs out, when it has been idle for
// Settings.Idle [30 min] or when it is older than Settings.Max [12 h],
// whichever comes first. Signing in always starts a new session (a new
// id and a new CSRF token), so an id planted before the sign-in is worth
// nothing after it.
//
// Each session carries a CSRF token that every form and every htmx
// request sends back (a hidden field, or the X-CSRF-Token header); Check
// compares it in constant time.
package session
