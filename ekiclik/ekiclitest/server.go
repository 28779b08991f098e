package ekiclitest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// Default credentials of the fake.
const (
	DefaultDatabase = "ekiclik"
	DefaultLogin    = "admin@example.com"
	DefaultPassword = "admin-pass-7f3c"
)

// Server is a running fake. Close it when done.
type Server struct {
	// URL is the base URL, e.g. "http://127.0.0.1:12345".
	URL string
	ts  *httptest.Server
	// The fault engine: InjectFault, ClearFaults, PendingFaults, Calls,
	// CallCount, Requests and ResetCalls.
	*faultengine.Engine[fault.Single]

	db, login, password string
	ekiclik             bool
	extra               []string
	clock               func() time.Time

	mu       sync.Mutex
	sessions map[string]bool
	issued   []string
	models   map[string]*model
	tables   map[string]map[int64]map[string]any
	nextID   map[string]int64
}

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the database, login and password the server
// accepts.
func WithCredentials(db, login, password string) Option {
	return func(s *Server) { s.db, s.login, s.password = db, login, password }
}

// WithModels adds models the server knows besides the stock and Ekiclik
// ones; they accept any field.
func WithModels(models ...string) Option {
	return func(s *Server) { s.extra = append(s.extra, models...) }
}

// WithoutEkiclikModule makes a plain odoo-rest-api server, as on a stock
// Odoo: no Ekiclik models (product.master, crm.lead, ...) and none of the
// fields the Ekiclik module adds (create_by and the others), which then
// make a write fail like any unknown field.
func WithoutEkiclikModule() Option { return func(s *Server) { s.ekiclik = false } }

// WithClock sets the clock of create_date and write_date (default
// time.Now).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.clock = now } }

// NewServer starts a fake on loopback.
func NewServer(opts ...Option) *Server {
	s := &Server{
		db: DefaultDatabase, login: DefaultLogin, password: DefaultPassword, ekiclik: true,
		clock:    time.Now,
		sessions: map[string]bool{},
		tables:   map[string]map[int64]map[string]any{},
		nextID:   map[string]int64{},
		Engine:   faultengine.New[fault.Single](false, nil),
	}
	for _, o := range opts {
		o(s)
	}
	s.models = schema(s.ekiclik)
	for _, m := range s.extra {
		if s.models[m] == nil {
			s.models[m] = newModel(m, m, true)
		}
	}
	s.Insert("res.users", map[string]any{"id": 2, "login": s.login, "name": "Administrator", "email": s.login}) // uid 2, as on Odoo
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.ts.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.ts.Close() }

// Client returns an http.Client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// ExpireSessions ends every session, as a server restart or timeout does.
func (s *Server) ExpireSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.sessions)
}

// SessionCount returns the number of live sessions (logins not expired).
func (s *Server) SessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// IssuedSessions returns every session id the server handed out, for
// tests that check no log line or error shows one.
func (s *Server) IssuedSessions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.issued)
}

// Insert adds a record to model and returns its id, for test setup (not
// logged). vals use the wire forms (many2one ids, x2many id lists); an "id"
// value is kept as the record's id. A model the server does not know is
// added, accepting any field. Values the model refuses panic.
func (s *Server) Insert(model string, vals map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.models[model] == nil {
		s.models[model] = newModel(model, model, true)
	}
	id, oe := s.create(s.models[model], normalizeNumbers(maps.Clone(vals)).(map[string]any))
	if oe != nil {
		panic("ekiclitest: Insert: " + oe.Error())
	}
	return id
}

// Records returns copies of model's records as stored (many2one ids,
// many2many id lists, time.Time datetimes), ordered by id.
func (s *Server) Records(model string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tables[model]
	out := make([]map[string]any, 0, len(t))
	for _, id := range slices.Sorted(maps.Keys(t)) {
		out = append(out, cloneRecord(t[id]))
	}
	return out
}

// Record returns a copy of one record as stored, or nil.
func (s *Server) Record(model string, id int64) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.tables[model][id]; r != nil {
		return cloneRecord(r)
	}
	return nil
}

func cloneRecord(r map[string]any) map[string]any {
	out := make(map[string]any, len(r))
	for k, v := range r {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case []int64:
		return slices.Clone(x)
	case map[string]any:
		return cloneRecord(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}

// normalizeNumbers turns json.Number into int64 or float64.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
		return x
	case int:
		return int64(x)
	case map[string]any:
		for k, e := range x {
			x[k] = normalizeNumbers(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normalizeNumbers(e)
		}
		return x
	}
	return v
}

func decodeNumbers(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

func newSessionID() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// odooError is an exception as Odoo's JSON-RPC envelope carries it.
type odooError struct {
	code          int
	name, message string
}

func (e *odooError) Error() string { return e.name + ": " + e.message }

func validationError(format string, args ...any) *odooError {
	return &odooError{code: 200, name: "odoo.exceptions.ValidationError", message: fmt.Sprintf(format, args...)}
}

var sessionExpired = &odooError{code: 100, name: "odoo.http.SessionExpiredException", message: "Session expired"}

func missingError(m string, id int64) *odooError {
	return &odooError{code: 200, name: "odoo.exceptions.MissingError",
		message: fmt.Sprintf("Record does not exist or has been deleted.\n(Record: %s(%d,), User: 2)", m, id)}
}

// --- the store (s.mu held) ---------------------------------------------------

// sorted answers model's records in its default order.
func (s *Server) sorted(model string) []map[string]any {
	t := s.tables[model]
	out := make([]map[string]any, 0, len(t))
	for _, id := range slices.Sorted(maps.Keys(t)) {
		out = append(out, t[id])
	}
	if m := s.models[model]; m != nil && m.sortBy != "" {
		slices.SortStableFunc(out, func(a, b map[string]any) int {
			an, _ := a[m.sortBy].(string)
			bn, _ := b[m.sortBy].(string)
			if c := strings.Compare(an, bn); c != 0 {
				return c
			}
			return int(b["id"].(int64) - a["id"].(int64))
		})
	}
	return out
}

func (s *Server) create(m *model, vals map[string]any) (int64, *odooError) {
	rec := map[string]any{}
	var deletes []deletion
	for k, v := range vals {
		if k == "id" {
			continue
		}
		f := m.field(k)
		if f == nil {
			return 0, &odooError{code: 200, name: "builtins.ValueError", message: fmt.Sprintf("Invalid field '%s' on model '%s'", k, m.name)}
		}
		cv, del, err := s.convert(m, f, v, nil)
		if err != nil {
			return 0, err
		}
		rec[k] = cv
		deletes = append(deletes, del...)
	}
	for _, n := range m.order {
		if f := m.fields[n]; f.required {
			if v, ok := rec[n]; !ok || v == nil || v == "" || v == false {
				return 0, validationError("The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n"+
					"- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: %s (%s)\nField: %s (%s)\n",
					m.description, m.name, f.label, f.name)
			}
		}
	}
	t := s.tables[m.name]
	if t == nil {
		t = map[int64]map[string]any{}
		s.tables[m.name] = t
	}
	id, _ := vals["id"].(int64)
	if id <= 0 {
		id = s.nextID[m.name] + 1
	}
	s.nextID[m.name] = max(s.nextID[m.name], id)
	now := s.clock().UTC().Truncate(time.Second)
	rec["id"], rec["create_date"], rec["write_date"], rec["__last_update"] = id, now, now, now
	rec["create_uid"], rec["write_uid"] = int64(2), int64(2)
	if f := m.fields["active"]; f != nil {
		if _, set := rec["active"]; !set {
			rec["active"] = true
		}
	}
	t[id] = rec
	s.apply(deletes)
	return id, nil
}

// write changes the records ids of m: every value is checked first, so a
// refused write changes nothing.
func (s *Server) write(m *model, ids []int64, vals map[string]any) *odooError {
	type change struct {
		rec map[string]any
		k   string
		v   any
	}
	var changes []change
	var deletes []deletion
	for _, id := range ids {
		rec := s.tables[m.name][id]
		if rec == nil {
			return missingError(m.name, id)
		}
		for k, v := range vals {
			if k == "id" {
				continue
			}
			f := m.field(k)
			if f == nil {
				return &odooError{code: 200, name: "builtins.ValueError", message: fmt.Sprintf("Invalid field '%s' on model '%s'", k, m.name)}
			}
			cv, del, err := s.convert(m, f, v, rec[k])
			if err != nil {
				return err
			}
			changes = append(changes, change{rec, k, cv})
			deletes = append(deletes, del...)
		}
	}
	now := s.clock().UTC().Truncate(time.Second)
	for _, c := range changes {
		c.rec[c.k] = c.v
		c.rec["write_date"], c.rec["__last_update"] = now, now
	}
	s.apply(deletes)
	return nil
}

// deletion is a record an x2many "delete" removes.
type deletion struct {
	model string
	id    int64
}

func (s *Server) apply(ds []deletion) {
	for _, d := range ds {
		delete(s.tables[d.model], d.id)
	}
}

func badValue(f *field, v any) *odooError {
	return &odooError{code: 200, name: "builtins.ValueError", message: fmt.Sprintf("Wrong value for %s: %v", f.name, v)}
}

// convert is v, a wire value for field f, in the stored form; old is the
// stored value (x2many operations apply to it).
func (s *Server) convert(m *model, f *field, v any, old any) (any, []deletion, *odooError) {
	switch f.kind {
	case kMany2one:
		switch x := v.(type) {
		case nil, bool:
			if x == true {
				return nil, nil, badValue(f, v)
			}
			return int64(0), nil, nil
		case int64:
			return x, nil, nil
		}
		return nil, nil, badValue(f, v)
	case kMany2many, kOne2many:
		if f.kind == kOne2many || f.inverse != "" {
			// Guessed: no capture writes a one2many or a mirrored
			// many2many through the module.
			return nil, nil, &odooError{code: 200, name: "builtins.NotImplementedError", message: "ekiclitest: writing " + f.name + " is not supported"}
		}
		ids, _ := old.([]int64)
		ids = slices.Clone(ids)
		var dels []deletion
		add := func(x int64) {
			if !contains64(ids, x) {
				ids = append(ids, x)
			}
		}
		remove := func(x int64) { ids = slices.DeleteFunc(ids, func(e int64) bool { return e == x }) }
		idList := func(v any) ([]int64, bool) {
			xs, ok := v.([]any)
			if !ok {
				return nil, false
			}
			out := make([]int64, 0, len(xs))
			for _, e := range xs {
				n, ok := e.(int64)
				if !ok {
					return nil, false
				}
				out = append(out, n)
			}
			return out, true
		}
		switch x := v.(type) {
		case nil, bool:
			return []int64{}, nil, nil
		case map[string]any:
			// The module's operations: push links, pop unlinks, delete
			// unlinks and deletes the record.
			for op, arg := range x {
				xs, ok := idList(arg)
				if !ok {
					return nil, nil, badValue(f, v)
				}
				for _, e := range xs {
					switch op {
					case "push":
						add(e)
					case "pop":
						remove(e)
					case "delete":
						remove(e)
						dels = append(dels, deletion{f.rel, e})
					default:
						return nil, nil, badValue(f, v)
					}
				}
			}
			return ids, dels, nil
		case []any:
			if plain, ok := idList(x); ok {
				return plain, nil, nil // a plain list replaces
			}
			for _, c := range x {
				cmd, ok := c.([]any)
				if !ok || len(cmd) == 0 {
					return nil, nil, badValue(f, v)
				}
				op, _ := cmd[0].(int64)
				arg := func(i int) int64 {
					if len(cmd) > i {
						n, _ := cmd[i].(int64)
						return n
					}
					return 0
				}
				switch op {
				case 2:
					remove(arg(1))
					dels = append(dels, deletion{f.rel, arg(1)})
				case 3:
					remove(arg(1))
				case 4:
					add(arg(1))
				case 5:
					ids = ids[:0]
				case 6:
					if len(cmd) < 3 {
						return nil, nil, badValue(f, v)
					}
					xs, ok := idList(cmd[2])
					if !ok {
						return nil, nil, badValue(f, v)
					}
					ids = xs
				default:
					return nil, nil, badValue(f, v)
				}
			}
			return ids, dels, nil
		}
		return nil, nil, badValue(f, v)
	case kDatetime:
		switch x := v.(type) {
		case nil, bool:
			return nil, nil, nil
		case string:
			for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02", DatetimeLayout} {
				if t, err := time.Parse(l, x); err == nil {
					return t, nil, nil
				}
			}
		case time.Time:
			return x, nil, nil
		}
		return nil, nil, badValue(f, v)
	case kChar:
		switch x := v.(type) {
		case nil, bool:
			return "", nil, nil
		case string:
			return x, nil, nil
		}
		return fmt.Sprint(v), nil, nil
	}
	return v, nil, nil
}
