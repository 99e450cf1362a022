package scenario

import "fmt"

// Resolved is a scenario with the levers of every scenario it extends,
// in order, ready to run.
type Resolved struct {
	Name        string
	Description string
	Levers      []Lever
}

// Resolve returns s with the levers of the scenarios it extends, looked up
// by name with lookup, depth first and each scenario once, followed by its
// own. Each scenario is validated.
func Resolve(s *Scenario, lookup func(name string) (*Scenario, error)) (*Resolved, error) {
	r := &Resolved{Name: s.Name, Description: s.Description}
	seen := map[string]bool{}
	var walk func(s *Scenario, path []string) error
	walk = func(s *Scenario, path []string) error {
		for _, p := range path {
			if p == s.Name {
				return &Error{Scenario: s.Name, Lever: -1, Field: "extends",
					Err: fmt.Errorf("%w: %v", ErrCycle, append(path, s.Name))}
			}
		}
		if seen[s.Name] {
			return nil
		}
		if err := s.Validate(); err != nil {
			return err
		}
		path = append(path, s.Name)
		for _, name := range s.Extends {
			parent, err := lookup(name)
			if err != nil {
				return &Error{Scenario: s.Name, Lever: -1, Field: "extends",
					Err: fmt.Errorf("%w %q: %w", ErrUnknownName, name, err)}
			}
			if err := walk(parent, path); err != nil {
				return err
			}
		}
		seen[s.Name] = true
		r.Levers = append(r.Levers, s.Levers...)
		return nil
	}
	if err := walk(s, nil); err != nil {
		return nil, err
	}
	return r, nil
}
