// Package scb imports the population registers of Statistics Sweden (SCB)
// from CSV exports of Statistikdatabasen (PxWeb).
//
// Three tables are recognised by the content code of their value columns:
//
//	BE0101N1  population on 31 December by region, marital status, age
//	          and sex (TAB638)                       → datasets.Population
//	BE0101D8  deaths during the year by region, age at the end of the
//	          year and sex (TAB959)                  → datasets.Deaths
//	BE0101E2  live births by region, mother's age and child's sex
//	          (TAB1264)                              → datasets.Births
//
// An export is wide: key columns (Region, Civilstand, Alder or AlderModer,
// Kon) followed by one value column per year named "<content code>
// <year>". The header decides the table and the position of every column,
// so columns may come in any order. Rows are mapped as follows:
//
//   - Kon 1 is "M" and Kon 2 is "F" (for births, the child's sex).
//   - Marital statuses (OG, G, SK, ÄNKL) are summed.
//   - Ages are whole years; an open top group such as "100+" or "105+" and
//     any age above 100 go to age 100 (100 and over). Mothers' ages are
//     folded into 15..49: "-14" and younger count as 15, "49+" and older
//     as 49, as the births schema requires.
//   - Region "00" is Sweden as a whole; it is dropped unless
//     Options.KeepNational is set. A region written as "2580 Luleå" keeps
//     its code.
//
// Input is read with encoding/csv, so quoted or unquoted fields and LF or
// CRLF line endings are accepted, and a UTF-8 byte order mark is skipped.
// Bad input never panics: Read returns a *datasets.RowError naming the
// file, line and column, which wraps one of the rule sentinels of package
// datasets (datasets.ErrSyntax, ErrEnum, ErrRange, ErrDuplicate, ...), or
// ErrUnknownTable when the header is not one of the three tables.
package scb
