package ekiclitest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/domain"
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

	db, login, password string

	mu       sync.Mutex
	sessions map[string]bool
	issued   []string
	tables   map[string]map[int64]map[string]any
	nextID   map[string]int64
	models   map[string]bool
	calls    []Call
	faults   []*Fault
}

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the database, login and password the server
// accepts.
func WithCredentials(db, login, password string) Option {
	return func(s *Server) { s.db, s.login, s.password = db, login, password }
}

// WithModels adds models the server knows besides the Ekiclik ones.
func WithModels(models ...string) Option {
	return func(s *Server) {
		for _, m := range models {
			s.models[m] = true
		}
	}
}

// NewServer starts a fake on loopback.
func NewServer(opts ...Option) *Server {
	s := &Server{
		db: DefaultDatabase, login: DefaultLogin, password: DefaultPassword,
		sessions: map[string]bool{},
		tables:   map[string]map[int64]map[string]any{},
		nextID:   map[string]int64{},
		models:   map[string]bool{},
	}
	for _, m := range []string{"product.template", "product.master", "res.partner", "crm.lead",
		"purchase.order", "sale.order", "res.users"} {
		s.models[m] = true
	}
	for _, o := range opts {
		o(s)
	}
	s.insert("res.users", map[string]any{"login": s.login, "name": "Administrator", "email": s.login})
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
	return append([]string(nil), s.issued...)
}

// Insert adds a record to model and returns its id (for test setup; not
// logged).
func (s *Server) Insert(model string, vals map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.models[model] = true
	return s.insert(model, vals)
}

func (s *Server) insert(model string, vals map[string]any) int64 {
	t := s.tables[model]
	if t == nil {
		t = map[int64]map[string]any{}
		s.tables[model] = t
	}
	s.nextID[model]++
	id := s.nextID[model]
	rec := maps.Clone(vals)
	if rec == nil {
		rec = map[string]any{}
	}
	rec["id"] = id
	t[id] = rec
	return id
}

// Records returns copies of model's records, ordered by id.
func (s *Server) Records(model string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.records(model)
}

func (s *Server) records(model string) []map[string]any {
	t := s.tables[model]
	ids := slices.Sorted(maps.Keys(t))
	out := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		out = append(out, cloneDeep(t[id]))
	}
	return out
}

// Record returns a copy of one record, or nil.
func (s *Server) Record(model string, id int64) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.tables[model][id]; r != nil {
		return cloneDeep(r)
	}
	return nil
}

func cloneDeep(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	_ = d.Decode(&out)
	return normalizeNumbers(out).(map[string]any)
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

func newSessionID() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// rpcRequest is a JSON route's body.
type rpcRequest struct {
	ID     json.RawMessage `json:"id"`
	Params json.RawMessage `json:"params"`
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case strings.TrimSuffix(path, "/") == "/web/session/authenticate" && r.Method == http.MethodPost:
		s.serveAuth(w, r, false)
	case strings.TrimSuffix(path, "/") == "/auth" && r.Method == http.MethodPost:
		s.serveAuth(w, r, true)
	case strings.HasPrefix(path, "/api/"):
		s.serveAPI(w, r)
	default:
		notFound(w)
	}
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n")
}

// readJSON reads a JSON route's body; a body that is not JSON gets Odoo's
// 400 page.
func readJSON(w http.ResponseWriter, r *http.Request) (*rpcRequest, bool) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	var req rpcRequest
	if err == nil {
		err = json.Unmarshal(b, &req)
	}
	if err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>Invalid JSON data</p>\n")
		return nil, false
	}
	return &req, true
}

func writeJSON(w http.ResponseWriter, status int, v any) []byte {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return b
}

func rpcID(req *rpcRequest) json.RawMessage {
	if req == nil || len(req.ID) == 0 {
		return json.RawMessage("null")
	}
	return req.ID
}

func resultBody(req *rpcRequest, result any) map[string]any {
	return map[string]any{"jsonrpc": "2.0", "id": rpcID(req), "result": result}
}

// odooError is an exception as Odoo's JSON-RPC envelope carries it.
type odooError struct {
	code          int
	name, message string
}

func (e *odooError) Error() string { return e.name + ": " + e.message }

func errorBody(req *rpcRequest, e *odooError) map[string]any {
	msg := "Odoo Server Error"
	if e.code == 100 {
		msg = "Odoo Session Expired"
	}
	return map[string]any{"jsonrpc": "2.0", "id": rpcID(req), "error": map[string]any{
		"code":    e.code,
		"message": msg,
		"data": map[string]any{
			"name":      e.name,
			"debug":     "Traceback (most recent call last):\n...\n" + e.name + ": " + e.message + "\n",
			"message":   e.message,
			"arguments": []any{e.message},
			"context":   map[string]any{},
		},
	}}
}

func validationError(format string, args ...any) *odooError {
	return &odooError{code: 200, name: "odoo.exceptions.ValidationError", message: fmt.Sprintf(format, args...)}
}

var sessionExpired = &odooError{code: 100, name: "odoo.http.SessionExpiredException", message: "Session expired"}

func (s *Server) serveAuth(w http.ResponseWriter, r *http.Request, module bool) {
	call := Call{HTTPMethod: r.Method, Path: r.URL.Path, Op: "authenticate"}
	if s.fault(w, r, &call, nil) {
		return
	}
	req, ok := readJSON(w, r)
	if !ok {
		call.Err = "invalid JSON"
		s.log(call)
		return
	}
	var p struct {
		DB       *string `json:"db"`
		Login    *string `json:"login"`
		Password *string `json:"password"`
	}
	_ = json.Unmarshal(req.Params, &p)
	good := p.DB != nil && p.Login != nil && p.Password != nil &&
		*p.DB == s.db && *p.Login == s.login && *p.Password == s.password
	if !good {
		call.Err = "AccessDenied"
		s.log(call)
		if module {
			// The module answers its text as the result.
			writeJSON(w, 200, resultBody(req, "Invalid credentials."))
			return
		}
		writeJSON(w, 200, errorBody(req, &odooError{code: 200, name: "odoo.exceptions.AccessDenied", message: "Access Denied"}))
		return
	}
	sid := newSessionID()
	s.mu.Lock()
	s.sessions[sid] = true
	s.issued = append(s.issued, sid)
	s.mu.Unlock()
	call.Applied = true
	call.Login = s.login
	s.log(call)
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: sid, Path: "/", HttpOnly: true})
	res := map[string]any{"uid": 2, "is_admin": true, "db": s.db, "username": s.login,
		"user_context":   map[string]any{"lang": "fr_FR", "tz": "Africa/Algiers", "uid": 2},
		"server_version": "16.0", "server_version_info": []any{16, 0, 0, "final", 0, ""}}
	if module {
		res["session_id"] = sid
	}
	writeJSON(w, 200, resultBody(req, res))
}

func (s *Server) authorized(r *http.Request) bool {
	sid := ""
	if ck, err := r.Cookie("session_id"); err == nil {
		sid = ck.Value
	}
	if sid == "" {
		sid = r.URL.Query().Get("session_id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return sid != "" && s.sessions[sid]
}

// serveAPI serves /api/<model>/[<id>/].
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/api/"), "/")
	parts := strings.Split(rest, "/")
	model := parts[0]
	var id int64
	if len(parts) > 2 || model == "" {
		notFound(w)
		return
	}
	if len(parts) == 2 {
		n, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil || n <= 0 {
			notFound(w)
			return
		}
		id = n
	}
	call := Call{HTTPMethod: r.Method, Path: r.URL.Path, Model: model}
	switch r.Method {
	case http.MethodGet:
		call.Op = "read"
	case http.MethodPost:
		if id != 0 {
			notFound(w)
			return
		}
		call.Op = "create"
	case http.MethodPut:
		call.Op = "write"
	case http.MethodDelete:
		if id == 0 {
			notFound(w)
			return
		}
		call.Op = "unlink"
	default:
		w.Header().Set("Allow", "GET, POST, PUT, DELETE")
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	jsonRoute := r.Method == http.MethodPost || r.Method == http.MethodPut
	var req *rpcRequest
	if jsonRoute {
		var ok bool
		if req, ok = readJSON(w, r); !ok {
			call.Err = "invalid JSON"
			s.log(call)
			return
		}
	}
	if !s.authorized(r) {
		call.Err = "session expired"
		s.log(call)
		if jsonRoute {
			writeJSON(w, 200, errorBody(req, sessionExpired))
			return
		}
		http.Redirect(w, r, "/web/login?redirect="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	run := func() (any, []int64, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.models[model] {
			if jsonRoute {
				return nil, nil, validationError("The model `%s` does not exist.", model)
			}
			return nil, nil, &odooError{code: 200, name: fmt.Sprintf("'%s'", model), message: fmt.Sprintf("The model `%s` does not exist.", model)}
		}
		switch r.Method {
		case http.MethodGet:
			if id != 0 {
				return s.readOne(model, id, r.URL.Query())
			}
			return s.readPage(model, r.URL.Query())
		case http.MethodPost:
			return s.create(model, req.Params)
		case http.MethodPut:
			return s.write(model, id, req.Params)
		default:
			return s.unlink(model, id)
		}
	}
	if s.fault(w, r, &call, func() {
		_, ids, err := run()
		call.IDs, call.Applied = ids, err == nil
	}) {
		return
	}
	res, ids, err := run()
	call.IDs = ids
	if err != nil {
		call.Err = err.Error()
		s.log(call)
		oe, _ := err.(*odooError)
		if oe == nil {
			oe = &odooError{code: 200, name: "builtins.Exception", message: err.Error()}
		}
		writeJSON(w, 200, errorBody(req, oe))
		return
	}
	call.Applied = true
	s.log(call)
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, 200, res)
	case http.MethodDelete:
		writeJSON(w, 200, map[string]any{"result": res})
	default:
		writeJSON(w, 200, resultBody(req, res))
	}
}

func (s *Server) create(model string, params json.RawMessage) (any, []int64, error) {
	var p struct {
		Data map[string]any `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil || p.Data == nil {
		return nil, nil, validationError("`data` parameter is not found on POST request body")
	}
	data := normalizeNumbers(p.Data).(map[string]any)
	switch model {
	case "product.template":
		if confs, ok := data["product"].([]any); ok {
			master := map[string]any{}
			for _, k := range []string{"name", "brand", "create_by", "fab_name", "categ_id"} {
				if v, ok := data[k]; ok {
					master[k] = v
				}
			}
			master["ref"] = data["product_ref"]
			mid := s.insert("product.master", master)
			ids := []int64{mid}
			for i, c := range confs {
				cm, ok := c.(map[string]any)
				if !ok {
					return nil, nil, validationError("product[%d] is not an object", i)
				}
				cm = maps.Clone(cm)
				cm["master_id"] = mid
				ids = append(ids, s.insert("product.template", cm))
			}
			return mid, ids, nil
		}
	case "res.partner":
		if n, _ := data["name"].(string); strings.TrimSpace(n) == "" {
			return nil, nil, validationError("Contacts require a name")
		}
	case "crm.lead":
		id := s.insert(model, data)
		ids := []int64{id}
		if qa, ok := data["quotation_address"].(map[string]any); ok && qa["ek_order_id"] != nil {
			so := map[string]any{
				"ek_order_id":  fmt.Sprint(qa["ek_order_id"]),
				"state":        "draft",
				"order_source": data["order_source"],
				"code_pos":     data["code_pos"],
				"lead_id":      id,
			}
			ids = append(ids, s.insert("sale.order", so))
		}
		return id, ids, nil
	}
	id := s.insert(model, data)
	return id, []int64{id}, nil
}

func (s *Server) write(model string, id int64, params json.RawMessage) (any, []int64, error) {
	var p struct {
		Filter json.RawMessage `json:"filter"`
		Data   map[string]any  `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil || p.Data == nil {
		return nil, nil, validationError("`data` parameter is not found on PUT request body")
	}
	data := normalizeNumbers(p.Data).(map[string]any)
	var ids []int64
	if id != 0 {
		if s.tables[model][id] == nil {
			return nil, nil, &odooError{code: 200, name: "odoo.exceptions.MissingError", message: fmt.Sprintf("Record does not exist or has been deleted.\n(Record: %s(%d,), User: 2)", model, id)}
		}
		ids = []int64{id}
	} else {
		if len(p.Filter) == 0 {
			return nil, nil, &odooError{code: 200, name: "builtins.KeyError", message: "'filter'"}
		}
		d, err := domain.ParseJSON(p.Filter)
		if err != nil {
			return nil, nil, &odooError{code: 200, name: "builtins.ValueError", message: "Invalid domain: " + err.Error()}
		}
		for _, rec := range s.records(model) {
			ok, err := domain.Match(d, rec, nil)
			if err != nil {
				return nil, nil, &odooError{code: 200, name: "builtins.ValueError", message: err.Error()}
			}
			if ok {
				ids = append(ids, rec["id"].(int64))
			}
		}
	}
	for _, rid := range ids {
		rec := s.tables[model][rid]
		for k, v := range data {
			if k != "id" {
				rec[k] = v
			}
		}
	}
	// The module answers True also when nothing matched.
	return true, ids, nil
}

func (s *Server) unlink(model string, id int64) (any, []int64, error) {
	if s.tables[model][id] == nil {
		return nil, nil, &odooError{code: 200, name: "odoo.exceptions.MissingError", message: "Record does not exist or has been deleted."}
	}
	delete(s.tables[model], id)
	return true, []int64{id}, nil
}

// parseQuery reads the top-level names of a query "{a, b{c}, d}"; nil
// means every field.
func parseQuery(q string) ([]string, error) {
	q = strings.TrimSpace(q)
	if q == "" || q == "{*}" {
		return nil, nil
	}
	if !strings.HasPrefix(q, "{") || !strings.HasSuffix(q, "}") {
		return nil, fmt.Errorf("query must be enclosed in {}")
	}
	inner := q[1 : len(q)-1]
	var names []string
	depth, start := 0, 0
	flush := func(end int) {
		n := strings.TrimSpace(inner[start:end])
		if i := strings.IndexByte(n, '{'); i >= 0 {
			n = strings.TrimSpace(n[:i])
		}
		if n != "" {
			names = append(names, n)
		}
	}
	for i, r := range inner {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced braces")
			}
		case ',':
			if depth == 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced braces")
	}
	flush(len(inner))
	if slices.Contains(names, "*") {
		return nil, nil
	}
	return names, nil
}

func project(rec map[string]any, names []string) map[string]any {
	if names == nil {
		return rec
	}
	out := map[string]any{}
	for _, n := range names {
		if v, ok := rec[n]; ok {
			out[n] = v
		} else {
			out[n] = false
		}
	}
	return out
}

func (s *Server) readOne(model string, id int64, q url.Values) (any, []int64, error) {
	rec := s.tables[model][id]
	if rec == nil {
		return nil, nil, &odooError{code: 200, name: "odoo.exceptions.MissingError", message: "Record does not exist or has been deleted."}
	}
	names, err := parseQuery(q.Get("query"))
	if err != nil {
		return nil, nil, &odooError{code: 200, name: "QueryFormatError", message: err.Error()}
	}
	return project(cloneDeep(rec), names), []int64{id}, nil
}

func (s *Server) readPage(model string, q url.Values) (any, []int64, error) {
	names, err := parseQuery(q.Get("query"))
	if err != nil {
		return nil, nil, &odooError{code: 200, name: "QueryFormatError", message: err.Error()}
	}
	recs := s.records(model)
	if f := q.Get("filter"); f != "" {
		d, err := domain.ParseJSON([]byte(f))
		if err != nil {
			return nil, nil, &odooError{code: 200, name: "builtins.ValueError", message: "Invalid domain: " + err.Error()}
		}
		kept := recs[:0]
		for _, rec := range recs {
			ok, err := domain.Match(d, rec, nil)
			if err != nil {
				return nil, nil, &odooError{code: 200, name: "builtins.ValueError", message: err.Error()}
			}
			if ok {
				kept = append(kept, rec)
			}
		}
		recs = kept
	}
	if o := q.Get("order"); o != "" {
		var order string
		if err := json.Unmarshal([]byte(o), &order); err != nil {
			return nil, nil, &odooError{code: 200, name: "json.decoder.JSONDecodeError", message: err.Error()}
		}
		f := strings.Fields(order)
		if len(f) > 0 && f[0] == "id" && len(f) > 1 && strings.EqualFold(f[1], "desc") {
			sort.SliceStable(recs, func(i, j int) bool { return recs[i]["id"].(int64) > recs[j]["id"].(int64) })
		}
	}
	var prev, next any
	total, current := 1, 1
	if ps := q.Get("page_size"); ps != "" {
		size, err := strconv.Atoi(ps)
		if err != nil || size <= 0 {
			return nil, nil, &odooError{code: 200, name: "builtins.ValueError", message: "invalid page_size"}
		}
		total = (len(recs) + size - 1) / size
		if p := q.Get("page"); p != "" {
			if current, err = strconv.Atoi(p); err != nil {
				return nil, nil, &odooError{code: 200, name: "builtins.ValueError", message: "invalid page"}
			}
		}
		start, stop := size*(current-1), size*current
		start, stop = min(max(start, 0), len(recs)), min(max(stop, 0), len(recs))
		recs = recs[start:stop]
		if current+1 > 0 && current+1 <= total {
			next = current + 1
		}
		if current-1 > 0 && current-1 <= total {
			prev = current - 1
		}
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			return nil, nil, &odooError{code: 200, name: "builtins.ValueError", message: "invalid limit"}
		}
		recs = recs[:min(n, len(recs))]
	}
	out := make([]any, 0, len(recs))
	ids := make([]int64, 0, len(recs))
	for _, rec := range recs {
		out = append(out, project(rec, names))
		ids = append(ids, rec["id"].(int64))
	}
	return map[string]any{"count": len(out), "prev": prev, "current": current, "next": next,
		"total_pages": total, "result": out}, ids, nil
}

// pause waits d or until the request is cancelled.
func pause(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}
