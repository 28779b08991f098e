package odootest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/faultengine"
	"github.com/deskbridge/deskbridge/odoo"
)

// Defaults of a new Server.
const (
	DefaultDatabase = "odoo"
	DefaultLogin    = "admin"
	DefaultPassword = "admin"
	// DefaultAPIKey is the admin's API key: a password for JSON-RPC and a
	// bearer key for JSON-2 (the web session needs the password).
	DefaultAPIKey = "odootest-api-key-0123456789abcdef"
	// DefaultClientID and DefaultClientSecret are the REST v2 OAuth2 client.
	DefaultClientID     = "odootest-client"
	DefaultClientSecret = "odootest-secret"
)

// Flavor chooses the helpdesk schema the server installs.
type Flavor string

// The helpdesk flavors.
const (
	Enterprise Flavor = "enterprise" // Odoo Enterprise Helpdesk (helpdesk.team, helpdesk.stage, SLAs)
	OCA        Flavor = "oca"        // OCA helpdesk_mgmt (helpdesk.ticket.team, helpdesk.ticket.stage)
	NoHelpdesk Flavor = "none"       // no helpdesk models
)

type config struct {
	versionText string // WithVersion's argument
	version     int    // its major number
	protocols   map[odoo.Protocol]bool
	database    string   // the first of databases
	databases   []string // WithDatabase, WithDatabases
	dbFilter    *regexp.Regexp
	users       [][2]string
	apiKeys     [][2]string
	clients     map[string]string
	tokenTTL    time.Duration
	flavor      Flavor
	demo        bool
	readOnly    map[string][]string // login -> models (empty: all)
	logger      *slog.Logger
	clock       func() time.Time
	restLimit   int
	restForms   RESTv2Forms // WithRESTv2Forms (restforms.go)
	slaModule   bool        // WithSLAModule
}

// Option configures a Server.
type Option func(*config)

// WithProtocols limits the protocols answered (default: all four). Routes
// of other protocols answer Odoo's 404 HTML page.
func WithProtocols(ps ...odoo.Protocol) Option {
	return func(c *config) {
		c.protocols = map[odoo.Protocol]bool{}
		for _, p := range ps {
			c.protocols[p] = true
		}
	}
}

// WithDatabase sets the database name (default DefaultDatabase): a server
// of one database, as with Odoo's --db-filter.
func WithDatabase(name string) Option {
	return func(c *config) { c.database, c.databases = name, []string{name} }
}

// WithUser adds a user (res.users with its res.partner) who logs in with
// password; Server.UserID(login) answers its uid.
func WithUser(login, password string) Option {
	return func(c *config) { c.users = append(c.users, [2]string{login, password}) }
}

// WithAPIKey gives the user login an API key (JSON-RPC password, JSON-2
// bearer).
func WithAPIKey(login, key string) Option {
	return func(c *config) { c.apiKeys = append(c.apiKeys, [2]string{login, key}) }
}

// WithOAuth2Client adds a REST v2 OAuth2 client.
func WithOAuth2Client(id, secret string) Option {
	return func(c *config) { c.clients[id] = secret }
}

// WithTokenTTL sets the REST v2 access-token lifetime (default 1h).
func WithTokenTTL(d time.Duration) Option { return func(c *config) { c.tokenTTL = d } }

// WithFlavor chooses the helpdesk schema (default Enterprise).
func WithFlavor(f Flavor) Option { return func(c *config) { c.flavor = f } }

// WithDemoData seeds teams, stages, tags, types, SLAs (Enterprise),
// partners and about fifty tickets with messages, followers and
// attachments. The data is deterministic; dates derive from the clock.
func WithDemoData() Option { return func(c *config) { c.demo = true } }

// WithReadOnly makes login get odoo.exceptions.AccessError on create,
// write, unlink and chatter posts on models (all models when none given).
func WithReadOnly(login string, models ...string) Option {
	return func(c *config) { c.readOnly[login] = append([]string{}, models...) }
}

// WithRESTv2DefaultLimit makes GET /api/v2/search_read answer at most n
// records when the request sends no limit, for add-on versions that page
// by default (default 0: no limit, like the ORM).
func WithRESTv2DefaultLimit(n int) Option { return func(c *config) { c.restLimit = n } }

// WithLogger logs each call (protocol, model, method, outcome; never
// credentials) at debug level.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithClock sets the clock for create_date/write_date, message dates and
// token expiry (default time.Now).
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// Server is an in-memory Odoo speaking JSON-RPC, web sessions, JSON-2 and
// the REST v2 add-on, like httptest.Server.
type Server struct {
	// URL is the base URL, http://127.0.0.1:port, without a trailing slash.
	URL string

	cfg  config
	prof profile // what cfg's version does differently (version.go)
	ts   *httptest.Server

	mu sync.RWMutex // guards st
	st *store

	amu      sync.Mutex               // guards everything below
	failures map[string]loginFailures // by remote address (databases.go)
	sessions map[string]*session
	tokens   map[string]*token
	refresh  map[string]int64

	handlers methodHandlers // HandleMethod (handlers.go)

	// Injector is the fault queue and the call log (InjectFault,
	// ClearFaults, PendingFaults, Calls, CallCount, Requests, ResetCalls),
	// the same in every fake of the module; NewServer sets it.
	fault.Injector[odoo.Protocol]
	faults *faultengine.Engine[odoo.Protocol]
}

type session struct {
	uid   int64
	login string
	db    string
	used  bool // a call_kw succeeded (profile.dirtyOnFirstCall)
}

type token struct {
	uid     int64
	login   string
	expires time.Time
}

// NewServer starts a server, like httptest.NewServer. Close it when done.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer builds a server without starting it: call Start.
func NewUnstartedServer(opts ...Option) *Server {
	cfg := config{
		database: DefaultDatabase,
		clients:  map[string]string{DefaultClientID: DefaultClientSecret},
		tokenTTL: time.Hour,
		flavor:   Enterprise,
		readOnly: map[string][]string{},
		clock:    time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if len(cfg.databases) == 0 {
		cfg.databases = []string{cfg.database}
	}
	cfg.database = cfg.databases[0]
	if cfg.versionText == "" {
		cfg.versionText = DefaultVersion
	}
	major, err := parseVersion(cfg.versionText)
	if err != nil {
		panic(err)
	}
	cfg.version = major
	if cfg.protocols == nil {
		cfg.protocols = map[odoo.Protocol]bool{odoo.JSONRPC: true, odoo.WebSession: true, odoo.JSON2: true, odoo.RESTv2: true}
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	st, err := newStore(cfg.version, cfg.flavor, cfg.clock)
	if err != nil {
		panic(err)
	}
	s := &Server{cfg: cfg, prof: profile{major: major}, st: st, sessions: map[string]*session{}, tokens: map[string]*token{}, refresh: map[string]int64{},
		faults: faultengine.New[odoo.Protocol](false, cfg.logger)}
	s.Injector = s.faults
	for _, u := range cfg.users {
		if _, err := st.addUser(u[0], u[1]); err != nil {
			panic(fmt.Sprintf("odootest: WithUser(%q): %v", u[0], err))
		}
	}
	for _, k := range cfg.apiKeys {
		uid := int64(0)
		if u := st.users[k[0]]; u != nil {
			uid = u.uid
		} else {
			var err error
			if uid, err = st.addUser(k[0], ""); err != nil { // a user who logs in by key only
				panic(fmt.Sprintf("odootest: WithAPIKey(%q): %v", k[0], err))
			}
		}
		st.apiKey[k[1]] = uid
	}
	if cfg.demo {
		if err := st.seedDemo(); err != nil {
			panic(fmt.Sprintf("odootest: demo data: %v", err))
		}
	}
	if cfg.slaModule {
		if err := st.installSLAModule(cfg.demo); err != nil {
			panic(err.Error())
		}
	}
	return s
}

// Start starts a server from NewUnstartedServer. Until then it holds no
// port: a server never started (a store other fakes build on, or one
// reached only through ServeHTTP and Execute) costs no listener.
func (s *Server) Start() { s.listen().Start(); s.URL = s.ts.URL }

// StartTLS starts a server from NewUnstartedServer on HTTPS; use Client
// for an http.Client that trusts it.
func (s *Server) StartTLS() { s.listen().StartTLS(); s.URL = s.ts.URL }

// listen binds the server's loopback port, once.
func (s *Server) listen() *httptest.Server {
	if s.ts != nil {
		panic("odootest: Server already started")
	}
	s.ts = httptest.NewUnstartedServer(s)
	return s.ts
}

// Close shuts the server down, like httptest.Server.Close; on a server
// never started it does nothing.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Client answers an http.Client for the server (httptest's), nil before
// Start.
func (s *Server) Client() *http.Client {
	if s.ts == nil {
		return nil
	}
	return s.ts.Client()
}

// Database answers the database name.
func (s *Server) Database() string { return s.cfg.database }

// Version answers the Odoo version the server answers as ("16.0" ...
// "19.0").
func (s *Server) Version() string { return s.prof.series() }

// String describes the server without credentials.
func (s *Server) String() string {
	return fmt.Sprintf("odootest.Server{URL: %s, Database: %s, Version: %s, Flavor: %s}", s.URL, s.cfg.database, s.prof.series(), s.cfg.flavor)
}

// GoString is String, so %#v shows no credentials either.
func (s *Server) GoString() string { return s.String() }

// UserID answers the uid of login (0 when unknown).
func (s *Server) UserID(login string) int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if u := s.st.users[login]; u != nil {
		return u.uid
	}
	return 0
}

// --- sessions and tokens ----------------------------------------------------

func newSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// newURLSafeSecret is Python's secrets.token_urlsafe(n): n random bytes
// in unpadded URL-safe base64.
func newURLSafeSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ExpireSessions invalidates every web session: the next call_kw with an
// old session_id answers Odoo's SessionExpiredException.
func (s *Server) ExpireSessions() {
	s.amu.Lock()
	defer s.amu.Unlock()
	s.sessions = map[string]*session{}
}

// ExpireTokens invalidates every REST v2 access token (refresh tokens keep
// working).
func (s *Server) ExpireTokens() {
	s.amu.Lock()
	defer s.amu.Unlock()
	s.tokens = map[string]*token{}
}

// SessionCount answers how many web sessions are alive.
func (s *Server) SessionCount() int {
	s.amu.Lock()
	defer s.amu.Unlock()
	return len(s.sessions)
}

// --- authentication -----------------------------------------------------------

// checkPassword answers the uid of login when secret is its password or
// one of its API keys (apiKeyOK).
func (s *Server) checkPassword(login, secret string, apiKeyOK bool) int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u := s.st.users[login]
	if u == nil || secret == "" {
		return 0
	}
	if rec := s.st.get("res.users", u.uid); rec == nil || rec.vals["active"] == false {
		return 0
	}
	if u.password != "" && secret == u.password {
		return u.uid
	}
	if apiKeyOK && s.st.apiKey[secret] == u.uid {
		return u.uid
	}
	return 0
}

func (s *Server) loginOf(uid int64) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, u := range s.st.users {
		if u.uid == uid {
			return u.login
		}
	}
	return ""
}

func (s *Server) checkUID(uid int64, secret string) bool {
	login := s.loginOf(uid)
	return login != "" && s.checkPassword(login, secret, true) == uid
}

// --- calls ----------------------------------------------------------------------

// execute runs one ORM call in a transaction and logs it.
func (s *Server) execute(ctx context.Context, proto odoo.Protocol, uid int64, modelName, methodName string, pos []any, kw map[string]any) (any, *odooError) {
	if kw == nil {
		kw = map[string]any{}
	}
	context, _ := kw["context"].(map[string]any)
	kwargs := make(map[string]any, len(kw))
	for k, v := range kw {
		if k != "context" {
			kwargs[k] = v
		}
	}
	c := &callCtx{uid: uid, context: context}
	login := s.loginOf(uid)
	rec := Call{Protocol: proto, Model: modelName, Method: methodName, Login: login}
	res, ids, err := s.run(c, login, modelName, methodName, pos, kwargs)
	rec.IDs = ids
	if err != nil {
		rec.Err = err.Name + ": " + err.Message
	} else {
		rec.Applied = true
	}
	s.logCall(ctx, rec)
	s.cfg.logger.DebugContext(ctx, "odootest call", "protocol", proto.String(), "model", modelName, "method", methodName, "login", login, "err", rec.Err)
	return res, err
}

func (s *Server) run(c *callCtx, login, modelName, methodName string, pos []any, kw map[string]any) (any, []int64, *odooError) {
	if res, ids, err, ok := s.handled(c, login, modelName, methodName, pos, kw); ok {
		return res, ids, err
	}
	mt := methods[methodName]
	s.mu.RLock()
	if m := s.st.models[modelName]; m != nil && m.methods[methodName] != nil {
		mt = m.methods[methodName]
	}
	s.mu.RUnlock()
	if mt != nil && mt.write {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	m := s.st.models[modelName]
	if m == nil {
		return nil, nil, errUnknownModel(modelName)
	}
	if strings.HasPrefix(methodName, "_") {
		return nil, nil, s.prof.privateMethod(modelName, methodName)
	}
	if mt == nil || (methodName == "name_get" && !s.prof.hasNameGet()) || (methodName == "formatted_read_group" && !s.prof.hasFormattedReadGroup()) {
		return nil, nil, s.prof.unknownMethod(modelName, methodName)
	}
	a := &callArgs{pos: pos, kw: kw, params: mt.params, prof: s.prof}
	var ids []int64
	if mt.recordMethod() {
		if v, ok := a.get("ids"); ok {
			ids, _ = asIDList(v)
		}
	}
	if oe := s.st.checkLang(c); oe != nil {
		return nil, ids, oe
	}
	if mt.access != "" {
		if models, ok := s.cfg.readOnly[login]; ok && (len(models) == 0 || containsString(models, modelName)) {
			return nil, ids, errAccess(m, mt.access)
		}
	}
	if mt.write {
		s.st.begin()
	}
	res, err := mt.run(s.st, c, m, a)
	if mt.write {
		if err != nil {
			s.st.rollback()
		} else {
			s.st.commit()
		}
	}
	if err == nil && methodName == "create" {
		switch x := res.(type) {
		case int64:
			ids = []int64{x}
		case []int64:
			ids = x
		}
	}
	if err == nil && (methodName == "message_post" || methodName == "copy") {
		switch x := res.(type) {
		case int64:
			ids = append(ids, x)
		case []int64:
			ids = append(ids, x...)
		}
	}
	return res, ids, err
}

func errAccess(m *model, op string) *odooError {
	verb := map[string]string{"create": "create", "write": "modify", "unlink": "delete"}[op]
	return newErr(excAccessError, "You are not allowed to %s '%s' (%s) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings\n\nContact your administrator to request access if necessary.", verb, m.description, m.name)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// normalize turns Go values a test passes (ints, []int64, maps) into the
// decoded-JSON forms the ORM reads.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case []int64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case []int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = int64(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	}
	return v
}
