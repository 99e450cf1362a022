// Command caregap forecasts care-staff supply against demand per
// municipality, role and year, and writes the datasets it works on. Run
// `caregap help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/scb"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/match"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
	"github.com/spf13/cobra"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFailure  = 1 // the run could not finish: IO, internal error
	exitBadInput = 2 // the user's data, scenario or flags are wrong
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "caregap: %v\n", err)
	return exitCode(err)
}

// usageError marks a wrong flag or argument.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// exitCode maps an error to the exit status: 2 for anything the user's
// input did (bad flags, data, scenario files), 1 for the rest.
func exitCode(err error) int {
	var (
		ue  usageError
		re  *datasets.RowError
		se  *datasets.ScenarioError
		le  *forecast.LeverError
		sce *scenario.Error
		pe  *supply.ParamError
		me  *matrixError
		mve *match.ValidationError
	)
	switch {
	case errors.As(err, &ue), errors.As(err, &re), errors.As(err, &se), errors.As(err, &le),
		errors.As(err, &sce), errors.As(err, &pe),
		errors.Is(err, datasets.ErrIncomplete), errors.Is(err, population.ErrNoYears),
		errors.Is(err, population.ErrNoPopulation), errors.Is(err, scb.ErrUnknownTable),
		errors.Is(err, forecast.ErrHorizon), errors.Is(err, datasets.ErrMissingYear), errors.Is(err, datasets.ErrMissingAge),
		errors.As(err, &me), errors.As(err, &mve):
		return exitBadInput
	}
	return exitFailure
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "caregap",
		Short: "Forecast care-staff supply against demand, and the datasets behind it",
		Long: `caregap forecasts, per municipality, role and year, the care staff that
demography demands against the staff the workforce will supply, under
scenarios of levers (full time, sick leave, retirement, training, task
shifting, placements from outside the labour market).

Without --data it runs on the embedded default dataset: 19 municipalities,
synthetic and illustrative, calibrated to public national figures.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newForecastCmd(), newPopulationCmd(), newDatasetsCmd(), newMatchCmd(), newLapCmd(), newServeCmd(), newTokensCmd())
	return root
}
