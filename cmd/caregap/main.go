// Command caregap forecasts care-staff supply against demand per
// municipality, role and year, and writes the datasets it works on. Run
// `caregap help` for the commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/caregap/caregap/engine/errkind"
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

// Kind is errkind.BadInput: the user's flags or arguments are wrong.
func (e usageError) Kind() errkind.Kind { return errkind.BadInput }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// exitCode maps an error to the exit status by its errkind.Of: 2 for the
// kinds the user caused (errkind.Kind.ByCaller: bad flags, data, scenario
// files, an unknown name), 1 for the rest (internal errors, IO, errors of
// no kind). The API answers the first with a 4xx status and the second
// with a 5xx one (api.StatusOf).
func exitCode(err error) int {
	switch k := errkind.Of(err); {
	case k == errkind.None:
		return exitOK
	case k.ByCaller():
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
	root.AddCommand(newForecastCmd(), newPopulationCmd(), newDatasetsCmd(), newMatchCmd(), newLapCmd(), newServeCmd(), newTokensCmd(), newRegionsCmd(), newGoalseekCmd(), newTrainingCmd(), newFollowupCmd(), newSweepCmd())
	return root
}
