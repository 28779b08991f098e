package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/internal/capture"
)

// The real Odoo 16 captures, kept in the repository so a fresh clone tests
// against them (see testdata/fixtures/README.md at the module root).
const fixtureDir = "../testdata/fixtures/odoo16"

// fixture is one capture of fixtureDir.
type fixture = capture.Capture

func loadFixture(t *testing.T, prefix string) *fixture {
	t.Helper()
	return capture.MustNumbered(t, fixtureDir, prefix)
}

// fixtureServer serves auth (a login fixture) for login requests and the
// fixture under test for every other request; it counts logins.
type fixtureServer struct {
	*httptest.Server
	mu     sync.Mutex
	logins int
	calls  int
}

func newFixtureServer(t *testing.T, login, call *fixture) *fixtureServer {
	fs := &fixtureServer{}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		isLogin := r.URL.Path == "/web/session/authenticate" ||
			(r.URL.Path == "/jsonrpc" && bytes.Contains(body, []byte(`"method":"authenticate"`)))
		fs.mu.Lock()
		if isLogin {
			fs.logins++
		} else {
			fs.calls++
		}
		fs.mu.Unlock()
		if isLogin && login != nil {
			login.Serve(w, nil)
			return
		}
		call.Serve(w, nil)
	}))
	t.Cleanup(fs.Close)
	return fs
}

type fxTicket struct {
	ID           int64    `odoo:"id"`
	Name         string   `odoo:"name"`
	Description  string   `odoo:"description"`
	Stage        Many2One `odoo:"stage_id"`
	Team         Many2One `odoo:"team_id"`
	User         Many2One `odoo:"user_id"`
	Partner      Many2One `odoo:"partner_id"`
	PartnerName  string   `odoo:"partner_name"`
	PartnerEmail string   `odoo:"partner_email"`
	Tags         IDs      `odoo:"tag_ids"`
	Priority     string   `odoo:"priority"`
	Created      DateTime `odoo:"create_date"`
	Closed       DateTime `odoo:"closed_date"`
	Category     Many2One `odoo:"category_id"`
	Type         Many2One `odoo:"type_id"`
	Number       string   `odoo:"number"`
}

type fxMessage struct {
	ID          int64     `odoo:"id"`
	Body        string    `odoo:"body"`
	Date        time.Time `odoo:"date"`
	Author      Many2One  `odoo:"author_id"`
	EmailFrom   string    `odoo:"email_from"`
	Type        string    `odoo:"message_type"`
	Subtype     Many2One  `odoo:"subtype_id"`
	Attachments IDs       `odoo:"attachment_ids"`
}

type fxAttachment struct {
	ID    int64  `odoo:"id"`
	Name  string `odoo:"name"`
	Datas []byte `odoo:"datas"`
	Size  int    `odoo:"file_size"`
	ResID int64  `odoo:"res_id"`
}

func TestFixtures(t *testing.T) {
	ctx := context.Background()
	authOK := loadFixture(t, "02")
	webOK := loadFixture(t, "38")
	errIs := func(targets ...error) func(t *testing.T, err error) {
		return func(t *testing.T, err error) {
			t.Helper()
			for _, target := range targets {
				if !errors.Is(err, target) {
					t.Errorf("error %v is not %v", err, target)
				}
			}
		}
	}
	errIsNot := func(targets ...error) func(t *testing.T, err error) {
		return func(t *testing.T, err error) {
			t.Helper()
			if err == nil {
				t.Fatal("no error")
			}
			for _, target := range targets {
				if errors.Is(err, target) {
					t.Errorf("error %v unexpectedly is %v", err, target)
				}
			}
		}
	}
	odooErr := func(name, model, method string) func(t *testing.T, err error) {
		return func(t *testing.T, err error) {
			t.Helper()
			var oe *Error
			if !errors.As(err, &oe) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if oe.Name != name || oe.Model != model || oe.Method != method {
				t.Errorf("error = {Name:%q Model:%q Method:%q}, want %q %q %q", oe.Name, oe.Model, oe.Method, name, model, method)
			}
			if strings.Contains(err.Error(), "Traceback") {
				t.Errorf("Error() holds the traceback: %v", err)
			}
		}
	}
	respErr := func(status int, snippet string) func(t *testing.T, err error) {
		return func(t *testing.T, err error) {
			t.Helper()
			var re *ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("error %T %v is not a *ResponseError", err, err)
			}
			if re.StatusCode != status || !strings.Contains(re.Body, snippet) {
				t.Errorf("ResponseError = %d %q, want %d containing %q", re.StatusCode, re.Body, status, snippet)
			}
			var se *json.SyntaxError
			if errors.As(err, &se) {
				t.Errorf("a JSON syntax error leaks: %v", err)
			}
		}
	}
	tests := []struct {
		fixture string
		proto   Protocol
		login   *fixture
		run     func(t *testing.T, c *Client) error
		check   []func(t *testing.T, err error)
		logins  int // -1: do not check
	}{
		{fixture: "01", run: func(t *testing.T, c *Client) error {
			v, err := c.Version(ctx)
			if err == nil && (v.ServerVersion != "16.0" || v.Major != 16 || v.Minor != 0 || v.ServerSerie != "16.0" || v.ProtocolVersion != 1) {
				t.Errorf("version = %+v", v)
			}
			return err
		}},
		{fixture: "02", run: func(t *testing.T, c *Client) error {
			err := c.Authenticate(ctx)
			if c.UID() != 2 {
				t.Errorf("UID = %d", c.UID())
			}
			return err
		}, logins: 1},
		{fixture: "03", run: func(t *testing.T, c *Client) error { return c.Authenticate(ctx) },
			check: []func(*testing.T, error){errIs(ErrAccessDenied), odooErr("odoo.exceptions.AccessDenied", "", "authenticate")}},
		{fixture: "04", run: func(t *testing.T, c *Client) error { return c.Authenticate(ctx) },
			check: []func(*testing.T, error){errIsNot(ErrAccessDenied, ErrUser), odooErr("psycopg2.OperationalError", "", "authenticate")}},
		{fixture: "05", login: authOK, run: func(t *testing.T, c *Client) error {
			got, err := NewModel[fxTicket](c, "helpdesk.ticket").SearchRead(ctx, domain.Gt("id", 0), &SearchOptions{Limit: 3, Order: "id asc"})
			if err != nil {
				return err
			}
			if len(got) != 3 {
				t.Fatalf("%d tickets", len(got))
			}
			t1, t3 := got[0], got[2]
			if t1.ID != 1 || t1.Stage != (Many2One{1, "New"}) || t1.Partner != (Many2One{11, "Gemini Furniture"}) ||
				t1.PartnerName != "" || t1.PartnerEmail != "" || len(t1.Tags) != 0 || t1.Priority != "1" ||
				!t1.Closed.IsZero() || !t1.Category.IsZero() || t1.Number != "HT00001" ||
				!t1.Created.Equal(time.Date(2026, 11, 24, 15, 40, 58, 0, time.UTC)) {
				t.Errorf("ticket 1 = %+v", t1)
			}
			if t3.PartnerEmail != "contact@tecsas.fr" || len(t3.Tags) != 1 || t3.Tags[0] != 1 || t3.Type != (Many2One{1, "Document issue"}) {
				t.Errorf("ticket 3 = %+v", t3)
			}
			return nil
		}},
		{fixture: "06", login: authOK, run: func(t *testing.T, c *Client) error {
			got, err := c.Read(ctx, "helpdesk.ticket", []int64{1, 2}, &ReadOptions{Fields: []string{"name", "stage_id", "tag_ids", "closed_date"}})
			if err == nil && (len(got) != 2 || got[1]["name"] != "Damaged Products" || got[0]["closed_date"] != false) {
				t.Errorf("read = %v", got)
			}
			return err
		}},
		{fixture: "07", login: authOK, run: func(t *testing.T, c *Client) error {
			_, err := NewModel[fxTicket](c, "helpdesk.ticket").Get(ctx, 999999, nil)
			return err
		}, check: []func(*testing.T, error){errIs(ErrMissing, ErrUser), odooErr("odoo.exceptions.MissingError", "helpdesk.ticket", "read")}},
		{fixture: "08", login: authOK, run: func(t *testing.T, c *Client) error {
			n, err := c.SearchCount(ctx, "helpdesk.ticket", domain.Eq("stage_id.closed", false), nil)
			if err == nil && n != 6 {
				t.Errorf("count = %d", n)
			}
			return err
		}},
		{fixture: "10", login: authOK, run: func(t *testing.T, c *Client) error {
			type stage struct {
				ID     int64  `odoo:"id"`
				Name   string `odoo:"name"`
				Seq    int    `odoo:"sequence"`
				Closed bool   `odoo:"closed"`
				Fold   bool   `odoo:"fold"`
				Teams  IDs    `odoo:"team_ids"`
			}
			got, err := NewModel[stage](c, "helpdesk.ticket.stage").SearchRead(ctx, domain.Domain{}, nil)
			if err == nil && (len(got) != 6 || got[3].Name != "Done" || !got[3].Closed || !got[3].Fold || got[0].Closed || got[5].Seq != 6) {
				t.Errorf("stages = %+v", got)
			}
			return err
		}},
		{fixture: "14", login: authOK, run: func(t *testing.T, c *Client) error {
			fs, err := c.FieldsGet(ctx, "helpdesk.ticket", nil)
			if err != nil {
				return err
			}
			name, prio, stage := fs["name"], fs["priority"], fs["stage_id"]
			if len(fs) != 61 || name.Type != "char" || !name.Required || name.String != "Title" ||
				prio.Type != "selection" || len(prio.Selection) != 4 || prio.Selection[3] != (SelectionOption{"3", "Very High"}) ||
				stage.Relation != "helpdesk.ticket.stage" || !fs["number"].ReadOnly {
				t.Errorf("fields = %d, name %+v, priority %+v, stage %+v", len(fs), name, prio, stage)
			}
			return nil
		}},
		{fixture: "15", login: authOK, run: func(t *testing.T, c *Client) error {
			id, err := c.Create(ctx, "helpdesk.ticket", Values{"name": "Printer on fire"}, nil)
			if err == nil && id != 12 {
				t.Errorf("id = %v", id)
			}
			return err
		}},
		{fixture: "16", login: authOK, run: func(t *testing.T, c *Client) error {
			ids, err := c.CreateMany(ctx, "helpdesk.ticket", []Values{{"name": "Batch A"}, {"name": "Batch B"}}, nil)
			if err == nil && (len(ids) != 2 || ids[0] != 13 || ids[1] != 14) {
				t.Errorf("ids = %v", ids)
			}
			return err
		}},
		{fixture: "17", login: authOK, run: func(t *testing.T, c *Client) error {
			return c.Write(ctx, "helpdesk.ticket", []int64{12}, Values{"tag_ids": Commands{Set(1, 2)}}, nil)
		}},
		{fixture: "19", login: authOK, run: func(t *testing.T, c *Client) error {
			_, err := c.Create(ctx, "helpdesk.ticket", Values{"description": "no name"}, nil)
			return err
		}, check: []func(*testing.T, error){errIs(ErrValidation, ErrUser), errIsNot(ErrUnknownField, deskbridge.ErrNotFound), odooErr("odoo.exceptions.ValidationError", "helpdesk.ticket", "create")}},
		{fixture: "20", login: authOK, run: func(t *testing.T, c *Client) error {
			_, err := c.Create(ctx, "helpdesk.ticket", Values{"priority": "9"}, nil)
			return err
		}, check: []func(*testing.T, error){errIsNot(ErrUnknownField, ErrUser, ErrValidation), odooErr("builtins.ValueError", "helpdesk.ticket", "create")}},
		{fixture: "21", login: authOK, run: func(t *testing.T, c *Client) error {
			return c.Write(ctx, "helpdesk.ticket", []int64{12}, Values{"no_such_field": 1}, nil)
		}, check: []func(*testing.T, error){errIs(ErrUnknownField), odooErr("builtins.ValueError", "helpdesk.ticket", "write")}},
		{fixture: "22", login: authOK, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Eq("no_such_field", 1), nil)
			return err
		}, check: []func(*testing.T, error){errIs(ErrUnknownField), errIsNot(deskbridge.ErrNotFound)}},
		{fixture: "23", login: authOK, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, nil)
			return err
		}, check: []func(*testing.T, error){errIsNot(ErrUnknownField, ErrUser, deskbridge.ErrNotFound), odooErr("builtins.TypeError", "helpdesk.ticket", "search_read")}},
		{fixture: "24", login: authOK, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.sla", domain.Domain{}, nil)
			return err
		}, check: []func(*testing.T, error){errIs(deskbridge.ErrNotFound, ErrUser), odooErr("odoo.exceptions.UserError", "helpdesk.sla", "search_read")}},
		{fixture: "25", login: authOK, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, nil)
			return err
		}, check: []func(*testing.T, error){errIs(ErrAccessDenied), errIsNot(ErrUser)}},
		{fixture: "26", login: authOK, run: func(t *testing.T, c *Client) error {
			got, err := c.NameSearch(ctx, "res.partner", "Deco", &NameSearchOptions{Limit: 3})
			if err == nil && (len(got) != 3 || got[1] != (Many2One{35, "Deco Addict, Addison Olson"})) {
				t.Errorf("name_search = %v", got)
			}
			return err
		}},
		{fixture: "27", login: authOK, run: func(t *testing.T, c *Client) error {
			got, err := c.ReadGroup(ctx, "helpdesk.ticket", domain.Domain{}, []string{"priority"}, nil)
			if err == nil && (len(got) != 4 || got[1].Count != 6 || got[1].Values["priority"] != "1" || !got[1].Domain.Equal(domain.Eq("priority", "1"))) {
				t.Errorf("read_group = %v", got)
			}
			return err
		}},
		{fixture: "28", login: authOK, run: func(t *testing.T, c *Client) error {
			var id int64
			err := c.CallMethodInto(ctx, "helpdesk.ticket", "message_post", []any{[]int64{12}}, map[string]any{"body": "<p>Internal note from the API</p>"}, &id)
			if err == nil && id != 37 {
				t.Errorf("message id = %d", id)
			}
			return err
		}},
		{fixture: "29", login: authOK, run: func(t *testing.T, c *Client) error {
			var msgs []fxMessage
			err := c.SearchReadInto(ctx, "mail.message", domain.Eq("res_id", 12), &SearchOptions{Fields: Fields[fxMessage]()}, &msgs)
			if err == nil && (len(msgs) != 3 || msgs[0].Body != "" || msgs[2].Body != "<p>Internal note from the API</p>" ||
				msgs[2].Author != (Many2One{3, "YourCompany, Mitchell Admin"}) || msgs[2].Type != "comment" ||
				!msgs[0].Date.Equal(time.Date(2026, 11, 24, 15, 42, 43, 0, time.UTC)) || msgs[1].Subtype.Name != "Note") {
				t.Errorf("messages = %+v", msgs)
			}
			return err
		}},
		{fixture: "33", login: authOK, run: func(t *testing.T, c *Client) error {
			got, err := NewModel[fxAttachment](c, "ir.attachment").Get(ctx, 199, nil)
			if err == nil && (string(got.Datas) != "hello world\n" || got.Size != 12 || got.ResID != 12 || got.Name != "log.txt") {
				t.Errorf("attachment = %+v", got)
			}
			return err
		}},
		{fixture: "34", login: authOK, run: func(t *testing.T, c *Client) error {
			return c.Unlink(ctx, "helpdesk.ticket", []int64{13, 14}, nil)
		}},
		{fixture: "35", login: authOK, run: func(t *testing.T, c *Client) error {
			return c.Unlink(ctx, "helpdesk.ticket", []int64{13, 14}, nil)
		}, check: []func(*testing.T, error){errIs(ErrMissing, ErrUser), odooErr("odoo.exceptions.MissingError", "helpdesk.ticket", "unlink")}},
		{fixture: "38", proto: WebSession, run: func(t *testing.T, c *Client) error {
			err := c.Authenticate(ctx)
			if err == nil && c.UID() != 2 {
				t.Errorf("UID = %d", c.UID())
			}
			return err
		}, logins: 1},
		{fixture: "39", proto: WebSession, logins: 1, run: func(t *testing.T, c *Client) error { return c.Authenticate(ctx) },
			check: []func(*testing.T, error){errIs(ErrAccessDenied), odooErr("odoo.exceptions.AccessDenied", "", "authenticate")}},
		{fixture: "40", proto: WebSession, login: webOK, run: func(t *testing.T, c *Client) error {
			got, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Le("id", 2), &SearchOptions{Fields: []string{"id", "name", "stage_id"}})
			if err == nil && (len(got) != 2 || got[0]["name"] != "Problem with the delivery of goods") {
				t.Errorf("search_read = %v", got)
			}
			return err
		}, logins: 1},
		{fixture: "42", proto: WebSession, run: func(t *testing.T, c *Client) error {
			v, err := c.Version(ctx)
			if err == nil && (v.Major != 16 || v.ServerVersion != "16.0") {
				t.Errorf("version = %+v", v)
			}
			return err
		}, logins: 0},
		// Session expired on every attempt: one re-login, then the error.
		{fixture: "43", proto: WebSession, login: webOK, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, nil)
			return err
		}, check: []func(*testing.T, error){errIs(ErrSessionExpired), odooErr("odoo.http.SessionExpiredException", "helpdesk.ticket", "search_read")}, logins: 2},
		{fixture: "46", proto: WebSession, login: webOK, run: func(t *testing.T, c *Client) error {
			_, err := c.Create(ctx, "helpdesk.ticket", Values{"name": "x"}, nil)
			return err
		}, check: []func(*testing.T, error){errIs(ErrSessionExpired)}, logins: 2},
		// The 404 HTML page after having had a session also counts as expiry.
		{fixture: "48", proto: WebSession, login: webOK, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, nil)
			return err
		}, check: []func(*testing.T, error){errIs(deskbridge.ErrNotFound), respErr(404, "<!DOCTYPE html>")}, logins: 2},
		{fixture: "47", login: authOK, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, nil)
			return err
		}, check: []func(*testing.T, error){respErr(400, "Invalid JSON data"), errIsNot(deskbridge.ErrNotFound)}},
		{fixture: "48", proto: RESTv2, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, nil)
			return err
		}, check: []func(*testing.T, error){errIs(deskbridge.ErrNotFound), respErr(404, "<!DOCTYPE html>")}},
		{fixture: "49", proto: JSON2, run: func(t *testing.T, c *Client) error {
			_, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, nil)
			return err
		}, check: []func(*testing.T, error){errIs(deskbridge.ErrNotFound), respErr(404, "<!DOCTYPE html>")}},
	}
	for _, tc := range tests {
		t.Run(tc.fixture+"-"+tc.proto.String(), func(t *testing.T) {
			f := loadFixture(t, tc.fixture)
			fs := newFixtureServer(t, tc.login, f)
			opts := []Option{WithDatabase("helpdesk"), WithRetry(-1, 0, 0), WithProtocol(tc.proto)}
			switch tc.proto {
			case JSON2:
				opts = append(opts, WithAPIKey("", "x"))
			case RESTv2:
				opts = append(opts, WithPassword("admin", "admin"), WithOAuth2Client("id", "secret"))
			default:
				opts = append(opts, WithPassword("admin", "admin"))
			}
			c, err := New(fs.URL, opts...)
			if err != nil {
				t.Fatal(err)
			}
			err = tc.run(t, c)
			if len(tc.check) == 0 && err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if len(tc.check) > 0 && err == nil {
				t.Fatalf("%s: no error", f.Name)
			}
			for _, chk := range tc.check {
				chk(t, err)
			}
			if tc.logins != 0 || tc.proto == WebSession {
				fs.mu.Lock()
				n := fs.logins
				fs.mu.Unlock()
				if n != tc.logins {
					t.Errorf("%d logins, want %d", n, tc.logins)
				}
			}
		})
	}
}
