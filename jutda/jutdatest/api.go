package jutdatest

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// apiPath is django-helpdesk's URL pattern ^api/(?P<method>[a-z_-]+)/$;
// noSlash the same path without its trailing slash, which Django's
// CommonMiddleware (APPEND_SLASH) redirects.
var (
	apiPath = regexp.MustCompile(`^/api/([a-z_-]+)/$`)
	noSlash = regexp.MustCompile(`^/api/[a-z_-]+$`)
)

// serveHTTP hands the request to the fault engine, which runs it (or not,
// as a fault says), logs it and writes the reply.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	m := apiPath.FindStringSubmatch(r.URL.Path)
	method := ""
	if m != nil {
		method = m[1]
	}
	// Read the form first, so a dropped connection happens after the
	// whole request arrived.
	form := parseForm(r)
	call := Call{Method: method, HTTPMethod: r.Method, Path: r.URL.Path, Login: last(form, s.cfg.userField), Form: url.Values{}}
	for k, vs := range form {
		if k != s.cfg.passwordField {
			call.Form[k] = vs // Log copies them
		}
	}
	s.faults.Serve(w, r, faultengine.Exchange[fault.Single]{
		Call:    call,
		NoFault: m == nil,
		Run: func(c *Call) *faultengine.Reply {
			rec := httptest.NewRecorder()
			c.Applied = s.handle(rec, r, method, m != nil, form)
			if l := s.cfg.logger; l != nil {
				l.Debug("jutdatest", "method", method, "http_method", r.Method, "user", c.Login, "status", rec.Code, "applied", c.Applied)
			}
			return recorded(rec)
		},
		Custom: func(f *Fault, _ *Call) *faultengine.Reply {
			if f.Kind != fault.ServerPage {
				return nil
			}
			rec := httptest.NewRecorder()
			apiCall{s: s, w: rec, form: form}.serverError("injected fault")
			return recorded(rec)
		},
	})
}

func recorded(rec *httptest.ResponseRecorder) *faultengine.Reply {
	res := rec.Result()
	h := res.Header.Clone()
	h.Del("Content-Length")
	return &faultengine.Reply{Status: res.StatusCode, Header: h, Body: rec.Body.Bytes()}
}

// parseForm reads the POST form as Django's request.POST: url-encoded or
// multipart bodies; anything else is an empty form.
func parseForm(r *http.Request) url.Values {
	if r.Method != http.MethodPost {
		return url.Values{}
	}
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "multipart/form-data") {
		if err := r.ParseMultipartForm(1 << 20); err == nil && r.MultipartForm != nil {
			return url.Values(r.MultipartForm.Value)
		}
		return url.Values{}
	}
	if err := r.ParseForm(); err != nil {
		return url.Values{}
	}
	return r.PostForm
}

// last is QueryDict.get: the last value of key, "" when absent.
func last(v url.Values, key string) string {
	vs := v[key]
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

// has reports whether the form has key (QueryDict.get's default applies
// otherwise).
func has(v url.Values, key string) bool { return len(v[key]) > 0 }

// handle is api.api: it answers into w and reports whether the call ran
// to completion.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, method string, isAPI bool, form url.Values) bool {
	if !isAPI && noSlash.MatchString(r.URL.Path) {
		if s.cfg.debugPages && r.Method == http.MethodPost {
			// With DEBUG on, CommonMiddleware refuses to redirect a POST.
			apiCall{s: s, w: w, form: form}.serverError("You called this URL via POST, but the URL doesn't end in a slash and you have APPEND_SLASH set.")
			return false
		}
		// Django's HttpResponsePermanentRedirect: 301, empty body, the
		// path with its slash (and the query) in Location.
		loc := r.URL.Path + "/"
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", loc)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusMovedPermanently)
		return false
	}
	if !isAPI {
		// Django's page_not_found without a 404.html template: its
		// built-in page, content type "text/html" without charset.
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n")
		return false
	}
	if method == "help" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(helpPage))
		return true
	}
	if r.Method != http.MethodPost {
		// No Allow header: api_return sets r.Allow, an attribute of the
		// HttpResponse object, which Django never sends as a header.
		apiReturn(w, http.StatusMethodNotAllowed, "", false)
		return false
	}
	u := s.authenticate(form)
	if u == nil {
		apiReturn(w, http.StatusForbidden, "", false)
		return false
	}
	a := apiCall{s: s, w: w, form: form, user: u}
	switch method {
	case "create_ticket":
		return a.createTicket()
	case "list_queues":
		return a.listQueues()
	case "find_user":
		return a.findUser()
	case "delete_ticket":
		return a.deleteTicket()
	case "hold_ticket":
		return a.setHold(true)
	case "unhold_ticket":
		return a.setHold(false)
	case "add_followup":
		return a.addFollowup()
	case "resolve":
		return a.resolve()
	}
	apiReturn(w, http.StatusBadRequest, "", false)
	return false
}

// apiReturn is api_return: text/plain (text/json for a JSON 200).
func apiReturn(w http.ResponseWriter, status int, text string, json bool) {
	ct := "text/plain"
	if status == http.StatusOK && json {
		ct = "text/json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

// authenticate is Django's authenticate(username=POST.get('user', False),
// password=POST.get('password')): active users with a password only.
func (s *Server) authenticate(form url.Values) *user {
	if !has(form, s.cfg.userField) || !has(form, s.cfg.passwordField) {
		return nil
	}
	name, pw := last(form, s.cfg.userField), last(form, s.cfg.passwordField)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.Username == name && u.Active && u.password != "" && u.password == pw {
			cp := *u
			return &cp
		}
	}
	return nil
}

type apiCall struct {
	s    *Server
	w    http.ResponseWriter
	form url.Values
	user *user
}

func (a apiCall) ok(text string) bool {
	apiReturn(a.w, http.StatusOK, text, false)
	return true
}

func (a apiCall) fail(text string) bool {
	apiReturn(a.w, http.StatusBadRequest, text, false)
	return false
}

// serverError is Django's 500: the generic page (server_error without a
// 500.html template: content type "text/html" without charset), or the
// DEBUG page that lists the POST fields.
func (a apiCall) serverError(exc string) bool {
	if !a.s.cfg.debugPages {
		a.w.Header().Set("Content-Type", "text/html")
		a.w.WriteHeader(http.StatusInternalServerError)
		_, _ = a.w.Write([]byte("\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"))
		return false
	}
	a.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	a.w.WriteHeader(http.StatusInternalServerError)
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>ValueError at /api/</title></head>\n<body>\n<div id=\"summary\"><h1>ValueError</h1><pre class=\"exception_value\">%s</pre></div>\n", html.EscapeString(exc))
	b.WriteString("<h3 id=\"post-info\">POST</h3>\n<table class=\"req\"><thead><tr><th>Variable</th><th>Value</th></tr></thead><tbody>\n")
	keys := make([]string, 0, len(a.form))
	for k := range a.form {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "<tr><td>%s</td><td class=\"code\"><pre>&#x27;%s&#x27;</pre></td></tr>\n", html.EscapeString(k), html.EscapeString(last(a.form, k)))
	}
	b.WriteString("</tbody></table>\n</body>\n</html>\n")
	_, _ = a.w.Write([]byte(b.String()))
	return false
}

// ticket is Ticket.objects.get(id=POST.get('ticket', False)): a missing
// field is id 0 (not found); a value that is not an integer is a 500.
// It returns nil after answering.
func (a apiCall) ticket() *Ticket {
	raw := "0"
	if has(a.form, "ticket") {
		raw = last(a.form, "ticket")
	}
	id, err := pyInt(raw)
	if err == strconv.ErrRange {
		// Guessed from Django 3.2 on SQLite (no capture): the database
		// driver cannot bind an integer beyond 64 bits and raises
		// OverflowError, a 500.
		a.serverError("Python int too large to convert to SQLite INTEGER")
		return nil
	}
	if err != nil {
		a.serverError(fmt.Sprintf("Field 'id' expected a number but got '%s'.", raw))
		return nil
	}
	t, ok := a.s.tickets[id]
	if !ok {
		a.fail("Invalid ticket ID")
		return nil
	}
	return t
}

// pyInt is Python's int(str): surrounding whitespace, a sign and
// underscores between digits are allowed. A number beyond 64 bits is
// strconv.ErrRange.
func pyInt(s string) (int64, error) {
	s = strings.TrimSpace(s)
	sign := int64(1)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return 0, strconv.ErrSyntax
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, strconv.ErrRange // a number the database cannot hold
		}
		return 0, err
	}
	return sign * n, nil
}

func (a apiCall) createTicket() bool {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	f, errs := a.s.ticketForm(a.form)
	if len(errs) > 0 {
		return a.fail(errs.asText())
	}
	t := &Ticket{ID: a.s.nextTicket, Queue: f.queue, Title: f.title, Description: f.body, SubmitterEmail: f.email,
		AssignedTo: f.assignedTo, Priority: f.priority, DueDate: f.dueDate, Status: StatusOpen, Created: a.s.cfg.clock()}
	a.s.nextTicket++
	owner := a.s.userByID(f.assignedTo)
	title := "Ticket Opened"
	if owner != nil {
		title = "Ticket Opened & Assigned to " + owner.displayName()
	}
	t.Followups = append(t.Followups, Followup{Title: title, Comment: f.body, Public: true, User: a.user.Username, Date: t.Created})
	a.s.tickets[t.ID] = t
	// TicketForm.save's mails, in its order, each address once.
	sent := map[string]bool{}
	send := func(to, template string) {
		if to != "" && !sent[to] {
			a.s.mail(to, template, t.ID)
			sent[to] = true
		}
	}
	send(t.SubmitterEmail, "newticket_submitter")
	if owner != nil && owner.ID != a.user.ID {
		if owner.Settings == nil {
			a.serverError("User has no usersettings.") // the ticket is saved
			return true
		}
		if owner.Settings.EmailOnTicketAssign {
			send(owner.Email, "assigned_owner")
		}
	}
	q := a.s.queue(t.Queue)
	send(q.NewTicketCC, "newticket_cc")
	if q.UpdatedTicketCC != q.NewTicketCC {
		send(q.UpdatedTicketCC, "newticket_cc")
	}
	return a.ok(strconv.FormatInt(t.ID, 10))
}

func (a apiCall) listQueues() bool {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	// The model's ordering is by title (the database's collation; byte
	// order here), then by id.
	qs := slices.Clone(a.s.queues)
	slices.SortStableFunc(qs, func(x, y *Queue) int { return strings.Compare(x.Title, y.Title) })
	var b strings.Builder
	b.WriteByte('[')
	for i, q := range qs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"id": %s, "title": %s}`, pyJSONString(strconv.FormatInt(q.ID, 10)), pyJSONString(q.Title))
	}
	b.WriteByte(']')
	apiReturn(a.w, http.StatusOK, b.String(), true)
	return true
}

func (a apiCall) findUser() bool {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	if has(a.form, "username") {
		name := last(a.form, "username")
		for _, u := range a.s.users {
			if u.Username == name {
				return a.ok(strconv.FormatInt(u.ID, 10))
			}
		}
	}
	return a.fail("Invalid username provided")
}

func (a apiCall) deleteTicket() bool {
	if last(a.form, "confirm") == "" {
		return a.fail("No confirmation provided")
	}
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	t := a.ticket()
	if t == nil {
		return false
	}
	delete(a.s.tickets, t.ID)
	return a.ok("")
}

func (a apiCall) setHold(on bool) bool {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	t := a.ticket()
	if t == nil {
		return false
	}
	t.OnHold = on
	return a.ok("")
}

func (a apiCall) addFollowup() bool {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	t := a.ticket()
	if t == nil {
		return false
	}
	message := last(a.form, "message")
	public := "n"
	if has(a.form, "public") {
		public = last(a.form, "public")
	}
	if public != "y" && public != "n" {
		return a.fail("Invalid 'public' flag")
	}
	if message == "" {
		return a.fail("Blank message")
	}
	// The real code's `if public:` is true for 'n' too.
	isPublic := public != ""
	t.Followups = append(t.Followups, Followup{Title: "Comment Added", Comment: message, Public: isPublic,
		User: a.user.Username, Date: a.s.cfg.clock()})
	sent := a.notify(t, isPublic, "updated")
	if owner := a.s.userByID(t.AssignedTo); owner != nil && owner.ID != a.user.ID {
		if owner.Settings == nil {
			a.serverError("User has no usersettings.") // the follow-up is saved
			return true
		}
		if owner.Settings.EmailOnAPIChange && owner.Email != "" && !sent[owner.Email] {
			a.s.mail(owner.Email, "updated_owner", t.ID)
		}
	}
	return a.ok("")
}

func (a apiCall) resolve() bool {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	t := a.ticket()
	if t == nil {
		return false
	}
	resolution := last(a.form, "resolution")
	if resolution == "" {
		return a.fail("Blank resolution")
	}
	t.Followups = append(t.Followups, Followup{Title: "Resolved", Comment: resolution, Public: true,
		User: a.user.Username, Date: a.s.cfg.clock()})
	a.notify(t, true, "resolved")
	// The real code reads the owner's setting with getattr on a dict, so
	// it never e-mails the owner; it still reads the settings row.
	if owner := a.s.userByID(t.AssignedTo); owner != nil && owner.ID != a.user.ID && owner.Settings == nil {
		a.serverError("User has no usersettings.") // the follow-up is saved, the status is not
		return true
	}
	t.Status = StatusResolved // t.Resolution stays empty: the real code misspells it
	return a.ok("")
}

// notify records a follow-up's e-mails: the submitter when public, the
// queue's CC address always; it returns the addresses mailed. s.mu held.
func (a apiCall) notify(t *Ticket, public bool, kind string) map[string]bool {
	sent := map[string]bool{}
	if public && t.SubmitterEmail != "" {
		a.s.mail(t.SubmitterEmail, kind+"_submitter", t.ID)
		sent[t.SubmitterEmail] = true
	}
	if q := a.s.queue(t.Queue); q != nil && q.UpdatedTicketCC != "" && !sent[q.UpdatedTicketCC] {
		a.s.mail(q.UpdatedTicketCC, kind+"_cc", t.ID)
		sent[q.UpdatedTicketCC] = true
	}
	return sent
}

// pyJSONString writes s as Python's json.dumps does (ensure_ascii).
func pyJSONString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || (r >= 0x7f && r <= 0xffff):
			fmt.Fprintf(&b, `\u%04x`, r)
		case r > 0xffff:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// helpPage is a shortened help_api.html. It keeps the real page's
// contradiction: the prose asks for "user" and "password" (what the code
// reads), the sample POST data lists "username=" (the curl line "user=").
const helpPage = `<!DOCTYPE html>
<html><head><title>django-helpdesk API Documentation</title></head>
<body>
<h1>django-helpdesk API Documentation</h1>
<h2 id='request'>Request Basics &amp; Authentication</h2>
<p>All requests to the API must be made using HTTP POST requests, to /api/&lt;method&gt;/.</p>
<p>Your POST must include both <em>user</em> and <em>password</em> parameters.</p>
<p>A sample request for the method <em>hold_ticket</em> may look like this:</p>
<ul><li>A HTTP POST to <em>/api/hold_ticket/</em></li>
<li>A set of POST data containing:<ul><li>username=susan</li><li>password=fido</li><li>ticket=31794</li></ul></li></ul>
<pre>/usr/bin/curl /api/hold_ticket/ --data "user=susan&amp;password=fido&amp;ticket=31794"</pre>
<h2 id='methods'>Method Documentation</h2>
<ul><li>create_ticket</li><li>delete_ticket</li><li>hold_ticket</li><li>unhold_ticket</li>
<li>add_followup</li><li>resolve</li><li>list_queues</li><li>find_user</li></ul>
</body></html>
`
