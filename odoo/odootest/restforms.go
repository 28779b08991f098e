package odootest

import (
	"context"
	"net/http"
)

// RESTv2Forms chooses, for the REST v2 routes, among the reply forms the
// add-on's public documentation leaves open (see protocols.md: its spec
// documents search_read/read as a bare list and nothing else). With no
// capture of a live server, each form here is a guess at what a version
// of the add-on, or a proxy in front of it, may send; the zero value is
// the form the fake answers by default (call wrapped in {"result": ...},
// the other routes bare, create answering what Odoo's create returns,
// errors as {code, name, message, arguments, traceback}). A client must
// read every combination alike.
type RESTv2Forms struct {
	// Wrap: WrapCall (default) wraps only /api/v2/call's result in
	// {"result": ...}; WrapAll wraps every route's; WrapNone none.
	Wrap WrapForm
	// Create: CreateAsIs (default) answers the created id for one values
	// object; CreateList always answers a list of ids; CreateID answers
	// a single created record's id bare even when it was sent as a list.
	Create CreateForm
	// EmptyWrites answers write and unlink with 204 No Content and no
	// body instead of true.
	EmptyWrites bool
	// MaxPage, above 0, caps the records GET search_read answers, as an
	// add-on with its own maximum page size would, whatever the limit
	// asked (a guess: no maximum is documented either way).
	MaxPage int
	// Error: ErrorFull (default); ErrorNoCode drops "code"; ErrorNested
	// sends {"error": {name, message, arguments}}; ErrorJSONRPC sends
	// {"error": {code, message: "Odoo Server Error", data: {name,
	// message, arguments, debug}}}; ErrorString sends {"error": message}.
	Error ErrorForm
}

// WrapForm is RESTv2Forms.Wrap.
type WrapForm int

// The wrap forms.
const (
	WrapCall WrapForm = iota
	WrapAll
	WrapNone
)

// CreateForm is RESTv2Forms.Create.
type CreateForm int

// The create forms.
const (
	CreateAsIs CreateForm = iota
	CreateList
	CreateID
)

// ErrorForm is RESTv2Forms.Error.
type ErrorForm int

// The error forms.
const (
	ErrorFull ErrorForm = iota
	ErrorNoCode
	ErrorNested
	ErrorJSONRPC
	ErrorString
)

// WithRESTv2Forms makes the REST v2 routes answer in the forms f picks.
func WithRESTv2Forms(f RESTv2Forms) Option { return func(c *config) { c.restForms = f } }

// restForms rewrites the replies of exec, a REST v2 route's, into the
// forms the server's configuration picks.
func (s *Server) restForms(route string, exec func(context.Context) *reply) func(ctx context.Context) *reply {
	f := s.cfg.restForms
	if f == (RESTv2Forms{}) {
		return exec
	}
	return func(ctx context.Context) *reply {
		rep := exec(ctx)
		if rep == nil || rep.ctype != ctypeJSON {
			return rep
		}
		var v any
		if err := decodeJSON(rep.body, &v); err != nil {
			return rep
		}
		if rep.status < 200 || rep.status > 299 {
			return restErrorForm(f.Error, rep, v)
		}
		if route == "call" {
			if m, ok := v.(map[string]any); ok {
				v = m["result"]
			}
		}
		switch route {
		case "search_read":
			if l, ok := v.([]any); ok && f.MaxPage > 0 && len(l) > f.MaxPage {
				v = l[:f.MaxPage]
			}
		case "create":
			switch l, isList := v.([]any); {
			case f.Create == CreateList && !isList:
				v = []any{v}
			case f.Create == CreateID && isList && len(l) == 1:
				v = l[0]
			}
		case "write", "unlink":
			if f.EmptyWrites {
				return &reply{status: http.StatusNoContent, ctype: ctypeJSON, header: rep.header}
			}
		}
		if f.Wrap == WrapAll || (f.Wrap == WrapCall && route == "call") {
			v = map[string]any{"result": v}
		}
		out := *rep
		out.body = appendJSON(nil, v)
		return &out
	}
}

// restErrorForm rewrites an error body ({code, name, message, arguments,
// traceback}) into form.
func restErrorForm(form ErrorForm, rep *reply, v any) *reply {
	m, ok := v.(map[string]any)
	if !ok || form == ErrorFull {
		return rep
	}
	inner := map[string]any{"name": m["name"], "message": m["message"], "arguments": m["arguments"]}
	var body any
	switch form {
	case ErrorNoCode:
		delete(m, "code")
		body = m
	case ErrorNested:
		body = map[string]any{"error": inner}
	case ErrorJSONRPC:
		inner["debug"] = ""
		body = map[string]any{"error": map[string]any{"code": 200, "message": "Odoo Server Error", "data": inner}}
	case ErrorString:
		body = map[string]any{"error": m["message"]}
	}
	out := *rep
	out.body = appendJSON(nil, body)
	return &out
}
