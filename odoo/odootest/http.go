package odootest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/faultengine"
	"github.com/deskbridge/deskbridge/odoo"
)

// reply is a response the server builds before writing it (so faults can
// cut or drop it).
type reply struct {
	status int
	ctype  string
	body   []byte
	header http.Header
}

// op is one parsed request: what it calls, how to run it, and how its
// protocol words an error.
type op struct {
	proto         odoo.Protocol // noProtocol for routes no protocol serves (404 pages)
	model, method string
	exec          func(ctx context.Context) *reply
	errReply      func(e *odooError) *reply
}

// noProtocol marks an op no protocol serves: no fault applies to it.
const noProtocol odoo.Protocol = -1

const (
	ctypeJSON     = "application/json; charset=utf-8"
	ctypeHTMLText = "text/html; charset=utf-8"
	ctypeHTML404  = "text/html;charset=utf-8"
	maxBody       = 64 << 20
)

// ServeHTTP answers Odoo's routes. A Server is usually started with
// NewServer; ServeHTTP lets it run inside another http.Server too.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	o := s.route(r, body)
	// The fault engine runs the call (or not, as a fault says) and writes
	// the reply; the calls log themselves, the engine logs the requests a
	// fault kept from running.
	s.faults.Serve(w, r, faultengine.Exchange[odoo.Protocol]{
		Call:       Call{Protocol: o.proto, Model: o.model, Method: o.method},
		NoFault:    o.proto == noProtocol,
		SelfLogged: true,
		Run:        func(c *Call) *faultengine.Reply { return o.exec(faultengine.WithFault(r.Context(), c.Fault)).toFault() },
		Custom: func(f *Fault, _ *Call) *faultengine.Reply {
			if f.Kind != fault.OdooError || o.errReply == nil {
				return nil
			}
			return o.errReply(&odooError{Name: f.ErrorName, Message: f.ErrorMessage}).toFault()
		},
	})
}

// toFault is rep as the fault engine writes it.
func (rep *reply) toFault() *faultengine.Reply {
	h := rep.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if rep.ctype != "" {
		h.Set("Content-Type", rep.ctype)
	}
	return &faultengine.Reply{Status: rep.status, Header: h, Body: rep.body}
}

func (s *Server) enabled(p odoo.Protocol) bool { return s.cfg.protocols[p] }

func (s *Server) route(r *http.Request, body []byte) *op {
	p := r.URL.Path
	switch {
	case p == "/jsonrpc" && s.enabled(odoo.JSONRPC):
		return s.opJSONRPC(r, body)
	case p == "/web/webclient/version_info":
		return s.opWeb(r, body, "version")
	case strings.HasPrefix(p, "/web/session/") && s.enabled(odoo.WebSession):
		switch strings.TrimPrefix(p, "/web/session/") {
		case "authenticate":
			return s.opWeb(r, body, "authenticate")
		case "get_session_info":
			return s.opWeb(r, body, "session_info")
		case "destroy":
			return s.opWeb(r, body, "destroy")
		case "check":
			return s.opWeb(r, body, "check")
		}
	case (p == "/web/dataset/call_kw" || strings.HasPrefix(p, "/web/dataset/call_kw/") || p == "/web/dataset/call_button") && s.enabled(odoo.WebSession):
		return s.opWeb(r, body, "call_kw")
	case p == "/web/database/list" && s.enabled(odoo.WebSession):
		return s.opWeb(r, body, "db_list")
	case p == "/web/version" && s.prof.hasWebVersion() && (s.enabled(odoo.JSON2) || s.enabled(odoo.WebSession)):
		return s.opWebVersion(r)
	case strings.HasPrefix(p, "/json/2/") && s.enabled(odoo.JSON2) && s.prof.hasJSON2():
		return s.opJSON2(r, body)
	case strings.HasPrefix(p, "/doc-bearer/") && strings.HasSuffix(p, ".json") && s.prof.hasJSON2() && s.enabled(odoo.JSON2):
		return s.opDocBearer(r)
	case strings.HasPrefix(p, "/json/") && s.prof.jsonCatchAll():
		return s.opJSONCatchAll(r)
	case strings.HasPrefix(p, "/api/v2/") && s.enabled(odoo.RESTv2):
		if o := s.opREST(r, body); o != nil {
			return o
		}
	}
	return s.notFound(r)
}

// notFound is the op of a route no protocol serves: Odoo's 404 page.
func (s *Server) notFound(r *http.Request) *op {
	_, sess := s.sessionOf(r)
	return &op{proto: noProtocol, exec: func(ctx context.Context) *reply { return s.notFoundPage(sess != nil) }}
}

// decodeJSON decodes with json.Number so ids stay exact.
func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	return nil
}

// notFoundPage is Odoo's 404 page with the version's cookies
// (profile.notFoundCookies).
func (s *Server) notFoundPage(hadSession bool) *reply {
	h := http.Header{}
	for _, c := range s.prof.notFoundCookies(s.cfg.clock(), hadSession) {
		h.Add("Set-Cookie", c)
	}
	return &reply{status: http.StatusNotFound, ctype: ctypeHTML404, header: h, body: []byte(notFoundHTML)}
}

// opJSONCatchAll answers /json/... on Odoo 18, whose web module route
// /json/<path:subpath> (auth=user, type=http) catches it: 303 to the login
// page without a session (odoo18/49, 67: a bearer key is no session), 400
// "invalid CSRF token" for a POST with a valid session cookie (odoo18/68).
// A GET with a session is not recorded: guessed as the 404 page.
func (s *Server) opJSONCatchAll(r *http.Request) *op {
	_, sess := s.sessionOf(r)
	return &op{proto: noProtocol, exec: func(ctx context.Context) *reply {
		if sess == nil {
			target := "/web/login?redirect=" + url.QueryEscape(r.URL.Path+"?"+r.URL.RawQuery)
			h := http.Header{}
			h.Set("Location", target)
			body := "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"" + target + "\">" + target + "</a>. If not, click the link.\n"
			return &reply{status: http.StatusSeeOther, ctype: ctypeHTMLText, header: h, body: []byte(body)}
		}
		if r.Method == http.MethodPost {
			return &reply{status: http.StatusBadRequest, ctype: ctypeHTMLText, body: []byte("<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>Session expired (invalid CSRF token)</p>\n")}
		}
		return s.notFoundPage(true)
	}}
}

const notFoundHTML = `<!DOCTYPE html>
<html>
    <head>
        <meta charset="utf-8"/>
        <meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Odoo</title>
        <link type="image/x-icon" rel="shortcut icon" href="/web/static/img/favicon.ico"/>
    </head>
    <body>
        <div id="wrapwrap" class="">
            <main>
                <div class="container">
                    <h1 class="mt32">404: Page not found!</h1>
                    <p>The page you were looking for could not be authorized.</p>
                </div>
            </main>
        </div>
    </body>
</html>
`

// versionInfo is common.version and /web/webclient/version_info.
func (s *Server) versionInfo() map[string]any {
	v := s.cfg.version
	serie := fmt.Sprintf("%d.0", v)
	ver, tag := serie, ""
	if s.cfg.flavor == Enterprise {
		ver, tag = serie+"+e", "e"
	}
	return map[string]any{
		"server_version":      ver,
		"server_version_info": []any{int64(v), int64(0), int64(0), "final", int64(0), tag},
		"server_serie":        serie,
		"protocol_version":    int64(1),
	}
}
