package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/gin-gonic/gin"
)

// finished returns the job of the route's id that lookup lets the caller
// see, when it succeeded; otherwise it answers with a problem that names
// the job as noun and returns false.
func (s *server) finished(c *gin.Context, noun string, lookup func(context.Context, *auth.Principal, string) (*store.Job, error)) (*store.Job, bool) {
	j, err := lookup(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	if j.Run == nil {
		writeError(c, errorf(KindConflict, "%s %q is %s; results exist only for succeeded runs", noun, j.ID, j.Status))
		return nil, false
	}
	return j, true
}

// finishedRun returns the visible succeeded forecast or a problem.
func (s *server) finishedRun(c *gin.Context) (*store.Job, bool) {
	return s.finished(c, "forecast", s.job)
}

// readRun reads table name of run id, validated as datasets.Read does.
func readRun[T any](s *server, id, name string) ([]T, error) {
	f, err := os.Open(filepath.Join(s.Store.RunDir(id), name+".parquet"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	rows, err := datasets.Read[T](f, st.Size(), name+".parquet")
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", id, errors.Join(errInternalData, err))
	}
	return rows, nil
}

// errInternalData marks stored files that fail to read: the server's
// fault, not the caller's.
var errInternalData = errkind.New(errkind.Internal, "stored result unreadable")

type filters struct {
	scenario, region, role string
	year                   int
}

func readFilters(c *gin.Context) (filters, error) {
	f := filters{scenario: c.Query("scenario"), region: c.Query("region"), role: c.Query("role")}
	if v := c.Query("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 2100 {
			return f, errorf(KindValidation, "year %q: not a year", v)
		}
		f.year = y
	}
	return f, nil
}

func (f filters) keep(p *auth.Principal, scenario, region, role string, year int32) bool {
	return (region == forecast.AllRegions || p.InScope(region)) &&
		(f.scenario == "" || f.scenario == scenario) && (f.region == "" || f.region == region) &&
		(f.role == "" || f.role == role) && (f.year == 0 || int(f.year) == int(year))
}

func (s *server) forecastResults(c *gin.Context) {
	j, ok := s.finishedRun(c)
	if !ok {
		return
	}
	p := principal(c)
	f, err := readFilters(c)
	if err != nil {
		writeError(c, err)
		return
	}
	table := c.DefaultQuery("table", "forecast")
	if !slices.Contains(j.Run.Files, table) {
		writeError(c, errorf(KindValidation, "table %q: one of %v", table, j.Run.Files))
		return
	}
	switch table {
	case "forecast":
		ix, err := loadIndexed(s, j.ID, table, func(r *datasets.Forecast) string { return r.Region })
		if err != nil {
			writeError(c, err)
			return
		}
		writeTable(s, c, j.ID+"-"+table, ix.pick(f.region, func(r *datasets.Forecast) bool { return f.keep(p, r.Scenario, r.Region, r.Role, r.Year) }))
	case "decomposition":
		ix, err := loadIndexed(s, j.ID, table, func(r *datasets.GapDriver) string { return r.Region })
		if err != nil {
			writeError(c, err)
			return
		}
		writeTable(s, c, j.ID+"-"+table, ix.pick(f.region, func(r *datasets.GapDriver) bool { return f.keep(p, r.Scenario, r.Region, r.Role, r.Year) }))
	case "uncertainty":
		ix, err := loadIndexed(s, j.ID, table, func(r *datasets.GapBand) string { return r.Region })
		if err != nil {
			writeError(c, err)
			return
		}
		writeTable(s, c, j.ID+"-"+table, ix.pick(f.region, func(r *datasets.GapBand) bool { return f.keep(p, r.Scenario, r.Region, r.Role, r.Year) }))
	}
}

// indexed is a result table read once and kept in memory, with the
// indices of its rows per region so that a query of one region reads
// only those rows. Its rows are shared: callers must not modify them.
type indexed[T any] struct {
	rows     []T
	byRegion map[string][]int32
}

// loadIndexed returns table name of run id, read and indexed on first
// use and then served from memory (a finished run never changes).
func loadIndexed[T any](s *server, id, name string, region func(*T) string) (*indexed[T], error) {
	v, err := s.results.get(id+"/"+name, func() (any, error) {
		rows, err := readRun[T](s, id, name)
		if err != nil {
			return nil, err
		}
		ix := &indexed[T]{rows: rows, byRegion: map[string][]int32{}}
		for i := range rows {
			r := region(&rows[i])
			ix.byRegion[r] = append(ix.byRegion[r], int32(i))
		}
		return ix, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*indexed[T]), nil
}

// pick returns a new slice of the rows keep accepts, looking only at the
// rows of region when it is set.
func (ix *indexed[T]) pick(region string, keep func(*T) bool) []T {
	out := []T{}
	if region != "" {
		for _, i := range ix.byRegion[region] {
			if keep(&ix.rows[i]) {
				out = append(out, ix.rows[i])
			}
		}
		return out
	}
	for i := range ix.rows {
		if keep(&ix.rows[i]) {
			out = append(out, ix.rows[i])
		}
	}
	return out
}

// ComparisonRow is the gap of one scenario and role in a year, summed over
// the regions in scope. GapFTE is net (ShortageFTE − SurplusFTE): the
// shortage sums the positive gaps of the regions, the surplus the negative
// ones as a positive number, so that one region's surplus does not hide
// another's shortage.
type ComparisonRow struct {
	Scenario     string  `json:"scenario"`
	Role         string  `json:"role"`
	DemandFTE    float64 `json:"demand_fte"`
	EffectiveFTE float64 `json:"effective_fte"`
	GapFTE       float64 `json:"gap_fte"`
	ShortageFTE  float64 `json:"shortage_fte"`
	SurplusFTE   float64 `json:"surplus_fte"`
}

func (s *server) forecastComparison(c *gin.Context) {
	j, ok := s.finishedRun(c)
	if !ok {
		return
	}
	p := principal(c)
	media, err := negotiate(c.GetHeader("Accept"), []string{mediaJSON, mediaCSV})
	if err != nil {
		writeError(c, err)
		return
	}
	f, err := readFilters(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ix, err := loadIndexed(s, j.ID, "forecast", func(r *datasets.Forecast) string { return r.Region })
	if err != nil {
		writeError(c, err)
		return
	}
	rows := ix.rows
	if f.year == 0 {
		for _, r := range rows {
			f.year = max(f.year, int(r.Year))
		}
	}
	var out []ComparisonRow
	index := map[[2]string]int{}
	regions := map[string]bool{}
	for _, r := range rows {
		if !f.keep(p, "", r.Region, "", r.Year) {
			continue
		}
		regions[r.Region] = true
		k := [2]string{r.Scenario, r.Role}
		i, seen := index[k]
		if !seen {
			i = len(out)
			index[k] = i
			out = append(out, ComparisonRow{Scenario: r.Scenario, Role: r.Role})
		}
		out[i].DemandFTE += r.DemandFTE
		out[i].EffectiveFTE += r.EffectiveFTE
		out[i].GapFTE += r.GapFTE
		if r.GapFTE > 0 {
			out[i].ShortageFTE += r.GapFTE
		} else {
			out[i].SurplusFTE -= r.GapFTE
		}
	}
	if len(out) == 0 {
		writeError(c, errorf(KindValidation, "no rows for year %d and the regions asked", f.year))
		return
	}
	if media == mediaCSV {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"year", "scenario", "role", "demand_fte", "effective_fte", "gap_fte", "shortage_fte", "surplus_fte"})
		for _, r := range out {
			_ = w.Write([]string{strconv.Itoa(f.year), r.Scenario, r.Role, fmtFloat(r.DemandFTE), fmtFloat(r.EffectiveFTE), fmtFloat(r.GapFTE),
				fmtFloat(r.ShortageFTE), fmtFloat(r.SurplusFTE)})
		}
		w.Flush()
		c.Data(http.StatusOK, mediaCSV, buf.Bytes())
		return
	}
	c.JSON(http.StatusOK, gin.H{"forecast": j.ID, "year": f.year, "regions": len(regions), "items": out})
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
