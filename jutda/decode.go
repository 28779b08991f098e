package jutda

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// maxIDDigits bounds an id so it fits an int64 (19 digits can overflow;
// strconv says so).
const maxIDDigits = 19

// decodeID reads a ticket or user id: the decimal digits of a positive
// number, surrounding whitespace allowed (Django writes "%s" % id). It
// returns the reason when b is not one.
func decodeID(b []byte) (int64, string) {
	s := bytes.TrimSpace(b)
	switch {
	case len(s) == 0:
		return 0, "empty body"
	case s[0] == '<':
		return 0, "an HTML page"
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, "not a decimal number"
		}
	}
	if len(s) > maxIDDigits {
		return 0, "too many digits"
	}
	n, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil {
		return 0, "too large"
	}
	if n <= 0 {
		return 0, "not a positive id"
	}
	return n, ""
}

// decodeEmpty accepts the empty body of delete/hold/unhold/add_followup/
// resolve (whitespace allowed).
func decodeEmpty(b []byte) string {
	if t := bytes.TrimSpace(b); len(t) != 0 {
		if t[0] == '<' {
			return "an HTML page where an empty body was expected"
		}
		return "expected an empty body"
	}
	return ""
}

// decodeQueues reads list_queues' JSON, [{"id": "1", "title": "Support"}]:
// ids are strings on the real server; numbers are accepted too.
func decodeQueues(b []byte) ([]Queue, string) {
	var raw []struct {
		ID    json.RawMessage `json:"id"`
		Title *string         `json:"title"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '<' {
			return nil, "an HTML page"
		}
		return nil, "invalid JSON: " + err.Error()
	}
	if raw == nil {
		return nil, "not a JSON list"
	}
	out := make([]Queue, 0, len(raw))
	for i, q := range raw {
		if q.Title == nil {
			return nil, fmt.Sprintf("queue %d has no title", i)
		}
		id, reason := queueID(q.ID)
		if reason != "" {
			return nil, fmt.Sprintf("queue %d: id %s", i, reason)
		}
		out = append(out, Queue{ID: id, Title: *q.Title})
	}
	return out, ""
}

// queueID reads an id given as a JSON string ("1") or number (1).
func queueID(raw json.RawMessage) (int64, string) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, "missing"
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, "not a string"
		}
		return decodeID([]byte(s))
	}
	if _, err := strconv.ParseUint(string(raw), 10, 64); err != nil {
		return 0, "not a positive integer"
	}
	return decodeID(raw)
}
