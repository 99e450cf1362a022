// Package auth holds the API's bearer tokens: a tokens file that stores
// only SHA-256 hashes of the tokens (base64url, no padding), each with an
// id, a role and a scope of municipality codes, and the check of a
// presented token against it.
//
// A token is 32 random bytes, base64url-encoded; it is shown once, when it
// is made, and never stored. Its hash is compared with every stored hash
// in constant time, so the time a check takes says nothing about which
// hash came close.
//
// Roles:
//
//	planner        datasets, scenarios and forecasts of the municipalities in scope
//	officer        matchings; candidate-level results only within scope
//	admin          everything, including uploads; scope may be "*"
//	administrator  a municipal training administrator: the training
//	               participants now in the municipalities in scope
//	participant    one training participant, its id in the entry's
//	               subject: its own journey only; no scope
//
// The file is JSON, or YAML when its name ends in .yaml or .yml. Writes go
// through a temporary file that is renamed into place, with mode 0600.
package auth
