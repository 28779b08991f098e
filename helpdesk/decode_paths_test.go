package helpdesk

import (
	"bytes"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// rewriteReplies passes every reply body through fn.
type rewriteReplies struct {
	rt http.RoundTripper
	fn func([]byte) []byte
}

func (f rewriteReplies) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := f.rt.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = f.fn(b)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	return resp, nil
}

// floatIDs rewrites a server's replies as some servers send them: ids as
// floats in many2one pairs and id lists ({"team_id": [5.0, "T"]},
// {"tag_ids": [1.0, 2]}).
func floatIDs(rt http.RoundTripper) http.RoundTripper {
	return rewriteReplies{rt: rt, fn: func(b []byte) []byte {
		n := len(b)
		b = m2oPair.ReplaceAll(b, []byte(`"$1": [$2.0,`))
		b = firstTag.ReplaceAll(b, []byte(`"$1": [$2.0$3`))
		if len(b) != n {
			rewritten.Add(1)
		}
		return b
	}}
}

var (
	m2oPair  = regexp.MustCompile(`"((?:x_)?(?:team_id|stage_id))": ?\[(\d+),`)
	firstTag = regexp.MustCompile(`"((?:x_)?tag_ids|team_ids)": ?\[(\d+)([,\]])`)
)

// rewritten counts the replies changed, so that the test knows it ran.
var rewritten atomic.Int64

// TestDecodePathsAgree (issue 18 item 4): ids answered as floats decode
// the same through Tickets.List, Get, Close and Transfer, on the built-in
// flavors and on a customised one (which takes the run-time plan).
func TestDecodePathsAgree(t *testing.T) {
	for _, custom := range []bool{false, true} {
		e := newTxEnv(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC)
		id := e.srcTicket("floats", "New")
		c, err := odoo.New(e.src.srv.URL, odoo.WithDatabase(e.src.srv.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
			odoo.WithHTTPClient(&http.Client{Transport: floatIDs(e.src.srv.Client().Transport)}))
		if err != nil {
			t.Fatal(err)
		}
		var opts []Option
		if custom {
			f := Enterprise
			f.Name = "custom"
			f.Ticket.Number = "x_ref" // not a built-in field set: the run-time plan
			if err := e.src.srv.AddFields("helpdesk.ticket", odootest.Field{Name: "x_ref", Type: odootest.TypeChar}); err != nil {
				t.Fatal(err)
			}
			opts = append(opts, WithFlavor(f))
		}
		hd, err := New(c, opts...)
		if err != nil {
			t.Fatal(err)
		}
		want := e.src.tags["Hardware"]
		list, err := hd.Tickets.List(e.ctx, nil)
		if err != nil || len(list) != 1 {
			t.Fatalf("custom %v: List = %v, %v", custom, list, err)
		}
		got, err := hd.Tickets.Get(e.ctx, id)
		if err != nil {
			t.Fatalf("custom %v: Get: %v", custom, err)
		}
		for _, tk := range []Ticket{list[0], got} {
			if tk.Team.ID != e.src.team || tk.Team.Name == "" || len(tk.TagIDs) != 2 || tk.TagIDs[0] != want {
				t.Errorf("custom %v: ticket team %+v tags %v, want team %d and tags starting with %d", custom, tk.Team, tk.TagIDs, e.src.team, want)
			}
		}
		st, err := hd.Tickets.Close(e.ctx, id)
		if err != nil || st.ID != e.src.stages["Solved"] {
			t.Errorf("custom %v: Close = %+v, %v", custom, st, err)
		}
		if rewritten.Load() == 0 {
			t.Fatal("no reply was rewritten")
		}
		rep, err := Transfer(e.ctx, hd, e.cfg, []int64{id}, nil)
		if err != nil {
			t.Fatalf("custom %v: Transfer: %v", custom, err)
		}
		dest := rep.Tickets[0].DestID
		if tags := get[[]int64](t, e.dst, "helpdesk.ticket", dest, "tag_ids"); len(tags) != 2 {
			t.Errorf("custom %v: destination tags %v", custom, tags)
		}
		if team := get[odoo.Many2One](t, e.dst, "helpdesk.ticket", dest, "team_id"); team.ID != e.dst.team {
			t.Errorf("custom %v: destination team %v", custom, team)
		}
	}
}

// TestRenamedFlavorDecodesAlike (issue 18 item 4): a flavor whose ticket
// fields are renamed (decoded through the run-time plan) and the built-in
// one (the typed ticketRow) decode the same answers identically through
// List, Get, Close and Transfer: many2ones and ids as floats
// ({"team_id": [5.0, "T"]}, {"tag_ids": [1.0, 2]}), a datetime, and
// Odoo's false for an empty many2one and char.
func TestRenamedFlavorDecodesAlike(t *testing.T) {
	const closed = "2026-11-24 15:40:58"
	var got [2][]Ticket
	var stages [2]Stage
	var dest [2][2]any
	for v, renamed := range []bool{false, true} {
		e := newTxEnv(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC)
		id := e.srcTicket("renamed", "New")
		c, err := odoo.New(e.src.srv.URL, odoo.WithDatabase(e.src.srv.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
			odoo.WithHTTPClient(&http.Client{Transport: floatIDs(e.src.srv.Client().Transport)}))
		if err != nil {
			t.Fatal(err)
		}
		vals := map[string]any{"user_id": false, "close_date": closed}
		var opts []Option
		if renamed {
			f := Enterprise
			f.Name = "renamed"
			f.Ticket.Team, f.Ticket.Tags, f.Ticket.User, f.Ticket.CloseDate, f.Ticket.Number = "x_team_id", "x_tag_ids", "x_user_id", "x_closed", "x_ref"
			if err := e.src.srv.AddFields("helpdesk.ticket",
				odootest.Field{Name: "x_team_id", Type: odootest.TypeMany2one, Relation: "helpdesk.team"},
				odootest.Field{Name: "x_tag_ids", Type: odootest.TypeMany2many, Relation: "helpdesk.tag"},
				odootest.Field{Name: "x_user_id", Type: odootest.TypeMany2one, Relation: "res.users"},
				odootest.Field{Name: "x_closed", Type: odootest.TypeDatetime},
				odootest.Field{Name: "x_ref", Type: odootest.TypeChar},
			); err != nil {
				t.Fatal(err)
			}
			vals = map[string]any{"x_team_id": e.src.team, "x_user_id": false, "x_closed": closed, "x_ref": false,
				"x_tag_ids": []any{[]any{6, 0, []int64{e.src.tags["Hardware"], e.src.tags["Network"]}}}}
			opts = append(opts, WithFlavor(f))
		} else {
			vals["ticket_ref"] = false
		}
		if err := e.src.srv.Write("helpdesk.ticket", []int64{id}, vals); err != nil {
			t.Fatal(err)
		}
		hd, err := New(c, opts...)
		if err != nil {
			t.Fatal(err)
		}
		list, err := hd.Tickets.List(e.ctx, nil)
		if err != nil || len(list) != 1 {
			t.Fatalf("renamed %v: List = %v, %v", renamed, list, err)
		}
		one, err := hd.Tickets.Get(e.ctx, id)
		if err != nil {
			t.Fatalf("renamed %v: Get: %v", renamed, err)
		}
		for _, tk := range []Ticket{list[0], one} {
			if tk.Team.ID != e.src.team || len(tk.TagIDs) != 2 || tk.User.ID != 0 || tk.Number != "" ||
				tk.ClosedAt.Format("2006-01-02 15:04:05") != closed || tk.ClosedAt.Location() != time.UTC {
				t.Errorf("renamed %v: decoded %+v", renamed, tk)
			}
			tk.CreatedAt, tk.UpdatedAt = time.Time{}, time.Time{} // the servers' clocks
			got[v] = append(got[v], tk)
		}
		if stages[v], err = hd.Tickets.Close(e.ctx, id); err != nil {
			t.Fatalf("renamed %v: Close: %v", renamed, err)
		}
		rep, err := Transfer(e.ctx, hd, e.cfg, []int64{id}, nil)
		if err != nil {
			t.Fatalf("renamed %v: Transfer: %v", renamed, err)
		}
		d := rep.Tickets[0].DestID
		dest[v] = [2]any{get[odoo.Many2One](t, e.dst, "helpdesk.ticket", d, "team_id").ID, get[[]int64](t, e.dst, "helpdesk.ticket", d, "tag_ids")}
	}
	if rewritten.Load() == 0 {
		t.Fatal("no reply was rewritten")
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("List/Get differ:\nbuilt-in %+v\nrenamed  %+v", got[0], got[1])
	}
	if !reflect.DeepEqual(stages[0], stages[1]) {
		t.Errorf("Close differs: %+v vs %+v", stages[0], stages[1])
	}
	if !reflect.DeepEqual(dest[0], dest[1]) {
		t.Errorf("Transfer differs: %v vs %v", dest[0], dest[1])
	}
}
