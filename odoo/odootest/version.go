package odootest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Versions are the Odoo versions WithVersion accepts, oldest first.
var Versions = []string{"16.0", "17.0", "18.0", "19.0"}

// DefaultVersion is the version a Server answers as without WithVersion:
// the newest.
const DefaultVersion = "19.0"

// WithVersion makes the server answer as that Odoo Community version does
// ("16.0", "17.0", "18.0" or "19.0"; default DefaultVersion): which
// protocols exist (JSON-2 only on 19; 18 answers /json/2 with its web
// module's redirect to the login page), version_info, error names,
// messages and JSON-RPC codes (200 to 18, 0 on 19), reply shapes (create
// and message_post answer [id] over JSON-2 and message_post over every
// protocol on 19), HTML escaping of message bodies (17+), the methods that
// exist (name_get to 17, formatted_read_group on 19), session carriers,
// session id lengths and cookies, and the schema differences (17 drops
// __last_update and message_main_attachment_id, adds duration_tracking; 18
// adds duplicate_*; 19 rotting_*). Each difference copies a capture in
// testdata/fixtures/odoo16 ... odoo19. NewServer panics on another value.
func WithVersion(v string) Option { return func(c *config) { c.versionText = v } }

// parseVersion reads "16.0" (or "16") into its major number.
func parseVersion(v string) (int, error) {
	switch strings.TrimSuffix(strings.TrimSpace(v), ".0") {
	case "16":
		return 16, nil
	case "17":
		return 17, nil
	case "18":
		return 18, nil
	case "19":
		return 19, nil
	}
	return 0, fmt.Errorf("odootest: WithVersion(%q): want one of %s", v, strings.Join(Versions, ", "))
}

// profile is what one major version does differently on the wire. Each
// method names the captures (testdata/fixtures/odooNN/NN-name) it copies.
type profile struct {
	major int
}

// series is "16.0" ... "19.0" (server_serie; server_version without a
// build date, as odoo16/01 and odoo19/59 answer).
func (p profile) series() string { return fmt.Sprintf("%d.0", p.major) }

// rpcErrorCode is error.code of a JSON-RPC server error: 200 on 16-18
// (odoo16/19, odoo17/19, odoo18/19), 0 on 19 (odoo19/64, 67, 69, 72).
func (p profile) rpcErrorCode() int64 {
	if p.major >= 19 {
		return 0
	}
	return 200
}

// hasJSON2 reports whether /json/2 is Odoo's JSON-2 (19 only: odoo19/02-58;
// odoo16/49 and odoo17/49 answer 404 HTML, odoo18/49 a redirect).
func (p profile) hasJSON2() bool { return p.major >= 19 }

// jsonCatchAll reports whether the web module's /json/<path:subpath>
// route (auth=user, type=http) catches /json/2 (odoo18/49, 67, 68).
func (p profile) jsonCatchAll() bool { return p.major == 18 }

// hasWebVersion reports whether GET /web/version exists. Recorded on 19
// only (odoo19/01); guessed for 18 from web/controllers/webclient.py of
// 18.0, which already has the route; 16 and 17 do not (guess: the 16.0
// and 17.0 webclient.py have only /web/webclient/version_info).
func (p profile) hasWebVersion() bool { return p.major >= 18 }

// sessionID makes a new session id: 40 hex characters on 16/17 (odoo16/38,
// odoo17 notes "S1(40 chars)"), 84 characters on 18/19 (odoo18, odoo19
// notes "S1(84 chars)"; Odoo 18's http.py uses secrets.token_urlsafe(63)).
func (p profile) sessionID() string {
	if p.major >= 18 {
		return newURLSafeSecret(63)
	}
	return newSecret(20)
}

// sessionCarriers reports whether the session may travel as the
// X-Openerp-Session-Id header or ?session_id= (16 only: odoo16/68, 69;
// odoo17/69, 70, odoo18/69, 70, odoo19/76 answer session expired).
func (p profile) sessionCarriers() bool { return p.major <= 16 }

// sessionCookie is the Set-Cookie of a session: Max-Age one week on every
// version; Expires one week on 16 (odoo16/38), a year from 17 on
// (odoo17/38, odoo18/38, odoo19/68).
func (p profile) sessionCookie(sid string, now time.Time) string {
	exp := now.UTC().Add(7 * 24 * time.Hour)
	if p.major >= 17 {
		exp = now.UTC().AddDate(1, 0, 0)
	}
	return "session_id=" + sid + "; Expires=" + exp.Format(http.TimeFormat) + "; Max-Age=604800; HttpOnly; Path=/"
}

// loginCookies is how many identical Set-Cookie headers a successful web
// login sends: two on 19 (odoo19/68), one before (odoo16/38, 17/38, 18/38).
func (p profile) loginCookies() int {
	if p.major >= 19 {
		return 2
	}
	return 1
}

// destroyClearsCids reports whether /web/session/destroy also sends
// "cids=; Max-Age=0" (17+: odoo17/71, odoo18/71, odoo19/78; not odoo16/45).
func (p profile) destroyClearsCids() bool { return p.major >= 17 }

// dirtyOnFirstCall reports whether the first successful call_kw of a
// session sends its cookie again (18+: odoo18/64 and 40, odoo19/71; a
// device log marks the session dirty); 16/17 send none (odoo16/40,
// odoo17/64, 66).
func (p profile) dirtyOnFirstCall() bool { return p.major >= 18 }

// notFoundCookies are the cookies of the 404 page: 16 sets frontend_lang
// with Max-Age (odoo16/48); 17+ without Max-Age, plus a new anonymous
// session when the request had none (odoo17/48, 49, 68; odoo18/48;
// odoo19/66).
func (p profile) notFoundCookies(now time.Time, hadSession bool) []string {
	exp := now.UTC().AddDate(1, 0, 0).Format(http.TimeFormat)
	if p.major <= 16 {
		return []string{"frontend_lang=en_US; Expires=" + exp + "; Max-Age=31536000; Path=/"}
	}
	out := []string{"frontend_lang=en_US; Expires=" + exp + "; Path=/"}
	if !hadSession {
		out = append(out, p.sessionCookie(p.sessionID(), now))
	}
	return out
}

// hasNameGet reports whether name_get exists (to 17: odoo17/57; odoo18/57
// answers AttributeError).
func (p profile) hasNameGet() bool { return p.major <= 17 }

// hasFormattedReadGroup reports whether formatted_read_group exists (19:
// odoo19/16; odoo17/56 and odoo18/56 answer AttributeError).
func (p profile) hasFormattedReadGroup() bool { return p.major >= 19 }

// messagePostList reports whether message_post answers [id] instead of
// the id (19 over /jsonrpc and JSON-2: odoo19/62, 17; 16-18 an integer:
// odoo16/28, odoo17/28, 66, odoo18/28, 66).
func (p profile) messagePostList() bool { return p.major >= 19 }

// escapesStrBody reports whether message_post escapes a str body unless
// body_is_html is true (17+: odoo17/29, 53-55, odoo18/29, 53-55, odoo19;
// 16 keeps it, odoo16/28-29).
func (p profile) escapesStrBody() bool { return p.major >= 17 }

// unknownMethod is the AttributeError message of a method the model lacks
// (16: the fixtures README and issue 16, no kept capture; odoo17/50, 63,
// odoo18/50, 63, odoo19/35).
func (p profile) unknownMethod(model, method string) *odooError {
	switch {
	case p.major <= 16:
		return newErr(excAttributeError, "type object '%s' has no attribute '%s'", model, method)
	case p.major == 17:
		return newErr(excAttributeError, "The method '%s' does not exist on the model '%s'", method, model)
	}
	return newErr(excAttributeError, "The method '%s.%s' does not exist", model, method)
}

// unknownModelCallKW is the error call_kw answers for a model that does
// not exist: KeyError with the model name on 16/17 (odoo17/62; the 16
// case is in the fixtures README), werkzeug NotFound with JSON-RPC code
// 404 and id null on 18/19 (odoo18/62; 19 by the README's table).
func (p profile) unknownModelCallKW(model string) *odooError {
	if p.major <= 17 {
		return &odooError{Name: excKeyError, Message: model} // str(KeyError) is the repr, the message the bare name (odoo17/62)
	}
	return &odooError{Name: excNotFound, Message: notFoundMessage, rpcCode: 404, nullID: true, args: []any{},
		where: `  File "/opt/odoo/odoo/addons/web/controllers/dataset.py", line 22, in _call_kw_readonly`}
}

// notFoundMessage is werkzeug's NotFound description (odoo18/62).
const notFoundMessage = "404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."

// anyOnChar is the error of ["name", "any", [...]] on a field that is not
// relational: TypeError on 16 (odoo16/23), KeyError None on 17/18
// (odoo17/23, odoo18/23), ValueError on 19 (fixtures README table; the
// message is a guess after Odoo 19's domain checks).
func (p profile) anyOnChar(field string) *odooError {
	switch {
	case p.major <= 16:
		return newErr(excTypeError, "unhashable type: 'list'")
	case p.major <= 18:
		return &odooError{Name: excKeyError, Message: "None", args: []any{nil}}
	}
	return newErr(excValueError, "Invalid operator 'any' for non-relational field %s", pyRepr(field))
}

// badOperator is the error of an operator that does not exist: "Invalid
// leaf" to 18 (odoo17/51, odoo18/51), "Invalid operator in condition" on
// 19 (fixtures README table).
func (p profile) badOperator(leaf string) *odooError {
	if p.major >= 19 {
		return newErr(excValueError, "Invalid operator in condition %s", leaf)
	}
	return newErr(excValueError, "Invalid leaf %s", leaf)
}

// prof is the profile of the store's version.
func (s *store) prof() profile { return profile{major: s.version} }

// versionSchema adds the fields and models a version's modules have
// beyond the 16 schema (the fixtures README, odoo17/14, odoo18/13-14,
// odoo19/12): OCA helpdesk_mgmt 17 adds duration_tracking, 18 the
// duplicate tracking (and helpdesk.ticket.duplicate.wizard), 19 rotting.
// mail.thread's message_main_attachment_id and __last_update go in
// newModel.
func versionSchema(defs []Model, version int, flavor Flavor) []Model {
	defs = append(defs, apikeyModels()...) // every version (apikeys.go)
	defs = append(defs, langModel())       // lang.go
	if flavor != OCA {
		return defs
	}
	for i := range defs {
		if defs[i].Name != "helpdesk.ticket" {
			continue
		}
		fs := slices.Clone(defs[i].Fields)
		if version >= 17 {
			for j := range fs {
				if fs[j].Name == "activity_user_id" {
					fs[j].ReadOnly = true // a related field from 17 (odoo17/14, odoo18/14, odoo19/12)
				}
			}
			fs = append(fs, ro(f("duration_tracking", TypeJSON, "Status time")))
		}
		if version >= 18 {
			fs = append(fs, m2o("duplicate_id", "Duplicate of", "helpdesk.ticket"),
				o2m("duplicate_ids", "Duplicate tickets", "helpdesk.ticket", "duplicate_id"),
				ro(f("duplicate_count", TypeInteger, "Duplicate Count")),
				ro(f("duplicate_tracking_enabled", TypeBoolean, "Enable duplicate ticket tracking.")))
		}
		if version >= 19 {
			fs = append(fs, ro(f("is_rotting", TypeBoolean, "Rotting")), ro(f("rotting_days", TypeInteger, "Days Rotting")))
		}
		defs[i].Fields = fs
	}
	if version >= 18 {
		defs = append(defs, Model{Name: "helpdesk.ticket.duplicate.wizard", Description: "helpdesk Ticket Duplicate Wizard", Fields: []Field{
			m2o("ticket_id", "Ticket", "helpdesk.ticket")}})
	}
	return defs
}

// invalidFieldIn is the ValueError of an unknown field in values (create,
// write): "Invalid field 'x' on model 'm'" to 18 (odoo16/21, odoo17/21,
// odoo18/21), "Invalid field 'x' in 'm'" on 19 (odoo19/41).
func (p profile) invalidFieldIn(field, model string) *odooError {
	if p.major >= 19 {
		return newErr(excValueError, "Invalid field %s in %s", pyRepr(field), pyRepr(model))
	}
	return errInvalidField(field, model)
}

// invalidFieldOn is the ValueError of an unknown field to read: "on model"
// to 18 (as invalidFieldIn; no 16-18 capture reads one), "Invalid field
// 'x' on 'm'" on 19 (odoo19/39).
func (p profile) invalidFieldOn(field, model string) *odooError {
	if p.major >= 19 {
		return newErr(excValueError, "Invalid field %s on %s", pyRepr(field), pyRepr(model))
	}
	return errInvalidField(field, model)
}

// invalidFieldLeaf is the ValueError of an unknown field in a domain:
// "in leaf" to 18 (odoo16/22, odoo17/22, odoo18/22), "in condition" on 19
// (odoo19/40).
func (p profile) invalidFieldLeaf(model, field, leaf string) *odooError {
	word := "leaf"
	if p.major >= 19 {
		word = "condition"
	}
	return newErr(excValueError, "Invalid field %s.%s in %s %s", model, field, word, leaf)
}

// privateMethod is the AccessError of a method whose name starts with _:
// 19 names the model and quotes it (odoo19/36); 16-18 are guessed to word
// it as the fake did before (the method name alone; no capture).
func (p profile) privateMethod(model, method string) *odooError {
	if p.major >= 19 {
		return newErr(excAccessError, "Private methods (such as %s) cannot be called remotely.", pyRepr(model+"."+method))
	}
	return newErr(excAccessError, "Private methods (such as %s) cannot be called remotely.", method)
}

// required is the ValidationError of a missing required field: the 16-18
// wording (odoo16/19, odoo17/19, odoo18/19) or 19's (odoo19/43).
func (p profile) required(m *model, fd *fieldDef) *odooError {
	if p.major < 19 {
		return errRequired(m, fd)
	}
	msg := fmt.Sprintf("The operation cannot be completed: Missing required value for the field %s (%s).\nModel: %s (%s)\n", pyRepr(fd.String), fd.Name, pyRepr(m.description), m.name) +
		"- create/update: a mandatory field is not set\n- delete: another model requires the record being deleted, you can archive it instead\n"
	return &odooError{Name: excValidation, Message: msg, where: `  File "/opt/odoo/odoo/service/model.py", line 160, in retrying`}
}

// pyJSONError words a JSON syntax error as Python's json module does,
// for JSON-2's 400 (odoo19/45: a body cut short answers "Expecting value:
// line 1 column 13 (char 12)"). Only the cut-short case is recorded; other
// syntax errors get the same "Expecting value" at Go's offset (a guess:
// Python names the token it expected).
func pyJSONError(body []byte, err error) string {
	pos := len(body)
	var se *json.SyntaxError
	if errors.As(err, &se) && !strings.Contains(se.Error(), "unexpected end") {
		pos = int(se.Offset) - 1
	}
	pos = max(0, min(pos, len(body)))
	line := 1 + strings.Count(string(body[:pos]), "\n")
	col := pos - strings.LastIndexByte(string(body[:pos]), '\n')
	return fmt.Sprintf("Expecting value: line %d column %d (char %d)", line, col, pos)
}
