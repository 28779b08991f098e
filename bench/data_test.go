package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// Ticket is a helpdesk ticket as an application declares it for the SDK.
type Ticket struct {
	ID          int64         `odoo:"id"`
	Name        string        `odoo:"name"`
	Description string        `odoo:"description"`
	Stage       odoo.Many2One `odoo:"stage_id"`
	Team        odoo.Many2One `odoo:"team_id"`
	User        odoo.Many2One `odoo:"user_id"`
	Partner     odoo.Many2One `odoo:"partner_id"`
	Email       string        `odoo:"partner_email"`
	Tags        odoo.IDs      `odoo:"tag_ids"`
	Priority    string        `odoo:"priority"`
	Created     time.Time     `odoo:"create_date"`
	Closed      time.Time     `odoo:"closed_date"`
	Active      bool          `odoo:"active"`
	Color       int64         `odoo:"color"`
}

// ticketFields are the fields every benchmark asks for (Ticket's tags).
var ticketFields = odoo.Fields[Ticket]()

// pair is a many2one as Odoo reads it, [id, "name"].
type pair struct {
	ID   int64
	Name string
}

// record is one ticket of the generated data as Odoo answers it; a nil
// pointer or an empty value is Odoo's false.
type record struct {
	ID          int64
	Name        string
	Description string
	Stage       pair
	Team        pair
	User        *pair
	Partner     pair
	Email       string // "" is false
	Tags        []int64
	Priority    string
	Created     string
	Closed      string // "" is false
	Active      bool
	Color       int64
}

// genRecord is the i-th ticket (i ≥ 1) of the generated data: a realistic
// mix of set and empty (false) fields, HTML with quotes in the description.
func genRecord(i int64) record {
	r := record{
		ID:          i,
		Name:        fmt.Sprintf("Ticket %d: printer on fire", i),
		Description: fmt.Sprintf("<p>The printer in room %d is on fire, \"again\". Please send someone &amp; a fire extinguisher.</p>", i),
		Stage:       pair{1 + i%5, "In Progress"},
		Team:        pair{2, "Helpdesk"},
		Partner:     pair{11, "YourCompany, Gemini Furniture"},
		Tags:        []int64{1, 2 + i%3},
		Priority:    strconv.FormatInt(i%4, 10),
		Created:     "2026-11-24 15:40:58",
		Active:      true,
		Color:       i % 12,
	}
	if i%3 != 0 {
		r.User = &pair{6, "Marc Demo"}
	}
	if i%2 != 0 {
		r.Email = fmt.Sprintf("customer%d@example.com", i)
	}
	if i%4 == 0 {
		r.Closed = "2026-11-25 09:30:00"
	}
	return r
}

func genRecords(n int) []record {
	rs := make([]record, n)
	for i := range rs {
		rs[i] = genRecord(int64(i + 1))
	}
	return rs
}

// values is r as the fields Odoo's search_read answers (false for empty).
func (r record) values() map[string]any {
	orFalse := func(s string) any {
		if s == "" {
			return false
		}
		return s
	}
	m2o := func(p *pair) any {
		if p == nil {
			return false
		}
		return []any{p.ID, p.Name}
	}
	tags := make([]any, len(r.Tags))
	for i, t := range r.Tags {
		tags[i] = t
	}
	return map[string]any{
		"id": r.ID, "name": r.Name, "description": r.Description,
		"stage_id": m2o(&r.Stage), "team_id": m2o(&r.Team), "user_id": m2o(r.User), "partner_id": m2o(&r.Partner),
		"partner_email": orFalse(r.Email), "tag_ids": tags, "priority": r.Priority,
		"create_date": r.Created, "closed_date": orFalse(r.Closed), "active": r.Active, "color": r.Color,
	}
}

// jsonRecords encodes records as the JSON list of a search_read result.
func jsonRecords(rs []record) []byte {
	vals := make([]map[string]any, len(rs))
	for i, r := range rs {
		vals[i] = r.values()
	}
	b, err := json.Marshal(vals)
	if err != nil {
		panic(err)
	}
	return b
}

// jsonRPCReply is a JSON-RPC 2.0 reply carrying result.
func jsonRPCReply(id any, result []byte) []byte {
	idb, _ := json.Marshal(id)
	var b bytes.Buffer
	b.Grow(len(result) + 64)
	b.WriteString(`{"jsonrpc": "2.0", "id": `)
	b.Write(idb)
	b.WriteString(`, "result": `)
	b.Write(result)
	b.WriteString("}")
	return b.Bytes()
}

// xmlRPCReply encodes records as the methodResponse Odoo's /xmlrpc/2/object
// answers to search_read, laid out as Python's xmlrpc.client writes it.
func xmlRPCReply(rs []record) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n")
	for _, r := range rs {
		b.WriteString("<value><struct>\n")
		vals := r.values()
		keys := make([]string, 0, len(vals))
		for k := range vals {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString("<member>\n<name>")
			b.WriteString(k)
			b.WriteString("</name>\n")
			writeXMLValue(&b, vals[k])
			b.WriteString("\n</member>\n")
		}
		b.WriteString("</struct></value>\n")
	}
	b.WriteString("</data></array></value>\n</param>\n</params>\n</methodResponse>\n")
	return b.Bytes()
}

func writeXMLValue(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case bool:
		if x {
			b.WriteString("<value><boolean>1</boolean></value>")
		} else {
			b.WriteString("<value><boolean>0</boolean></value>")
		}
	case int64:
		fmt.Fprintf(b, "<value><int>%d</int></value>", x)
	case string:
		b.WriteString("<value><string>")
		b.WriteString(html.EscapeString(x))
		b.WriteString("</string></value>")
	case []any:
		b.WriteString("<value><array><data>\n")
		for _, e := range x {
			writeXMLValue(b, e)
			b.WriteString("\n")
		}
		b.WriteString("</data></array></value>")
	default:
		panic(fmt.Sprintf("xml-rpc: no encoding for %T", v))
	}
}

// canned is an http.RoundTripper that answers every request with a fixed
// body, without a network: the client's work is all that is measured.
// Requests whose body contains authMarker get authBody instead (a login).
type canned struct {
	body       []byte
	authMarker []byte
	authBody   []byte
	calls      atomic.Int64
}

// RoundTrip reads and discards the request and answers the canned body.
func (c *canned) RoundTrip(req *http.Request) (*http.Response, error) {
	c.calls.Add(1)
	body := c.body
	if req.Body != nil {
		reqBody, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		if c.authMarker != nil && bytes.Contains(reqBody, c.authMarker) {
			body = c.authBody
		}
	}
	ct := "application/json"
	if bytes.HasPrefix(body, []byte("<?xml")) {
		ct = "text/xml"
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Status:        "200 OK",
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {ct}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// cannedJSONRPCClient is an SDK client over JSON-RPC whose every
// execute_kw answers result (authenticate answers uid 2).
func cannedJSONRPCClient(tb testing.TB, result []byte) (*odoo.Client, *canned) {
	tb.Helper()
	rt := &canned{
		body:       jsonRPCReply(1, result),
		authMarker: []byte(`"authenticate"`),
		authBody:   jsonRPCReply(1, []byte("2")),
	}
	c, err := odoo.New("http://odoo.invalid", odoo.WithDatabase("bench"),
		odoo.WithPassword("admin", "admin"), odoo.WithProtocol(odoo.JSONRPC),
		odoo.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		tb.Fatal(err)
	}
	return c, rt
}
