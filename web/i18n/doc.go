// Package i18n holds every string of the page in Swedish, the default,
// and English, in one catalogue (catalog.go), and formats numbers the
// way each language writes them (Swedish: 1 234,5; English: 1,234.5).
//
// Names of roles, services, levers and drivers are not here: they come
// from runs/labels, shared with the command's spreadsheet and charts.
// A test checks that every key has both languages and that every key the
// templates use exists.
package i18n
