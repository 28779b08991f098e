package odootest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// The api_doc module's JSON (Odoo 19: odoo19/80, 81; the captured server
// had api_doc 19.0.1.0 installed, so every 19 fake answers it):
// GET /doc-bearer/<model>.json with a bearer API key answers {"model",
// "name", "doc", "fields", "methods"}, /doc-bearer/index.json
// {"modules", "models": [{"model", "name", "fields", "methods"}]}; without
// a key 401 JSON. Field entries follow the capture's attributes per field
// type; the methods the capture kept (create, formatted_read_group,
// message_post, read, search_read, unlink, web_search_read, write) are its
// entries with the doc strings cut; other methods get a signature and
// their parameters only (a guess at the shape: the capture was trimmed to
// 8 of 78 methods). index.json is not in the kept captures: its entries
// are guessed from the README.

// docMethods are the recorded method entries (odoo19/80, docs cut).
var docMethods = map[string]string{
	"create":               "{\"signature\":\"(vals_list) -> list[int]\",\"parameters\":{\"vals_list\":{\"annotation\":\"list[ValuesType]\",\"doc\":\"…\"}},\"return\":{\"annotation\":\"list[int]\",\"doc\":\"…\"},\"api\":[\"model\"],\"raise\":{\"AccessError\":\"…\",\"ValidationError\":\"…\",\"ValueError\":\"…\",\"UserError\":\"…\"},\"doc\":\"…\",\"model\":\"core\",\"module\":\"core\"}",
	"formatted_read_group": "{\"signature\":\"(domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None) -> list[dict]\",\"parameters\":{\"domain\":{\"annotation\":\"DomainType\",\"doc\":\"…\"},\"groupby\":{\"default\":[],\"annotation\":\"Sequence[str]\",\"doc\":\"…\"},\"aggregates\":{\"default\":[],\"annotation\":\"Sequence[str]\",\"doc\":\"…\"},\"having\":{\"default\":[],\"annotation\":\"DomainType\",\"doc\":\"…\"},\"offset\":{\"default\":0,\"annotation\":\"int\",\"doc\":\"…\"},\"limit\":{\"default\":null,\"annotation\":\"int | None\",\"doc\":\"…\"},\"order\":{\"default\":null,\"annotation\":\"str | None\",\"doc\":\"…\"}},\"return\":{\"annotation\":\"list[dict]\",\"doc\":\"…\"},\"api\":[\"model\",\"readonly\"],\"raise\":{\"AccessError\":\"…\"},\"doc\":\"…\",\"model\":\"base\",\"module\":\"web\"}",
	"message_post":         "{\"signature\":\"(body='', subject=None, message_type='notification', email_from=None, author_id=None, parent_id=False, subtype_xmlid=None, subtype_id=False, partner_ids=None, outgoing_email_to=False, incoming_email_to=False, incoming_email_cc=False, attachments=None, attachment_ids=None, body_is_html=False, kwargs)\",\"parameters\":{\"body\":{\"kind\":\"KEYWORD_ONLY\",\"default\":\"\",\"annotation\":\"str|Markup\",\"doc\":\"…\"},\"subject\":{\"kind\":\"KEYWORD_ONLY\",\"default\":null,\"annotation\":\"str\",\"doc\":\"…\"},\"message_type\":{\"kind\":\"KEYWORD_ONLY\",\"default\":\"notification\",\"annotation\":\"str\",\"doc\":\"…\"},\"email_from\":{\"kind\":\"KEYWORD_ONLY\",\"default\":null,\"annotation\":\"str\",\"doc\":\"…\"},\"author_id\":{\"kind\":\"KEYWORD_ONLY\",\"default\":null,\"annotation\":\"int\",\"doc\":\"…\"},\"parent_id\":{\"kind\":\"KEYWORD_ONLY\",\"default\":false,\"annotation\":\"int\",\"doc\":\"…\"},\"subtype_xmlid\":{\"kind\":\"KEYWORD_ONLY\",\"default\":null,\"annotation\":\"str\",\"doc\":\"…\"},\"subtype_id\":{\"kind\":\"KEYWORD_ONLY\",\"default\":false,\"annotation\":\"int\",\"doc\":\"…\"},\"partner_ids\":{\"kind\":\"KEYWORD_ONLY\",\"default\":null,\"annotation\":\"list(int)\",\"doc\":\"…\"},\"outgoing_email_to\":{\"kind\":\"KEYWORD_ONLY\",\"default\":false,\"annotation\":\"str\",\"doc\":\"…\"},\"incoming_email_to\":{\"kind\":\"KEYWORD_ONLY\",\"default\":false,\"annotation\":\"str\",\"doc\":\"…\"},\"incoming_email_cc\":{\"kind\":\"KEYWORD_ONLY\",\"default\":false,\"annotation\":\"str\",\"doc\":\"…\"},\"attachments\":{\"kind\":\"KEYWORD_ONLY\",\"default\":null},\"attachment_ids\":{\"kind\":\"KEYWORD_ONLY\",\"default\":null,\"annotation\":\"list\",\"doc\":\"…\"},\"body_is_html\":{\"kind\":\"KEYWORD_ONLY\",\"default\":false,\"annotation\":\"bool\",\"doc\":\"…\"},\"kwargs\":{\"kind\":\"VAR_KEYWORD\"}},\"return\":{\"doc\":\"…\"},\"doc\":\"…\",\"model\":\"mail.thread\",\"module\":\"mail\"}",
	"read":                 "{\"signature\":\"(fields=None, load='_classic_read') -> list[ValuesType]\",\"parameters\":{\"fields\":{\"default\":null,\"annotation\":\"Sequence[str] | None\",\"doc\":\"…\"},\"load\":{\"default\":\"_classic_read\",\"annotation\":\"str\",\"doc\":\"…\"}},\"return\":{\"annotation\":\"list[ValuesType]\",\"doc\":\"…\"},\"api\":[\"readonly\"],\"raise\":{\"AccessError\":\"…\",\"ValueError\":\"…\"},\"doc\":\"…\",\"model\":\"core\",\"module\":\"core\"}",
	"search_read":          "{\"signature\":\"(domain=None, fields=None, offset=0, limit=None, order=None, read_kwargs) -> list[ValuesType]\",\"parameters\":{\"domain\":{\"default\":null,\"annotation\":\"DomainType | None\",\"doc\":\"…\"},\"fields\":{\"default\":null,\"annotation\":\"Sequence[str] | None\",\"doc\":\"…\"},\"offset\":{\"default\":0,\"annotation\":\"int\",\"doc\":\"…\"},\"limit\":{\"default\":null,\"annotation\":\"int | None\",\"doc\":\"…\"},\"order\":{\"default\":null,\"annotation\":\"str | None\",\"doc\":\"…\"},\"read_kwargs\":{\"kind\":\"VAR_KEYWORD\",\"doc\":\"…\"}},\"return\":{\"annotation\":\"list[ValuesType]\",\"doc\":\"…\"},\"api\":[\"model\",\"readonly\"],\"doc\":\"…\",\"model\":\"core\",\"module\":\"core\"}",
	"unlink":               "{\"signature\":\"() -> typing.Literal[True]\",\"parameters\":{},\"return\":{\"annotation\":\"typing.Literal[True]\"},\"raise\":{\"AccessError\":\"…\",\"UserError\":\"…\"},\"doc\":\"…\",\"model\":\"core\",\"module\":\"core\"}",
	"web_search_read":      "{\"signature\":\"(domain, specification, offset=0, limit=None, order=None, count_limit=None)\",\"parameters\":{\"domain\":{},\"specification\":{},\"offset\":{\"default\":0},\"limit\":{\"default\":null},\"order\":{\"default\":null},\"count_limit\":{\"default\":null}},\"api\":[\"model\",\"readonly\"],\"model\":\"base\",\"module\":\"web\"}",
	"write":                "{\"signature\":\"(vals) -> typing.Literal[True]\",\"parameters\":{\"vals\":{\"annotation\":\"ValuesType\",\"doc\":\"…\"}},\"return\":{\"annotation\":\"typing.Literal[True]\"},\"raise\":{\"AccessError\":\"…\",\"ValidationError\":\"…\",\"UserError\":\"…\"},\"doc\":\"…\",\"model\":\"core\",\"module\":\"core\"}",
}

// docDepends are the recorded compute dependencies of odoo19/80.
var docDepends = map[string][]any{
	"helpdesk.ticket.user_id": {"team_id"}, "helpdesk.ticket.stage_id": {"team_id"}, "helpdesk.ticket.team_id": {"user_id"},
}

// docDomains are the recorded string domains of odoo19/80 (others are []).
var docDomains = map[string]string{
	"helpdesk.ticket.user_id":  "team_id and [('share', '=', False),('id', 'in', user_ids)] or [('share', '=', False)]",
	"helpdesk.ticket.stage_id": "['|',('team_ids', '=', team_id),('team_ids','=',False)]",
}

func (s *Server) opDocBearer(r *http.Request) *op {
	name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/doc-bearer/"), ".json")
	return &op{proto: noProtocol, exec: func(ctx context.Context) *reply {
		key := bearer(r)
		s.mu.RLock()
		defer s.mu.RUnlock()
		if key == "" || s.st.apiKey[key] == 0 {
			msg := "User not authenticated, use an API Key with a Bearer Authorization header." // odoo19/81
			if key != "" {
				msg = "Invalid apikey"
			}
			rep := json2Error(json2HTTPError(excUnauthorized, msg, http.StatusUnauthorized))
			rep.header = http.Header{"Www-Authenticate": {"Bearer "}}
			return rep
		}
		if name == "index" {
			var models []any
			mods := map[string]bool{}
			for _, mn := range s.st.order {
				m := s.st.models[mn]
				mods[m.module] = true
				models = append(models, map[string]any{"model": m.name, "name": m.description, "fields": s.docFields(m), "methods": s.docMethodsOf(m)})
			}
			return jsonReply(map[string]any{"modules": sortedKeys(mods), "models": models})
		}
		m := s.st.models[name]
		if m == nil {
			return json2Error(json2HTTPError(excNotFound, "the model "+pyRepr(name)+" does not exist", http.StatusNotFound)) // guess, as JSON-2's
		}
		return jsonReply(map[string]any{"model": m.name, "name": m.description, "doc": nil, "fields": s.docFields(m), "methods": s.docMethodsOf(m)})
	}}
}

func (s *Server) docFields(m *model) map[string]any {
	out := map[string]any{}
	for _, n := range m.fieldOrder {
		fd := m.fields[n]
		module := any(m.module)
		if n == "id" || m.module == "" {
			module = nil
		}
		d := map[string]any{"change_default": false, "company_dependent": false, "default_export_compatible": false,
			"depends": []any{}, "exportable": true, "groupable": fd.stored(), "manual": strings.HasPrefix(n, "x_"),
			"name": n, "readonly": fd.ReadOnly || (fd.compute != nil && !fd.inverse), "required": fd.Required, "searchable": true,
			"sortable": fd.stored(), "store": fd.stored(), "string": fd.String, "type": fd.Type, "module": module}
		switch fd.Type {
		case TypeChar:
			d["translate"], d["trim"] = false, true
		case TypeText:
			d["translate"] = false
		case TypeHTML:
			d["translate"], d["sanitize"], d["sanitize_attributes"], d["sanitize_style"], d["sanitize_tags"] = false, true, true, true, true
			d["strip_classes"], d["strip_style"] = false, false
		case TypeSelection:
			sel := make([]any, len(fd.Selection))
			for i, p := range fd.Selection {
				sel[i] = []any{p[0], p[1]}
			}
			d["selection"] = sel
		case TypeMany2one, TypeOne2many, TypeMany2many:
			d["relation"], d["context"], d["allow_hierachy_operators"] = fd.Relation, map[string]any{}, true
			if dom, ok := docDomains[m.name+"."+n]; ok {
				d["domain"] = dom
			} else {
				d["domain"] = []any{}
			}
		}
		if dep, ok := docDepends[m.name+"."+n]; ok {
			d["depends"] = dep
		}
		out[n] = d
	}
	return out
}

func (s *Server) docMethodsOf(m *model) map[string]any {
	out := map[string]any{}
	for name, mt := range methods {
		if raw, ok := docMethods[name]; ok {
			var v any
			_ = json.Unmarshal([]byte(raw), &v)
			out[name] = v
			continue
		}
		params := map[string]any{}
		for _, p := range mt.params {
			if p != "ids" {
				params[p] = map[string]any{}
			}
		}
		out[name] = map[string]any{"signature": "(" + strings.Join(mt.params, ", ") + ")", "parameters": params, "model": "core", "module": "core"}
	}
	return out
}
