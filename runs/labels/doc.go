// Package labels gives the human names of the codes a run speaks in:
// roles, services, care areas, levers and gap drivers, in Swedish (the
// default) and English.
//
// Codes are the data's own: a dataset may define roles this package does
// not know, and then the caller's fallback (the dataset's name column)
// or the code itself is shown. The CLI's tables, the spreadsheet, the
// charts and the web page all take their words from here, so a role is
// called the same everywhere.
package labels
