package odoo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Values are the field values of a create or write: field name to value.
// Only the fields present are written, so Values is the way to write just
// the fields that changed.
type Values map[string]any

// jsonFalse is Odoo's "no value".
var jsonFalse = []byte("false")

// isEmptyJSON reports whether b is Odoo's "no value": false, null or
// nothing at all.
func isEmptyJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || bytes.Equal(b, jsonFalse) || bytes.Equal(b, []byte("null"))
}

// Many2One is a many2one field's value: the related record's id and display
// name. Odoo reads it as [id, "name"] or false; it is written as the bare id
// (false when ID is zero, which clears the field).
type Many2One struct {
	ID   int64
	Name string
}

// IsZero reports whether the field is empty.
func (m Many2One) IsZero() bool { return m.ID == 0 }

// String returns "name (id)", or "" when empty.
func (m Many2One) String() string {
	if m.ID == 0 {
		return ""
	}
	return m.Name + " (" + strconv.FormatInt(m.ID, 10) + ")"
}

// MarshalJSON writes the bare id, or false when the value is empty.
func (m Many2One) MarshalJSON() ([]byte, error) {
	if m.ID == 0 {
		return []byte("false"), nil
	}
	return strconv.AppendInt(nil, m.ID, 10), nil
}

// UnmarshalJSON reads [id, "name"], [id], a bare id, {"id", "display_name"}
// (REST add-ons) and false or null (empty).
func (m *Many2One) UnmarshalJSON(b []byte) error {
	*m = Many2One{}
	b = bytes.TrimSpace(b)
	if isEmptyJSON(b) {
		return nil
	}
	if id, name, ok := fastMany2One(b); ok {
		m.ID, m.Name = id, name
		return nil
	}
	return m.slowUnmarshal(b)
}

// slowUnmarshal is the general path of UnmarshalJSON.
func (m *Many2One) slowUnmarshal(b []byte) error {
	switch b[0] {
	case '[':
		var parts []json.RawMessage
		if err := json.Unmarshal(b, &parts); err != nil {
			return fmt.Errorf("odoo: many2one: %w", err)
		}
		if len(parts) == 0 {
			return nil
		}
		if len(parts) > 2 {
			return fmt.Errorf("odoo: many2one: want [id, name], got %d elements", len(parts))
		}
		id, err := decodeID(parts[0])
		if err != nil {
			return fmt.Errorf("odoo: many2one: %w", err)
		}
		m.ID = id
		if len(parts) == 2 && !isEmptyJSON(parts[1]) {
			if err := json.Unmarshal(parts[1], &m.Name); err != nil {
				return fmt.Errorf("odoo: many2one name: %w", err)
			}
		}
		return nil
	case '{':
		var o struct {
			ID          json.RawMessage `json:"id"`
			Name        *string         `json:"name"`
			DisplayName *string         `json:"display_name"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return fmt.Errorf("odoo: many2one: %w", err)
		}
		if !isEmptyJSON(o.ID) {
			id, err := decodeID(o.ID)
			if err != nil {
				return fmt.Errorf("odoo: many2one: %w", err)
			}
			m.ID = id
		}
		switch {
		case o.DisplayName != nil:
			m.Name = *o.DisplayName
		case o.Name != nil:
			m.Name = *o.Name
		}
		return nil
	default:
		id, err := decodeID(b)
		if err != nil {
			return fmt.Errorf("odoo: many2one: %w", err)
		}
		m.ID = id
		return nil
	}
}

// fastMany2One parses the common [123, "name"] form with the one-pass
// decoder's reader (fastDec.many2one), so that a Many2One decodes the same
// inside a record and alone; ok is false for anything else (floats, other
// shapes), which the general path then handles.
func fastMany2One(b []byte) (id int64, name string, ok bool) {
	d := fastDec{b: b}
	d.ws()
	if d.i >= len(b) || b[d.i] != '[' {
		return 0, "", false
	}
	m, ok := d.many2one()
	if !ok {
		return 0, "", false
	}
	d.ws()
	if d.i != len(b) {
		return 0, "", false
	}
	return m.ID, m.Name, true
}

// fastInt parses a JSON integer of at most 18 digits at b[i:].
func fastInt(b []byte, i int) (int64, int, bool) {
	neg := false
	if i < len(b) && b[i] == '-' {
		neg = true
		i++
	}
	start := i
	var n int64
	for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-start < 18 {
		n = n*10 + int64(b[i]-'0')
		i++
	}
	if i == start || (i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9'))) {
		return 0, i, false
	}
	if b[start] == '0' && i-start > 1 {
		return 0, i, false // JSON forbids leading zeros
	}
	if neg {
		n = -n
	}
	return n, i, true
}

// fastIDs parses a plain [1, 2, 3] list of integers with the one-pass
// decoder's reader (fastDec.ids).
func fastIDs(b []byte) (IDs, bool) {
	d := fastDec{b: b}
	d.ws()
	if d.i >= len(b) || b[d.i] != '[' {
		return nil, false
	}
	ids, ok := d.ids()
	if !ok {
		return nil, false
	}
	d.ws()
	if d.i != len(b) {
		return nil, false
	}
	return ids, true
}

// IDs is the value of a one2many or many2many field as Odoo reads it: a
// list of record ids (false reads as empty). In a struct given to Create or
// Write it is written as a Set command, replacing the relation's records.
type IDs []int64

// UnmarshalJSON reads a list of ids; false and null read as empty. A list
// of [id, name] pairs (name_get style) also reads as its ids.
func (ids *IDs) UnmarshalJSON(b []byte) error {
	*ids = nil
	if isEmptyJSON(b) {
		return nil
	}
	if fast, ok := fastIDs(b); ok {
		*ids = fast
		return nil
	}
	return ids.slowUnmarshal(b)
}

// slowUnmarshal is the general path of UnmarshalJSON.
func (ids *IDs) slowUnmarshal(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("odoo: ids: %w", err)
	}
	out := make(IDs, 0, len(raw))
	for _, r := range raw {
		r = bytes.TrimSpace(r)
		if len(r) > 0 && (r[0] == '[' || r[0] == '{') {
			var m Many2One
			if err := m.UnmarshalJSON(r); err != nil {
				return fmt.Errorf("odoo: ids: %w", err)
			}
			out = append(out, m.ID)
			continue
		}
		id, err := decodeID(r)
		if err != nil {
			return fmt.Errorf("odoo: ids: %w", err)
		}
		out = append(out, id)
	}
	*ids = out
	return nil
}

// MarshalJSON writes the plain id list ([] when empty).
func (ids IDs) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(ids)*4)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return append(b, ']'), nil
}

// CommandOp is the number of an x2many write command.
type CommandOp int

// The x2many commands, numbered as Odoo numbers them.
const (
	OpCreate CommandOp = 0 // [0, 0, values]: create a record and link it
	OpUpdate CommandOp = 1 // [1, id, values]: write to a linked record
	OpDelete CommandOp = 2 // [2, id, 0]: delete the record
	OpUnlink CommandOp = 3 // [3, id, 0]: unlink, keep the record
	OpLink   CommandOp = 4 // [4, id, 0]: link an existing record
	OpClear  CommandOp = 5 // [5, 0, 0]: unlink every record
	OpSet    CommandOp = 6 // [6, 0, ids]: replace the linked records by ids
)

// Command is one x2many write command. Build it with Create, Update,
// Delete, Unlink, Link, Clear or Set.
type Command struct {
	Op CommandOp
	ID int64
	// Values are the values of Create and Update: Values, a map or a struct
	// with odoo tags.
	Values any
	// IDs are the ids of Set.
	IDs []int64
}

// Commands is the value written to a one2many or many2many field:
// a list of commands, encoded as Odoo's [[op, id, value], ...] triples.
type Commands []Command

// Create returns the command that creates a related record from vals.
func Create(vals any) Command { return Command{Op: OpCreate, Values: vals} }

// Update returns the command that writes vals to the related record id.
func Update(id int64, vals any) Command { return Command{Op: OpUpdate, ID: id, Values: vals} }

// Delete returns the command that deletes the related record id.
func Delete(id int64) Command { return Command{Op: OpDelete, ID: id} }

// Unlink returns the command that removes record id from the relation
// without deleting it.
func Unlink(id int64) Command { return Command{Op: OpUnlink, ID: id} }

// Link returns the command that adds the existing record id.
func Link(id int64) Command { return Command{Op: OpLink, ID: id} }

// Clear returns the command that removes every record from the relation.
func Clear() Command { return Command{Op: OpClear} }

// Set returns the command that replaces the relation's records by ids.
func Set(ids ...int64) Command {
	if ids == nil {
		ids = []int64{}
	}
	return Command{Op: OpSet, IDs: ids}
}

// MarshalJSON writes the [op, id, value] triple.
func (c Command) MarshalJSON() ([]byte, error) {
	var third any = 0
	switch c.Op {
	case OpCreate, OpUpdate:
		vals, err := encodeValues(c.Values)
		if err != nil {
			return nil, err
		}
		if vals == nil {
			vals = map[string]any{}
		}
		third = vals
	case OpSet:
		ids := IDs(c.IDs)
		if ids == nil {
			ids = IDs{}
		}
		third = ids
	case OpDelete, OpUnlink, OpLink, OpClear:
	default:
		return nil, fmt.Errorf("odoo: unknown x2many command %d", c.Op)
	}
	id := c.ID
	if c.Op == OpCreate || c.Op == OpClear || c.Op == OpSet {
		id = 0
	}
	return json.Marshal([3]any{int(c.Op), id, third})
}

// UnmarshalJSON reads an [op, id, value] triple (shorter forms like [5] and
// [4, id] are accepted, as Odoo accepts them).
func (c *Command) UnmarshalJSON(b []byte) error {
	*c = Command{}
	var parts []json.RawMessage
	if err := json.Unmarshal(b, &parts); err != nil {
		return fmt.Errorf("odoo: x2many command: %w", err)
	}
	if len(parts) == 0 || len(parts) > 3 {
		return fmt.Errorf("odoo: x2many command: want [op, id, value], got %d elements", len(parts))
	}
	op, err := decodeID(parts[0])
	if err != nil || op < int64(OpCreate) || op > int64(OpSet) {
		return fmt.Errorf("odoo: x2many command: bad op %s", snippet(parts[0], 20))
	}
	c.Op = CommandOp(op)
	if len(parts) > 1 && !isEmptyJSON(parts[1]) {
		if c.ID, err = decodeID(parts[1]); err != nil {
			return fmt.Errorf("odoo: x2many command: %w", err)
		}
	}
	var third json.RawMessage
	if len(parts) > 2 {
		third = parts[2]
	}
	switch c.Op {
	case OpCreate, OpUpdate:
		if !isEmptyJSON(third) {
			var v Values
			if err := json.Unmarshal(third, &v); err != nil {
				return fmt.Errorf("odoo: x2many command values: %w", err)
			}
			c.Values = v
		}
	case OpSet:
		var ids IDs
		if err := ids.UnmarshalJSON(third); err != nil {
			return fmt.Errorf("odoo: x2many command: %w", err)
		}
		if ids == nil {
			ids = IDs{}
		}
		c.IDs = ids
	}
	return nil
}

// MarshalJSON writes the list of triples ([] when empty).
func (cs Commands) MarshalJSON() ([]byte, error) {
	if cs == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Command(cs))
}

// UnmarshalJSON reads a list of command triples, or a plain list of ids as
// Odoo reads an x2many field (which reads as one Set command); false and
// null read as empty.
func (cs *Commands) UnmarshalJSON(b []byte) error {
	*cs = nil
	if isEmptyJSON(b) {
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("odoo: x2many commands: %w", err)
	}
	if len(raw) == 0 {
		*cs = Commands{}
		return nil
	}
	if t := bytes.TrimSpace(raw[0]); len(t) > 0 && t[0] != '[' {
		var ids IDs
		if err := ids.UnmarshalJSON(b); err != nil {
			return err
		}
		*cs = Commands{Set(ids...)}
		return nil
	}
	out := make(Commands, len(raw))
	for i, r := range raw {
		if err := out[i].UnmarshalJSON(r); err != nil {
			return err
		}
	}
	*cs = out
	return nil
}

// Wire layouts of Odoo dates and datetimes (always UTC).
const (
	DateLayout     = "2006-01-02"
	DateTimeLayout = "2006-01-02 15:04:05"
)

// Date is a date field's value (no time, no zone). Odoo reads and writes it
// as "2006-01-02"; false is the zero Date.
type Date struct {
	time.Time
}

// NewDate returns the Date y-m-d.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// String returns "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// MarshalJSON writes "2006-01-02", or false for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("false"), nil
	}
	return []byte(`"` + d.Format(DateLayout) + `"`), nil
}

// UnmarshalJSON reads "2006-01-02" (a datetime string is cut to its date),
// and false, null or "" as the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	*d = Date{}
	s, ok, err := timeString(b)
	if err != nil || !ok {
		return err
	}
	t, err := parseOdooTime(s)
	if err != nil {
		return err
	}
	y, m, day := t.Date()
	*d = NewDate(y, m, day)
	return nil
}

// DateTime is a datetime field's value, in UTC with second precision. Odoo
// reads and writes it as "2006-01-02 15:04:05"; false is the zero DateTime.
type DateTime struct {
	time.Time
}

// NewDateTime returns t in UTC, cut to the second.
func NewDateTime(t time.Time) DateTime {
	if t.IsZero() {
		return DateTime{}
	}
	return DateTime{t.UTC().Truncate(time.Second)}
}

// String returns "2006-01-02 15:04:05", or "" for the zero DateTime.
func (d DateTime) String() string {
	if d.IsZero() {
		return ""
	}
	return d.UTC().Format(DateTimeLayout)
}

// MarshalJSON writes "2006-01-02 15:04:05" in UTC, or false when zero.
func (d DateTime) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("false"), nil
	}
	return []byte(`"` + d.UTC().Format(DateTimeLayout) + `"`), nil
}

// UnmarshalJSON reads "2006-01-02 15:04:05" (UTC, optional fraction), the
// ISO form "2006-01-02T15:04:05" with an optional zone (REST add-ons), a
// bare date, and false, null or "" as the zero DateTime.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	*d = DateTime{}
	s, ok, err := timeString(b)
	if err != nil || !ok {
		return err
	}
	t, err := parseOdooTime(s)
	if err != nil {
		return err
	}
	*d = DateTime{t}
	return nil
}

// timeString extracts the string of a date/datetime JSON value; ok is
// false for Odoo's empty values.
func timeString(b []byte) (string, bool, error) {
	b = bytes.TrimSpace(b)
	if isEmptyJSON(b) {
		return "", false, nil
	}
	if b[0] != '"' {
		return "", false, fmt.Errorf("odoo: date/time: want a string or false, got %s", snippet(b, 40))
	}
	if n := len(b); n > 2 && b[n-1] == '"' && bytes.IndexByte(b[1:n-1], '\\') < 0 && bytes.IndexByte(b[1:n-1], '"') < 0 {
		return string(b[1 : n-1]), n > 2, nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", false, fmt.Errorf("odoo: date/time: %w", err)
	}
	if s == "" {
		return "", false, nil
	}
	return s, true, nil
}

var errTimeLayout = errors.New("not an Odoo date or datetime")

// ParseDateTime parses a date or datetime as Odoo and its REST add-ons
// send it: "2006-01-02 15:04:05" (DateTimeLayout, with an optional
// fraction), "2006-01-02T15:04:05" with an optional fraction and zone,
// and "2006-01-02" (DateLayout). Strings without a zone are UTC. It is the
// parser behind Date, DateTime and time.Time fields, for code that reads
// such a string itself.
func ParseDateTime(s string) (time.Time, error) { return parseOdooTime(s) }

// parseOdooTime is ParseDateTime.
func parseOdooTime(s string) (time.Time, error) {
	if t, ok := fixedDateTime([]byte(s)); ok {
		return t, nil
	}
	if len(s) == len(DateLayout) {
		if t, err := time.Parse(DateLayout, s); err == nil {
			return t, nil
		}
	}
	if len(s) >= len(DateTimeLayout) {
		if s[10] == 'T' {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t.UTC(), nil
			}
			if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
				return t, nil
			}
		} else if t, err := time.Parse("2006-01-02 15:04:05.999999999", s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("odoo: date/time %q: %w", snippet([]byte(s), 40), errTimeLayout)
}
