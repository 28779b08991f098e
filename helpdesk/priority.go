package helpdesk

import (
	"fmt"
	"strings"
)

// Priority is a ticket's priority. Its value is the key Odoo stores in the
// priority selection field ('0' to '3') in both flavors, so it goes to and
// from the wire unchanged. The zero value means "not set".
type Priority string

// The four priorities of Odoo Helpdesk and helpdesk_mgmt.
const (
	PriorityLow    Priority = "0"
	PriorityMedium Priority = "1"
	PriorityHigh   Priority = "2"
	PriorityUrgent Priority = "3"
)

var priorityNames = [...]string{"low", "medium", "high", "urgent"}

// Priorities lists the valid priorities, lowest first.
func Priorities() []Priority {
	return []Priority{PriorityLow, PriorityMedium, PriorityHigh, PriorityUrgent}
}

// Valid reports whether p is one of the four priorities.
func (p Priority) Valid() bool {
	return len(p) == 1 && p[0] >= '0' && p[0] <= '3'
}

// String returns "low", "medium", "high" or "urgent"; "" for the zero
// value and Priority(<key>) for an unknown key.
func (p Priority) String() string {
	switch {
	case p == "":
		return ""
	case p.Valid():
		return priorityNames[p[0]-'0']
	}
	return fmt.Sprintf("Priority(%q)", string(p))
}

// ParsePriority reads a priority from its name ("low", "medium", "high",
// "urgent", case-insensitive, "very high" accepted for urgent as OCA labels
// it) or its Odoo key ("0" to "3").
func ParsePriority(s string) (Priority, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if p := Priority(t); p.Valid() {
		return p, nil
	}
	for i, n := range priorityNames {
		if t == n {
			return Priority(rune('0' + i)), nil
		}
	}
	if t == "very high" {
		return PriorityUrgent, nil
	}
	return "", invalid("Priority", "unknown priority %q (want low, medium, high, urgent or 0-3)", s)
}

// check returns a *deskbridge.ArgumentError for a set but unknown priority.
func (p Priority) check(field string) error {
	if p == "" || p.Valid() {
		return nil
	}
	return invalid(field, "unknown priority %q (want %q to %q)", string(p), PriorityLow, PriorityUrgent)
}
