package odoo

import (
	"reflect"
	"testing"
)

func TestFields(t *testing.T) {
	got := Fields[testTicket]()
	want := []string{"id", "name", "description", "stage_id", "partner_id", "partner_email", "tag_ids", "priority",
		"create_date", "closed_date", "date_deadline", "active", "color", "hours", "datas", "extra", "raw"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Fields = %v\nwant     %v", got, want)
	}
	if Fields[map[string]any]() != nil || Fields[struct{ A int }]() != nil {
		t.Error("Fields of untagged types should be nil")
	}
	got[0] = "changed"
	if Fields[testTicket]()[0] != "id" {
		t.Error("Fields returned the cached slice")
	}
}
