package odootest

import "testing"

// An extra language: stage names and selection labels come back
// translated under context.lang; an uninstalled one is refused
// (odoo19/29).
func TestLanguages(t *testing.T) {
	s := NewServer(WithVersion("17.0"), WithFlavor(OCA), WithDemoData())
	defer s.Close()
	langs := mustExec(t, s, "res.lang", "search_read", []any{[]any{}}, map[string]any{"fields": []any{"code"}}).([]any)
	if len(langs) != 2 {
		t.Fatalf("res.lang = %v", langs)
	}
	de := map[string]any{"lang": ExtraLanguage}
	// Like Odoo, a domain on a translated field compares the translation.
	stages := mustExec(t, s, "helpdesk.ticket.stage", "search_read", []any{[]any{[]any{"name", "=", "Neu"}}}, map[string]any{"fields": []any{"name"}, "context": de}).([]any)
	if len(stages) != 1 || stages[0].(map[string]any)["name"] != "Neu" {
		t.Errorf("stage under %s = %v", ExtraLanguage, stages)
	}
	tickets := mustExec(t, s, "helpdesk.ticket", "search_read", []any{[]any{[]any{"stage_id.name", "=", "Neu"}}}, map[string]any{"fields": []any{"stage_id"}, "limit": 1, "context": de}).([]any)
	if len(tickets) != 1 || tickets[0].(map[string]any)["stage_id"].([]any)[1] != "Neu" {
		t.Errorf("ticket stage under %s = %v", ExtraLanguage, tickets)
	}
	fg := mustExec(t, s, "helpdesk.ticket", "fields_get", []any{[]any{"priority"}}, map[string]any{"attributes": []any{"selection"}, "context": de}).(map[string]any)
	if sel := fg["priority"].(map[string]any)["selection"].([]any); sel[0].([]any)[1] != "Niedrig" {
		t.Errorf("priority selection under %s = %v", ExtraLanguage, sel)
	}
	if en := mustExec(t, s, "helpdesk.ticket.stage", "search_read", []any{[]any{[]any{"name", "=", "New"}}}, map[string]any{"fields": []any{"name"}}).([]any); en[0].(map[string]any)["name"] != "New" {
		t.Errorf("stage without lang = %v", en)
	}
	_, e := executeKw(t, s, "helpdesk.ticket", "search_count", []any{[]any{}}, map[string]any{"context": map[string]any{"lang": "fr_FR"}})
	if errName(e) != excUserError || e["data"].(map[string]any)["message"] != "Invalid language code: fr_FR" {
		t.Errorf("uninstalled lang = %v", e)
	}
}
