package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/spf13/cobra"
)

type regionsFlags struct {
	dataset, group, format string
}

func newRegionsCmd() *cobra.Command {
	var f regionsFlags
	cmd := &cobra.Command{
		Use:   "regions [--dataset DIR] [--group G] [--format table|csv]",
		Short: "List the municipalities of a dataset: code, name and group",
		Long: `regions lists the municipalities of the embedded default dataset, or of
the dataset in --dataset DIR (its regions.parquet or regions.csv): code,
name and group, in the dataset's order.

Every command that takes --regions takes any of them by code (0580), by
name in any case, with or without å, ä and ö (Linköping, linkoping), or by
group, which stands for every municipality of the group (Dalarna).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runRegions(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.dataset, "dataset", "", "dataset directory (default: the embedded default dataset)")
	fl.StringVar(&f.dataset, "data", "", "the same as --dataset")
	_ = fl.MarkHidden("data")
	fl.StringVar(&f.group, "group", "", "only the municipalities of this group (or of these names, as --regions takes them)")
	fl.StringVar(&f.format, "format", "table", "table or csv")
	return cmd
}

func runRegions(cmd *cobra.Command, f *regionsFlags) error {
	if f.format != "table" && f.format != "csv" {
		return usagef("--format %s: must be table or csv", f.format)
	}
	regions, err := loadRegions(f.dataset)
	if err != nil {
		return err
	}
	if f.group != "" {
		codes, err := datasets.ResolveRegions(regions, splitList([]string{f.group}))
		if err != nil {
			return err
		}
		regions = slices.DeleteFunc(regions, func(r datasets.Region) bool { return !slices.Contains(codes, r.Region) })
	}
	return writeRegions(cmd.OutOrStdout(), regions, f.format)
}

// loadRegions reads the regions of the dataset in dir, or of the embedded
// default when dir is empty.
func loadRegions(dir string) ([]datasets.Region, error) {
	fsys := defaultdata.FS()
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, usagef("--dataset %s: not a directory", dir)
		}
		fsys = os.DirFS(dir)
	}
	for _, name := range []string{"regions.parquet", "regions.csv"} {
		rows, err := datasets.ReadFile[datasets.Region](fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil && dir != "" {
			return nil, fmt.Errorf("read %s: %w", dir, err)
		}
		return rows, err
	}
	return nil, usagef("--dataset %s: no regions.parquet or regions.csv", dir)
}

func writeRegions(w io.Writer, regions []datasets.Region, format string) error {
	if format == "csv" {
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"code", "name", "group"})
		for _, r := range regions {
			_ = cw.Write([]string{r.Region, r.Name, r.Group})
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "code\tname\tgroup")
	for _, r := range regions {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Region, r.Name, r.Group)
	}
	return tw.Flush()
}
