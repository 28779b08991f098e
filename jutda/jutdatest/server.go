package jutdatest

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// The API user of a new server.
const (
	DefaultLogin    = "api"
	DefaultPassword = "api-secret"
)

// Status is a ticket's status, with django-helpdesk's values.
type Status int

// The statuses.
const (
	StatusOpen      Status = 1
	StatusReopened  Status = 2
	StatusResolved  Status = 3
	StatusClosed    Status = 4
	StatusDuplicate Status = 5
)

var statusNames = map[Status]string{StatusOpen: "Open", StatusReopened: "Reopened", StatusResolved: "Resolved",
	StatusClosed: "Closed", StatusDuplicate: "Duplicate"}

// String returns the status's label ("Open", "Resolved", ...).
func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Queue is a ticket queue.
type Queue struct {
	ID    int64
	Title string
	// NewTicketCC is e-mailed ("newticket_cc") on every new ticket.
	NewTicketCC string
	// UpdatedTicketCC is e-mailed on every new ticket ("newticket_cc"),
	// follow-up ("updated_cc") and resolution ("resolved_cc").
	UpdatedTicketCC string
}

// User is a helpdesk user.
type User struct {
	ID       int64
	Username string
	Email    string
	// FullName is Django's get_full_name() (first and last name); the
	// follow-up titles use it instead of Username when it is set.
	FullName string
	// Active users can log in (with a password) and be assigned tickets.
	Active bool
	// Settings is the user's helpdesk settings row; nil when the user has
	// none (see SetUserSettings).
	Settings *UserSettings
}

// UserSettings is a user's row of helpdesk.UserSettings: the server creates
// one with DefaultUserSettings for every user it creates, so only users
// created before the helpdesk app was installed (or whose row was deleted)
// have none.
type UserSettings struct {
	// EmailOnTicketAssign: create_ticket e-mails the user a ticket
	// assigned to them by someone else ("assigned_owner").
	EmailOnTicketAssign bool
	// EmailOnAPIChange: add_followup e-mails the user a follow-up on their
	// ticket added by someone else ("updated_owner"). resolve reads the
	// setting wrongly (getattr on a dict) and never e-mails the owner.
	EmailOnAPIChange bool
}

// DefaultUserSettings are django-helpdesk's DEFAULT_USER_SETTINGS.
var DefaultUserSettings = UserSettings{EmailOnTicketAssign: true, EmailOnAPIChange: true}

// Followup is a comment on a ticket.
type Followup struct {
	Title   string // "Ticket Opened", "Comment Added", "Resolved"
	Comment string
	Public  bool
	User    string // who added it
	Date    time.Time
}

// Ticket is a ticket as the server stores it.
type Ticket struct {
	ID             int64
	Queue          int64
	Title          string
	Description    string
	SubmitterEmail string
	AssignedTo     int64 // user id, 0 for nobody
	Priority       int
	DueDate        time.Time
	Status         Status
	OnHold         bool
	// Resolution stays empty after resolve, as on the real server.
	Resolution string
	Created    time.Time
	Followups  []Followup
}

func (t *Ticket) clone() Ticket {
	cp := *t
	cp.Followups = slices.Clone(t.Followups)
	return cp
}

// Email is a message the server would have sent.
type Email struct {
	To       string
	Template string // e.g. "newticket_submitter", "updated_submitter", "resolved_submitter"
	Ticket   int64
}

// Option configures a Server.
type Option func(*config)

type config struct {
	queues        []string
	users         [][2]string
	clock         func() time.Time
	debugPages    bool
	userField     string
	passwordField string
	logger        *slog.Logger
}

// WithQueue adds a queue after the default ones.
func WithQueue(title string) Option { return func(c *config) { c.queues = append(c.queues, title) } }

// WithUser adds an active user who logs in with password.
func WithUser(username, password string) Option {
	return func(c *config) { c.users = append(c.users, [2]string{username, password}) }
}

// WithClock sets the clock that dates tickets and follow-ups (default
// time.Now in UTC).
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithDebugPages makes a 500 answer Django's DEBUG page, which lists the
// request's POST fields, password included: a client must not let it reach
// its errors or logs unredacted.
func WithDebugPages() Option { return func(c *config) { c.debugPages = true } }

// WithCredentialFields makes the server read the credentials from other
// form fields, like an install patched to read "username".
func WithCredentialFields(userField, passwordField string) Option {
	return func(c *config) { c.userField, c.passwordField = userField, passwordField }
}

// WithLogger logs every request at debug level (method, status, fault;
// never the password).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// Server is an in-memory Jutda helpdesk. Its URL is the helpdesk's base
// URL: the API is under URL + "/api/".
type Server struct {
	// URL is the base URL, http://127.0.0.1:port, without trailing slash.
	URL string

	ts  *httptest.Server
	cfg config
	// Injector is the fault queue and the call log (InjectFault,
	// ClearFaults, PendingFaults, Calls, CallCount, Requests, ResetCalls),
	// the same in every fake of the module; NewServer sets it.
	fault.Injector[fault.Single]
	faults *faultengine.Engine[fault.Single]

	mu         sync.Mutex
	queues     []*Queue
	users      []*user
	tickets    map[int64]*Ticket
	nextTicket int64
	emails     []Email
}

type user struct {
	User
	password string
}

// NewServer starts a server on a loopback port. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{userField: "user", passwordField: "password", clock: func() time.Time { return time.Now().UTC() }}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{cfg: cfg, tickets: map[int64]*Ticket{}, nextTicket: 1, faults: faultengine.New[fault.Single](true, cfg.logger)}
	s.Injector = s.faults
	s.AddQueue("Support")
	s.AddQueue("Billing")
	s.AddUser(DefaultLogin, DefaultPassword)
	s.addUser("alice", "", "alice@helpdesk.example")
	s.addUser("bob", "", "bob@helpdesk.example")
	for _, q := range cfg.queues {
		s.AddQueue(q)
	}
	for _, u := range cfg.users {
		s.AddUser(u[0], u[1])
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.ts.URL
	return s
}

// Close shuts the server down, waiting for the requests being served.
func (s *Server) Close() { s.ts.Close() }

// Client returns an *http.Client for the server (closed with it).
func (s *Server) Client() *http.Client { return s.ts.Client() }

// CloseClientConnections resets every open connection to the server.
func (s *Server) CloseClientConnections() { s.ts.CloseClientConnections() }

// AddQueue adds a queue and returns its id.
func (s *Server) AddQueue(title string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := &Queue{ID: int64(len(s.queues) + 1), Title: title}
	s.queues = append(s.queues, q)
	return q.ID
}

// SetQueueCC sets the queue's "new ticket" and "updated ticket" CC
// addresses ("" for none).
func (s *Server) SetQueueCC(queue int64, newTicket, updated string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.queue(queue); q != nil {
		q.NewTicketCC, q.UpdatedTicketCC = newTicket, updated
		return true
	}
	return false
}

// Queues returns the queues, by id.
func (s *Server) Queues() []Queue {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Queue, len(s.queues))
	for i, q := range s.queues {
		out[i] = *q
	}
	return out
}

// AddUser adds an active user and returns its id. An empty password makes
// a user who cannot log in (but can be found and assigned).
func (s *Server) AddUser(username, password string) int64 {
	return s.addUser(username, password, username+"@helpdesk.example")
}

func (s *Server) addUser(username, password, email string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := DefaultUserSettings
	u := &user{User: User{ID: int64(len(s.users) + 1), Username: username, Email: email, Active: true, Settings: &st}, password: password}
	s.users = append(s.users, u)
	return u.ID
}

// SetUserActive activates or deactivates user id: an inactive user cannot
// log in nor be assigned, but FindUser still finds it.
func (s *Server) SetUserActive(id int64, active bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.ID == id {
			u.Active = active
			return true
		}
	}
	return false
}

// SetUserFullName sets user id's full name ("" for none).
func (s *Server) SetUserFullName(id int64, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.userByID(id); u != nil {
		u.FullName = name
		return true
	}
	return false
}

// SetUserSettings sets user id's settings row; nil removes it. Without a
// row, the real code fails with a 500 when it reads the settings: a
// create_ticket assigning the ticket to that user (someone else than the
// API user) saves the ticket and then answers 500, and add_followup and
// resolve on such a ticket save their follow-up and then answer 500.
func (s *Server) SetUserSettings(id int64, st *UserSettings) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.userByID(id); u != nil {
		if st != nil {
			cp := *st
			st = &cp
		}
		u.Settings = st
		return true
	}
	return false
}

// Users returns the users, by id (without passwords).
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, len(s.users))
	for i, u := range s.users {
		out[i] = u.User
		if u.Settings != nil {
			st := *u.Settings
			out[i].Settings = &st
		}
	}
	return out
}

// Ticket returns ticket id.
func (s *Server) Ticket(id int64) (Ticket, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tickets[id]
	if !ok {
		return Ticket{}, false
	}
	return t.clone(), true
}

// Tickets returns every ticket, by id.
func (s *Server) Tickets() []Ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Ticket, 0, len(s.tickets))
	for _, t := range s.tickets {
		out = append(out, t.clone())
	}
	slices.SortFunc(out, func(a, b Ticket) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// AddTicket stores t without the wire (no follow-up, no e-mail) and
// returns its id; t.ID is ignored, an empty Status is Open and an empty
// Priority 3.
func (s *Server) AddTicket(t Ticket) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.ID = s.nextTicket
	s.nextTicket++
	if t.Status == 0 {
		t.Status = StatusOpen
	}
	if t.Priority == 0 {
		t.Priority = 3
	}
	if t.Created.IsZero() {
		t.Created = s.cfg.clock()
	}
	t.Followups = slices.Clone(t.Followups)
	s.tickets[t.ID] = &t
	return t.ID
}

// Emails returns the e-mails the server would have sent, oldest first.
func (s *Server) Emails() []Email {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.emails)
}

// queue returns queue id; s.mu held.
func (s *Server) queue(id int64) *Queue {
	for _, q := range s.queues {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// userByID returns user id; s.mu held.
func (s *Server) userByID(id int64) *user {
	for _, u := range s.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// displayName is Ticket.get_assigned_to: the full name, else the
// username.
func (u *user) displayName() string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Username
}

// mail records an e-mail; s.mu held.
func (s *Server) mail(to, template string, ticket int64) {
	if to != "" {
		s.emails = append(s.emails, Email{To: to, Template: template, Ticket: ticket})
	}
}
