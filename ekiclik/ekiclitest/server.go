package ekiclitest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/faultengine"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// Default credentials of the fake.
const (
	DefaultDatabase = "ekiclik"
	DefaultLogin    = "admin@example.com"
	DefaultPassword = "admin-pass-7f3c"
)

// Server is a running fake. Close it when done.
//
// Its records live in an odootest.Server on Odoo 16 (the captures' version),
// which the routes call as the module's controllers call the ORM
// (odootest.Server.Execute, as the logged-in user, uid 2): odootest's
// models, value conversions, x2many commands, searches and Odoo's errors
// are the server's. This package adds the routes, their query, filter and
// paging handling, the module's serializer and the Ekiclik module's side
// effects. The sessions of /auth/ and /web/session/authenticate are this
// package's own (odootest's sessions belong to its own routes).
type Server struct {
	// URL is the base URL, e.g. "http://127.0.0.1:12345".
	URL string
	ts  *httptest.Server
	// Injector is the fault queue and the call log (InjectFault,
	// ClearFaults, PendingFaults, Calls, CallCount, Requests, ResetCalls),
	// the same in every fake of the module; NewServer sets it.
	fault.Injector[fault.Single]
	faults *faultengine.Engine[fault.Single]

	orm *odootest.Server // the store, not started: never reached over HTTP

	db, login, password string
	ekiclik             bool
	extra               []odootest.Model
	clock               func() time.Time

	// tx makes each writing route one transaction, as Odoo's request
	// transaction does: its ORM calls run one request at a time.
	tx sync.Mutex

	mu       sync.Mutex
	sessions map[string]bool
	issued   []string
}

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the database, login and password the server
// accepts.
func WithCredentials(db, login, password string) Option {
	return func(s *Server) { s.db, s.login, s.password = db, login, password }
}

// WithModels adds models the server knows besides the stock and Ekiclik
// ones, typed as odootest models (a record of another model is refused,
// as on Odoo).
func WithModels(models ...odootest.Model) Option {
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

// NewServer starts a fake on loopback. It panics when WithModels names a
// model odootest refuses.
func NewServer(opts ...Option) *Server {
	s := &Server{
		db: DefaultDatabase, login: DefaultLogin, password: DefaultPassword, ekiclik: true,
		clock:    time.Now,
		sessions: map[string]bool{},
		faults:   faultengine.New[fault.Single](false, nil),
	}
	s.Injector = s.faults
	for _, o := range opts {
		o(s)
	}
	s.orm = odootest.NewUnstartedServer(odootest.WithVersion("16.0"), odootest.WithFlavor(odootest.NoHelpdesk),
		odootest.WithClock(s.clock))
	if err := installSchema(s.orm, s.ekiclik, s.extra); err != nil {
		s.orm.Close()
		panic("ekiclitest: " + err.Error())
	}
	// The user who logs in is the admin, uid 2, as on Odoo.
	if err := s.orm.Write("res.users", []int64{2}, map[string]any{"login": s.login, "name": "Administrator", "email": s.login}); err != nil {
		s.orm.Close()
		panic("ekiclitest: " + err.Error())
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.ts.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() {
	s.ts.Close()
	s.orm.Close()
}

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

// --- test hooks: odootest's, on the server's store ---------------------------

// Create adds a record as the superuser and returns its id, for test
// setup (not logged); see odootest.Server.Create (an "id" in vals is kept).
func (s *Server) Create(model string, vals map[string]any) (int64, error) {
	return s.orm.Create(model, vals)
}

// Write updates records as the superuser; see odootest.Server.Write.
func (s *Server) Write(model string, ids []int64, vals map[string]any) error {
	return s.orm.Write(model, ids, vals)
}

// Unlink deletes records as the superuser; see odootest.Server.Unlink.
func (s *Server) Unlink(model string, ids []int64) error { return s.orm.Unlink(model, ids) }

// Record returns a record as ORM read answers it (many2one [id, name],
// x2many id lists, datetimes "2006-01-02 15:04:05", false for empty
// values, Json fields as stored); see odootest.Server.Record.
func (s *Server) Record(model string, id int64) (map[string]any, bool) {
	return s.orm.Record(model, id)
}

// Search returns the ids of model's records that d matches, in the
// model's order, archived ones too; see odootest.Server.Search.
func (s *Server) Search(model string, d domain.Domain) []int64 { return s.orm.Search(model, d) }

// Count returns how many records of model d matches; see
// odootest.Server.Count.
func (s *Server) Count(model string, d domain.Domain) int64 { return s.orm.Count(model, d) }

// decodeNumbers decodes b keeping numbers json.Number (ids stay exact).
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

// execute runs an ORM method as the logged-in user (uid 2), with Odoo's
// exception as an *odooError.
func (s *Server) execute(ctx context.Context, model, method string, args []any, kwargs, context map[string]any) (any, *odooError) {
	res, err := s.orm.Execute(ctx, odootest.MethodCall{Model: model, Method: method, Args: args, Kwargs: kwargs, Context: context, UID: 2})
	if err != nil {
		var me *odootest.MethodError
		if errors.As(err, &me) {
			return nil, &odooError{code: 200, name: me.Exception, message: me.Message}
		}
		return nil, &odooError{code: 200, name: "odoo.exceptions.UserError", message: err.Error()}
	}
	return res, nil
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
