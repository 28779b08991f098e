package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

var fuzzSeeds = []string{
	`[]`,
	`null`,
	`[('a', '=', True), ('b', 'in', (1, 2)), ('c', '!=', None)]`,
	`['|', ('name', 'ilike', 'x%'), '!', ('id', 'in', [1, 2.5, -3e4])]`,
	`["&",["a","=",1],["b","not in",[]]]`,
	`[["tag_ids","any",["|",["name","=","bug"],["id","child_of",3]]]]`,
	`[('tag_ids', 'not any', (('name', '=like', u'x\n\x41\u00e9'),))]`,
	`[(1, '=', 1), (0, '=', 1)]`,
	`[('a', '<>', 1), ('b', '==', r'\d'), ('c', 'ILIKE', '''t'''), ('d', '=', 'a' "b")]`,
	"[\n ('a', '=', 1), # comment\n ('b', '>', -.5),\n]",
	`[('user_id', '=', uid)]`,
	`[["a","=","\ud83d\ude00\ud800"]]`,
	`['&']`,
	`[('a','=',1e999)]`,
	`[('a','in',[[[[1]]]])]`,
}

// fuzzRecord and fuzzResolver let Match run on whatever the fuzzer parses.
var fuzzRecord = map[string]any{
	"id": int64(1), "name": "Name", "a": float64(1), "b": []any{float64(1), "x"},
	"tag_ids": []any{float64(1), float64(2)}, "parent_id": false,
}

func fuzzResolver(rec map[string]any, field string) ([]map[string]any, error) {
	if field == "tag_ids" || field == "child_ids" {
		return []map[string]any{{"id": int64(2), "name": "Tag"}}, nil
	}
	return nil, nil
}

func checkParsed(t *testing.T, in string, d Domain, err error) {
	t.Helper()
	if err != nil {
		var de *Error
		if !errors.As(err, &de) {
			t.Fatalf("error %v is %T, not *Error", err, err)
		}
		if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrInvalid) {
			t.Fatalf("error %v matches neither ErrSyntax nor ErrInvalid", err)
		}
		if de.Pos < 0 || de.Pos > len(in) {
			t.Fatalf("error %v: Pos %d outside the input (len %d)", err, de.Pos, len(in))
		}
		return
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("parsed domain is invalid: %v", err)
	}
	checkRoundTrip(t, d)
	_, _ = Match(d, fuzzRecord, fuzzResolver)
	_, _ = Match(d, fuzzRecord, nil)
	_ = d.Fields()
	_ = d.Leaves()
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		checkParsed(t, s, d, err)
		_, errJ := ParseJSON([]byte(s))
		_, errP := ParsePython(s)
		if (err == nil) != (errJ == nil || errP == nil) {
			t.Fatalf("Parse error %v, ParseJSON %v, ParsePython %v", err, errJ, errP)
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseJSON(b)
		checkParsed(t, string(b), d, err)
		if err == nil && !json.Valid(b) {
			t.Fatalf("ParseJSON accepted text encoding/json rejects: %q", b)
		}
		// Differential check against encoding/json + FromList.
		var raw []any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if json.Valid(b) && dec.Decode(&raw) == nil {
			d2, err2 := FromList(raw)
			if err != nil && contains(err.Error(), "nested too deeply") {
				return
			}
			if (err == nil) != (err2 == nil) {
				t.Fatalf("ParseJSON error %v, FromList(encoding/json) error %v", err, err2)
			}
			if err == nil && !d.Equal(d2) {
				t.Fatalf("ParseJSON %v, FromList(encoding/json) %v", d, d2)
			}
		}
	})
}
