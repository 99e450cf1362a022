package labels

var groups = map[string]name{
	"Gothenburg region":           {"Göteborgsregionen", "Gothenburg region"},
	"Dalarna (stepwise training)": {"Dalarna (stegvis utbildning)", "Dalarna (stepwise training)"},
	"Linköping":                   {"Linköping", "Linköping"},
	"Krokom":                      {"Krokom", "Krokom"},
}

// Group is the name of a group of municipalities as a dataset's regions
// file names it (the default dataset's groups are named in English); a
// group this package does not know keeps its name.
func Group(l Lang, group string) string { return lookup(groups, l, group, group) }
