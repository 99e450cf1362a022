package main

import (
	"fmt"
	"os"
	"reflect"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/scb"
	"github.com/spf13/cobra"
)

func newDatasetsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "datasets",
		Short: "Export, validate, import and generate datasets; print their schemas",
	}
	var out string
	export := &cobra.Command{
		Use:   "export --out DIR",
		Short: "Write the embedded default dataset as Parquet files",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("--out is required")
			}
			b, err := defaultdata.Load()
			if err != nil {
				return err
			}
			if err := datasets.WriteDir(out, b); err != nil {
				return err
			}
			return describe(cmd, out, b)
		},
	}
	export.Flags().StringVar(&out, "out", "", "output directory")

	validate := &cobra.Command{
		Use:   "validate DIR",
		Short: "Check every dataset file in DIR against its schema and the others",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := loadBundle(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: valid\n", args[0])
			return describe(cmd, "", b)
		},
	}

	var scbOut string
	importSCB := &cobra.Command{
		Use:   "import-scb SRC --out DIR",
		Short: "Read SCB Statistikdatabasen CSV exports (population BE0101N1, deaths, births) into datasets",
		Long: `import-scb reads the SCB exports in SRC (population by region, marital
status, age and sex; deaths by age and sex; births by mother's age and
child's sex; found by their headers) and writes population.parquet,
deaths.parquet and births.parquet to --out, plus regions.parquet listing
the regions found. 'caregap population --data DIR' then projects them.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if scbOut == "" {
				return usagef("--out is required")
			}
			if st, err := os.Stat(args[0]); err != nil || !st.IsDir() {
				return usagef("%s: not a directory", args[0])
			}
			b, err := scb.ImportDir(os.DirFS(args[0]), nil)
			if err != nil {
				return err
			}
			seen := map[string]bool{}
			for _, p := range b.Population {
				if !seen[p.Region] {
					seen[p.Region] = true
					b.Regions = append(b.Regions, datasets.Region{Region: p.Region, Name: p.Region, Group: "SCB import"})
				}
			}
			if err := datasets.WriteDir(scbOut, b); err != nil {
				return err
			}
			return describe(cmd, scbOut, b)
		},
	}
	importSCB.Flags().StringVar(&scbOut, "out", "", "output directory")

	var genOut string
	var gen defaultdata.GenerateConfig
	var genMatch defaultdata.MatchConfig
	generate := &cobra.Command{
		Use:   "generate --out DIR [--regions N] [--seed S] [--candidates N --openings N --workplaces N]",
		Short: "Write a large synthetic dataset (e.g. 290 municipalities) for benchmarks",
		Long: `generate writes a synthetic forecast dataset of --regions municipalities
and, with --candidates, a matching set (candidates, openings, workplaces)
into the same directory, both seeded by --seed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if genOut == "" {
				return usagef("--out is required")
			}
			if gen.Regions < 1 || gen.Regions > 10000 {
				return usagef("--regions %d: must be 1..10000", gen.Regions)
			}
			if genMatch.Candidates > 0 {
				if err := checkMatchConfig(&genMatch); err != nil {
					return err
				}
			}
			b := defaultdata.Generate(gen)
			if err := datasets.WriteDir(genOut, b); err != nil {
				return err
			}
			if err := describe(cmd, genOut, b); err != nil || genMatch.Candidates == 0 {
				return err
			}
			genMatch.Seed = gen.Seed
			return writeMatchSet(cmd, genOut, &genMatch)
		},
	}
	generate.Flags().StringVar(&genOut, "out", "", "output directory")
	generate.Flags().IntVar(&gen.Regions, "regions", 290, "number of synthetic municipalities")
	generate.Flags().Uint64Var(&gen.Seed, "seed", 1, "random seed")
	generate.Flags().IntVar(&genMatch.Candidates, "candidates", 0, "also write a matching set of this many candidates")
	generate.Flags().IntVar(&genMatch.Openings, "openings", 5000, "openings of the matching set")
	generate.Flags().IntVar(&genMatch.Workplaces, "workplaces", 1000, "workplaces of the matching set")

	var matchOut string
	var mcfg defaultdata.MatchConfig
	generateMatch := &cobra.Command{
		Use:   "generate-match --out DIR [--candidates N] [--openings N] [--workplaces N] [--seed S]",
		Short: "Write a large synthetic matching set (candidates, openings, workplaces) for benchmarks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if matchOut == "" {
				return usagef("--out is required")
			}
			if err := checkMatchConfig(&mcfg); err != nil {
				return err
			}
			return writeMatchSet(cmd, matchOut, &mcfg)
		},
	}
	generateMatch.Flags().StringVar(&matchOut, "out", "", "output directory")
	generateMatch.Flags().IntVar(&mcfg.Candidates, "candidates", 100000, "number of candidates")
	generateMatch.Flags().IntVar(&mcfg.Openings, "openings", 5000, "number of openings")
	generateMatch.Flags().IntVar(&mcfg.Workplaces, "workplaces", 1000, "number of workplaces")
	generateMatch.Flags().Uint64Var(&mcfg.Seed, "seed", 1, "random seed")

	schema := &cobra.Command{
		Use:   "schema",
		Short: "Print every dataset's columns, types, units and allowed ranges (Markdown)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return datasets.WriteSchemasMarkdown(cmd.OutOrStdout())
		},
	}
	cmd.AddCommand(export, validate, importSCB, generate, generateMatch, schema)
	return cmd
}

// describe prints the row count of each non-empty dataset of b.
func describe(cmd *cobra.Command, dir string, b *datasets.Bundle) error {
	w := cmd.OutOrStdout()
	v := reflect.ValueOf(b).Elem()
	for i := range v.NumField() {
		if n := v.Field(i).Len(); n > 0 {
			fmt.Fprintf(w, "  %-20s %8d rows\n", v.Type().Field(i).Name, n)
		}
	}
	if dir != "" {
		fmt.Fprintf(w, "wrote %s\n", dir)
	}
	return nil
}

// checkMatchConfig checks the sizes of a generated matching set.
func checkMatchConfig(cfg *defaultdata.MatchConfig) error {
	for _, c := range []struct {
		name string
		n    int
	}{{"candidates", cfg.Candidates}, {"openings", cfg.Openings}, {"workplaces", cfg.Workplaces}} {
		if c.n < 1 || c.n > 10_000_000 {
			return usagef("--%s %d: must be 1..10000000", c.name, c.n)
		}
	}
	return nil
}

// writeMatchSet generates a matching set and writes it to dir.
func writeMatchSet(cmd *cobra.Command, dir string, cfg *defaultdata.MatchConfig) error {
	m := defaultdata.GenerateMatch(*cfg)
	if err := datasets.WriteMatchDir(dir, m); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "  %-20s %8d rows\n  %-20s %8d rows\n  %-20s %8d rows\nwrote %s\n",
		"Candidates", len(m.Candidates), "Openings", len(m.Openings), "Workplaces", len(m.Workplaces), dir)
	return nil
}
