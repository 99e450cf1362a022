package main

import (
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/training"
	"github.com/caregap/caregap/runs/trainingrun"
	"github.com/spf13/cobra"
)

// trainingFlags are the flags every training subcommand shares.
type trainingFlags struct {
	data, programme, asOf, out string
}

func (f *trainingFlags) bind(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "", "directory of the training datasets, .parquet or .csv (default: the embedded synthetic, illustrative records)")
	fl.StringVar(&f.programme, "programme", "", "programme code (default: the first one of training_programmes)")
	fl.StringVar(&f.asOf, "as-of", "", "day of the data, YYYY-MM-DD; later records are ignored (default: the last day of any record)")
}

// load reads the training records of --data or the embedded default,
// and parses --as-of.
func (f *trainingFlags) load(stderr io.Writer) (*datasets.TrainingSet, int, error) {
	asOf := training.NoDay
	if f.asOf != "" {
		t, err := time.Parse("2006-01-02", f.asOf)
		if err != nil {
			return nil, 0, usagef("--as-of %q: not a date YYYY-MM-DD", f.asOf)
		}
		asOf = training.Day(t)
	}
	var fsys fs.FS
	if f.data == "" {
		fsys = defaultdata.TrainingFS()
		fmt.Fprintln(stderr, "Using the embedded training records: synthetic and illustrative, not real participants.")
	} else {
		if st, err := os.Stat(f.data); err != nil || !st.IsDir() {
			return nil, 0, usagef("--data %s: not a directory", f.data)
		}
		fsys = os.DirFS(f.data)
	}
	set, err := trainingrun.Read(fsys)
	if err != nil {
		return nil, 0, err
	}
	return set, asOf, nil
}

// build needs --out, reads the records and replays the programme's
// journeys as of --as-of: what estimate and forecast start from.
func (f *trainingFlags) build(stderr io.Writer) (*trainingrun.Run, error) {
	if f.out == "" {
		return nil, usagef("--out is required")
	}
	set, asOf, err := f.load(stderr)
	if err != nil {
		return nil, err
	}
	return trainingrun.Build(set, f.programme, asOf)
}

func newTrainingCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "training estimate|forecast|export|import",
		Short: "Follow participants of a stepwise programme: completion rates, certificates, portable journeys",
		Long: `training works on the records of a stepwise programme (--data DIR with
training_programmes, training_sites, training_participants,
training_completions, training_certificates and training_transfers as
.parquet or .csv; default: the embedded synthetic records of Borlänge,
Falun, Gagnef and Säter, illustrative only). The records are checked
first: an activity completed before its course unlocks, a certificate for
an unfinished step, a transfer to a municipality outside the programme or
an activity recorded twice is an error naming file, row, column and rule.

  estimate  per course, completion and dropout as competing risks with the
            participants still in progress censored (Aalen–Johansen), pooled
            and per municipality, and the stages of the forecast's pipeline
  forecast  expected certificates per municipality and month with a band,
            against the target, and when the target is reached at today's pace
  export    one participant's journey as a portable JSON file
  import    a portable journey into another municipality's records`,
	}
	cmd.AddCommand(newTrainingEstimateCmd(), newTrainingForecastCmd(), newTrainingExportCmd(), newTrainingImportCmd())
	return cmd
}

func newTrainingEstimateCmd() *cobra.Command {
	var f trainingFlags
	var applyTo string
	cmd := &cobra.Command{
		Use:   "estimate --out DIR [--data DIR] [--programme P] [--as-of DATE] [--apply-to FORECAST_DATA_DIR]",
		Short: "Estimate course completion and dropout with censoring; write the pipeline stages",
		Long: `estimate writes into --out, atomically:
  courses.csv          per municipality ("all" pooled) and course: participants,
                       completed, dropped out, in progress; completion by 3, 6
                       and 12 months and dropout by 12 months with 95 % intervals;
                       the fitted pipeline stage
  curves.csv           the cumulative incidence curves at every event day
  progress.csv         per municipality and course: in it, stalled (no activity
                       for 60 days), completed; awaiting a certificate, left,
                       moved away (counts only)
  training_stages.csv  the pooled stages as the training_stages dataset of the
                       programme's pipeline
  summary.json         the day of the data and the counts
and prints the pooled estimates. --apply-to DIR replaces the stages of the
programme's pipeline (training_pipelines lists it under the programme's
code) in the forecast dataset DIR, keeping the other pipelines, after
checking the whole dataset: "caregap forecast --data DIR" then runs on the
estimated rates.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := f.build(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if err := r.WriteEstimate(f.out, f.data == ""); err != nil {
				return fmt.Errorf("write %s: %w", f.out, err)
			}
			if err := printEstimate(cmd.OutOrStdout(), r, f.out); err != nil {
				return err
			}
			if applyTo == "" {
				return nil
			}
			if st, err := os.Stat(applyTo); err != nil || !st.IsDir() {
				return usagef("--apply-to %s: not a directory", applyTo)
			}
			path, err := r.ApplyStagesDir(applyTo)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Replaced the stages of pipeline %s in %s\n", r.Inputs.Programme.Code, path)
			return err
		},
	}
	f.bind(cmd)
	cmd.Flags().StringVar(&f.out, "out", "", "run directory to write (required)")
	cmd.Flags().StringVar(&applyTo, "apply-to", "", "forecast dataset directory whose training_stages get the estimated stages of the programme's pipeline")
	return cmd
}

func printEstimate(w io.Writer, r *trainingrun.Run, out string) error {
	s := r.Summary()
	fmt.Fprintf(w, "%s as of %s: %d participants, %d in progress, %d finished, %d left, %d transfers\n",
		s.Programme, s.AsOf, s.Participants, s.InProgress, s.Finished, s.Left, s.Transfers)
	fmt.Fprintf(w, "%-8s %6s %9s %7s %11s %22s %22s %9s %8s\n", "course", "begun", "completed", "dropped", "in progress",
		"completed by 6 months", "completed by 12 months", "stage mo.", "dropout")
	for _, c := range r.CourseRows() {
		if c.Region != trainingrun.AllRegions {
			continue
		}
		fmt.Fprintf(w, "%-8s %6d %9d %7d %11d %22s %22s %9.1f %8.2f\n", c.Course, c.Participants, c.Completed, c.Dropped, c.InProgress,
			trainingPct(c.Completion6), trainingPct(c.Completion12), c.DurationMonths, c.DropoutRatePerYear)
	}
	_, err := fmt.Fprintf(w, "Wrote %s\n", out)
	return err
}

func trainingPct(v [3]float64) string {
	return fmt.Sprintf("%.0f %% (%.0f-%.0f)", 100*v[0], 100*v[1], 100*v[2])
}

func newTrainingForecastCmd() *cobra.Command {
	var f trainingFlags
	var s training.ForecastSettings
	var seed uint64
	var intake string
	cmd := &cobra.Command{
		Use:   "forecast --out DIR [--data DIR] [--programme P] [--as-of DATE] [--months N] [--draws N] [--intake none|pace|N] [--seed S]",
		Short: "Forecast certificates per municipality and month against the target",
		Long: `forecast simulates the journeys in progress forward, course by course, with
the estimated curves (re-estimated on bootstrap resamples, so that the band
holds the uncertainty of the estimates too), and writes into --out,
atomically:
  certificates.csv  per municipality ("all" in total) and month: expected
                    certificates with the band, cumulative with the band, target
  forecast.json     per municipality: target, issued, expected by the horizon,
                    today's pace and the date the target is reached at it
--intake adds new participants each month: none (default), pace (as many as
started in the last twelve months, per municipality) or a number a month
for the programme, split by the municipalities' targets.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := f.build(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			switch intake {
			case "", "none":
			case "pace":
				s.Intake = r.IntakeByPace()
			default:
				n, err := strconv.ParseFloat(intake, 64)
				if err != nil || n < 0 || n > 1e5 {
					return usagef("--intake %q: none, pace or a number of participants a month", intake)
				}
				s.Intake = map[string]float64{}
				total := 0
				for _, st := range r.Register.Sites {
					total += st.Target
				}
				for _, st := range r.Register.Sites {
					if total > 0 {
						s.Intake[st.Region] = n * float64(st.Target) / float64(total)
					}
				}
			}
			if s.Months < 0 || s.Months > 240 {
				return usagef("--months %d: must be 1..240", s.Months)
			}
			if s.Draws < 0 || s.Draws > 100000 {
				return usagef("--draws %d: must be 1..100000", s.Draws)
			}
			s.Src = rand.NewPCG(seed, 0)
			r.RunForecast(s)
			if err := r.WriteForecast(f.out); err != nil {
				return fmt.Errorf("write %s: %w", f.out, err)
			}
			names := map[string]string{}
			if regions, err := loadRegions(""); err == nil {
				for _, x := range regions {
					names[x.Region] = x.Name
				}
			}
			if err := r.PrintForecast(cmd.OutOrStdout(), names); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s\n", f.out)
			return err
		},
	}
	f.bind(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "run directory to write (required)")
	fl.IntVar(&s.Months, "months", 24, "months to forecast after the month of the data")
	fl.IntVar(&s.Draws, "draws", 1000, "simulated futures")
	fl.Float64Var(&s.Level, "level", 0.9, "coverage of the band")
	fl.StringVar(&intake, "intake", "none", "new participants a month: none, pace or a number")
	fl.Uint64Var(&seed, "seed", 1, "random seed of the draws")
	return cmd
}

func newTrainingExportCmd() *cobra.Command {
	var f trainingFlags
	var id string
	cmd := &cobra.Command{
		Use:   "export --participant ID --out FILE [--data DIR] [--as-of DATE]",
		Short: "Write one participant's journey as a portable JSON file",
		Long: `export writes the participant's own records (start, completed activities,
certificates, transfers) and the programme's courses as a portable JSON
file that another municipality's administrator imports with
"caregap training import".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if id == "" || f.out == "" {
				return usagef("--participant and --out are required")
			}
			set, asOf, err := f.load(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			j, err := trainingrun.Export(set, id, asOf)
			if err != nil {
				return err
			}
			if err := datasets.WriteFileAtomic(f.out, j.Encode); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Wrote the journey of %s (%s, %d activities, %d certificates) to %s\n",
				id, j.Region, len(j.Completions), len(j.Certificates), f.out)
			return err
		},
	}
	f.bind(cmd)
	cmd.Flags().StringVar(&id, "participant", "", "participant id")
	cmd.Flags().StringVar(&f.out, "out", "", "JSON file to write")
	return cmd
}

func newTrainingImportCmd() *cobra.Command {
	var f trainingFlags
	var file, to, date string
	cmd := &cobra.Command{
		Use:   "import --journey FILE --to MUNICIPALITY [--date DATE] [--data DIR] --out DIR",
		Short: "Add a portable journey to the records, with a transfer to the receiving municipality",
		Long: `import reads a journey written by "caregap training export", adds the
participant and their records to the records of --data (default: the
embedded ones) with a transfer from the exporting municipality to --to on
--date (default: today), checks the result as every read does, and writes
the six datasets as Parquet into --out, each file atomically. --out may be
the --data directory itself.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" || to == "" || f.out == "" {
				return usagef("--journey, --to and --out are required")
			}
			if date == "" {
				date = time.Now().UTC().Format("2006-01-02")
			} else if _, err := time.Parse("2006-01-02", date); err != nil {
				return usagef("--date %q: not a date YYYY-MM-DD", date)
			}
			set, _, err := f.load(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			rd, err := os.Open(file)
			if err != nil {
				return err
			}
			j, err := trainingrun.DecodeJourney(rd)
			rd.Close()
			if err != nil {
				return fmt.Errorf("read %s: %w", file, err)
			}
			out, err := trainingrun.Import(set, j, to, date)
			if err != nil {
				return err
			}
			if err := datasets.WriteTrainingDir(f.out, out); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Imported %s from %s into %s; wrote %s\n", j.Participant.ParticipantID, j.Region, to, f.out)
			return err
		},
	}
	f.bind(cmd)
	cmd.Flags().StringVar(&file, "journey", "", "portable journey file (JSON)")
	cmd.Flags().StringVar(&to, "to", "", "receiving municipality code")
	cmd.Flags().StringVar(&date, "date", "", "day of the transfer, YYYY-MM-DD (default: today)")
	cmd.Flags().StringVar(&f.out, "out", "", "directory to write the records into")
	return cmd
}
