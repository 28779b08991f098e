package odootest

import (
	"net"
	"net/http"
	"regexp"
	"slices"
	"time"
)

// WithDatabases makes the server serve several databases without a
// database filter (Odoo without --db-filter), like the instance of
// odoo16/72-77: db.list and /web/database/list answer them all, a web
// login picks one, and a call_kw without a valid session answers the 404
// HTML page instead of a session expiry (no database is selected, so the
// route does not exist); JSON-2 needs X-Odoo-Database. Database answers
// the first. The databases share one store (the fake does not keep data
// per database).
func WithDatabases(names ...string) Option {
	return func(c *config) {
		if len(names) > 0 {
			c.database, c.databases = names[0], append([]string(nil), names...)
		}
	}
}

// WithDBFilter hides the databases whose name does not match pattern (a
// regular expression over the whole name, like Odoo's --db-filter) from
// the web session and JSON-2, while /jsonrpc still reaches them
// (odoo16/53, 54: a web login on the filtered-out database answers
// AccessError "Database not found.", execute_kw on it works). NewServer
// panics on a pattern that does not compile.
func WithDBFilter(pattern string) Option {
	return func(c *config) { c.dbFilter = regexp.MustCompile("^(?:" + pattern + ")$") }
}

// Databases answers the databases the server serves (filtered-out ones
// too).
func (s *Server) Databases() []string { return slices.Clone(s.cfg.databases) }

// hasDatabase reports whether db exists (the /jsonrpc view: odoo16/54).
func (s *Server) hasDatabase(db string) bool { return slices.Contains(s.cfg.databases, db) }

// visibleDatabase reports whether db exists and passes the db filter (the
// view of the web session and JSON-2).
func (s *Server) visibleDatabase(db string) bool {
	return s.hasDatabase(db) && (s.cfg.dbFilter == nil || s.cfg.dbFilter.MatchString(db))
}

// databases answers the databases db.list and /web/database/list show:
// those the filter lets through (odoo16/72, 73).
func (s *Server) databases() []any {
	var out []any
	for _, db := range s.cfg.databases {
		if s.visibleDatabase(db) {
			out = append(out, db)
		}
	}
	return out
}

// multiDB reports whether several databases are visible, so that a
// request without a session selects none (odoo16/76: 404 HTML).
func (s *Server) multiDB() bool { return len(s.databases()) > 1 }

// Login lockout (odoo16/78-80; res.users._assert_can_auth): after
// loginCooldownAfter failed web logins from one address, each less than
// loginCooldown after the previous, every web login from there answers
// AccessDenied "Too many login failures" until loginCooldown has passed
// since the last failure. A successful login clears the count. /jsonrpc
// logins neither count nor are refused (odoo16/80).
const (
	loginCooldownAfter = 10
	loginCooldown      = 60 * time.Second
)

type loginFailures struct {
	n    int
	last time.Time
}

func remoteHost(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

// lockedOut reports whether web logins from r's address are on cooldown.
func (s *Server) lockedOut(r *http.Request) bool {
	s.amu.Lock()
	defer s.amu.Unlock()
	f := s.failures[remoteHost(r)]
	return f.n >= loginCooldownAfter && s.cfg.clock().Sub(f.last) < loginCooldown
}

// loginFailed counts a failed web login from r's address.
func (s *Server) loginFailed(r *http.Request) {
	s.amu.Lock()
	defer s.amu.Unlock()
	if s.failures == nil {
		s.failures = map[string]loginFailures{}
	}
	h := remoteHost(r)
	f := s.failures[h]
	s.failures[h] = loginFailures{n: f.n + 1, last: s.cfg.clock()}
}

// loginSucceeded clears r's address's failures.
func (s *Server) loginSucceeded(r *http.Request) {
	s.amu.Lock()
	defer s.amu.Unlock()
	delete(s.failures, remoteHost(r))
}

// markUsed marks a session as having made a call; it reports whether this
// was its first.
func (s *Server) markUsed(sid string) bool {
	s.amu.Lock()
	defer s.amu.Unlock()
	if sess := s.sessions[sid]; sess != nil && !sess.used {
		sess.used = true
		return true
	}
	return false
}
