package training

// Until returns the records of in as they stood at the end of day d:
// participants who had started, the events up to d, and a departure
// after d not yet known. It shares the programme and sites with in.
func (in *Inputs) Until(d int) *Inputs {
	out := &Inputs{Programme: in.Programme, Sites: in.Sites}
	for _, p := range in.Participants {
		if p.Start > d {
			continue
		}
		if p.Left > d {
			p.Left = NoDay
		}
		out.Participants = append(out.Participants, p)
	}
	for _, e := range in.Completions {
		if e.Day <= d {
			out.Completions = append(out.Completions, e)
		}
	}
	for _, e := range in.Certificates {
		if e.Day <= d {
			out.Certificates = append(out.Certificates, e)
		}
	}
	for _, e := range in.Transfers {
		if e.Day <= d {
			out.Transfers = append(out.Transfers, e)
		}
	}
	return out
}

// LastDay returns the latest day of any record of in: the day of the
// data, when the caller gives none.
func (in *Inputs) LastDay() int {
	d := NoDay
	for _, p := range in.Participants {
		d = max(d, p.Start, p.Left)
	}
	for _, e := range in.Completions {
		d = max(d, e.Day)
	}
	for _, e := range in.Certificates {
		d = max(d, e.Day)
	}
	for _, e := range in.Transfers {
		d = max(d, e.Day)
	}
	return d
}
