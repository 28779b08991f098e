package bench

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
)

// pager is a minimal JSON-RPC Odoo holding total generated tickets
// (ids 1..total) without storing them: search_read answers the records
// after the domain's ("id", ">", n) leaf, up to the limit, ordered by id,
// each field asked for (an unknown field reads as false). It is what the
// heap benchmarks page through: an odootest server of 100 000 tickets
// would spend its time matching domains, and hold them in the heap.
type pager struct {
	total int64
	desc  string // the description of every ticket
}

func newPager(tb testing.TB, total int64) *httptest.Server {
	tb.Helper()
	p := &pager{total: total, desc: "<p>" + strings.Repeat("The printer on the third floor is out of toner again. ", 8) + "</p>"}
	srv := httptest.NewServer(p)
	tb.Cleanup(srv.Close)
	return srv
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ID     any `json:"id"`
		Params struct {
			Service string            `json:"service"`
			Method  string            `json:"method"`
			Args    []json.RawMessage `json:"args"`
		} `json:"params"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case req.Params.Service == "common" && req.Params.Method == "authenticate":
		_, _ = w.Write(jsonRPCReply(req.ID, []byte("2")))
		return
	case req.Params.Service == "object" && req.Params.Method == "execute_kw" && len(req.Params.Args) == 7:
	default:
		_, _ = w.Write(jsonRPCReply(req.ID, []byte("false")))
		return
	}
	var method string
	var args []json.RawMessage
	var kw struct {
		Fields []string `json:"fields"`
		Limit  int64    `json:"limit"`
	}
	_ = json.Unmarshal(req.Params.Args[4], &method)
	_ = json.Unmarshal(req.Params.Args[5], &args)
	_ = json.Unmarshal(req.Params.Args[6], &kw)
	if method != "search_read" || len(args) != 1 {
		_, _ = w.Write(jsonRPCReply(req.ID, []byte("[]")))
		return
	}
	d, err := domain.ParseJSON(args[0])
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	after := int64(0)
	for _, l := range d.Leaves() {
		if l.Field == "id" && l.Op == domain.OpGt {
			after, _ = l.Value.(int64)
		}
	}
	last := p.total
	if kw.Limit > 0 {
		last = min(p.total, after+kw.Limit)
	}
	b := make([]byte, 0, 1024*int(max(last-after, 1)))
	b = append(b, '[')
	for id := after + 1; id <= last; id++ {
		if id > after+1 {
			b = append(b, ',')
		}
		b = p.appendRecord(b, id, kw.Fields)
	}
	b = append(b, ']')
	_, _ = w.Write(jsonRPCReply(req.ID, b))
}

// appendRecord writes ticket id with the given fields.
func (p *pager) appendRecord(b []byte, id int64, fields []string) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, id, 10)
	for _, f := range fields {
		if f == "id" {
			continue
		}
		b = append(b, ',')
		b = strconv.AppendQuote(b, f)
		b = append(b, ':')
		switch f {
		case "name":
			b = append(b, `"Bulk ticket `...)
			b = strconv.AppendInt(b, id, 10)
			b = append(b, '"')
		case "description":
			b = strconv.AppendQuote(b, p.desc)
		case "stage_id":
			b = append(b, `[1,"New"]`...)
		case "team_id":
			b = append(b, `[1,"Helpdesk"]`...)
		case "partner_id":
			b = append(b, `[11,"YourCompany, Gemini Furniture"]`...)
		case "tag_ids":
			b = append(b, `[1,2]`...)
		case "priority":
			b = append(b, `"1"`...)
		case "create_date", "write_date":
			b = append(b, `"2026-11-24 15:40:58"`...)
		case "active":
			b = append(b, "true"...)
		default:
			b = append(b, "false"...)
		}
	}
	return append(b, '}')
}
