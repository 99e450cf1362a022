package labels

var birthRegions = map[string]name{
	"sweden":     {"Födda i Sverige", "Born in Sweden"},
	"nordic":     {"Födda i övriga Norden", "Born elsewhere in the Nordic countries"},
	"eu":         {"Födda i övriga EU", "Born elsewhere in the EU"},
	"outside_eu": {"Födda utanför EU", "Born outside the EU"},
}

// BirthRegion is the name of a group by birth region ("sweden", "nordic",
// "eu", "outside_eu"), as a heading: "Födda utanför EU".
func BirthRegion(l Lang, code string) string { return lookup(birthRegions, l, code, "") }
