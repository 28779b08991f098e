package bench

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/bytedance/sonic"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	jsonv2 "github.com/go-json-experiment/json"
	goccy "github.com/goccy/go-json"
)

// rpcReply is the JSON-RPC envelope a contender decodes the reply into.
type rpcReply struct {
	Result []rawTicket      `json:"result"`
	Error  *json.RawMessage `json:"error"`
}

// BenchmarkDecodeContenders sets the SDK's whole typed call (request,
// body read, envelope, records: Model.SearchRead over an in-memory
// RoundTripper) beside JSON libraries decoding the same 10 000-ticket reply
// from memory into the hand-written client's struct (rawTicket: any where
// Odoo may answer false), which is less work than the call: no request, no
// body read, no time parsing. MB/s is of the JSON result (the same bytes as
// BenchmarkDecode10k). sonic and goccy/go-json are contenders here only,
// never SDK dependencies.
func BenchmarkDecodeContenders(b *testing.B) {
	recs := genRecords(decodeN)
	jsonList := jsonRecords(recs)
	body := jsonRPCReply(1, jsonList)
	bodyStr := string(body)
	ctx := context.Background()
	size := int64(len(jsonList))
	decodeBench := func(b *testing.B, decode func(*rpcReply) error) {
		b.SetBytes(size)
		b.ReportAllocs()
		cpu := startCPU(size)
		for b.Loop() {
			var r rpcReply
			if err := decode(&r); err != nil || len(r.Result) != decodeN {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	}
	b.Run("impl=deskbridge-typed-call", func(b *testing.B) {
		c, _ := cannedJSONRPCClient(b, jsonList)
		m := odoo.NewModel[Ticket](c, "helpdesk.ticket")
		b.SetBytes(size)
		b.ReportAllocs()
		cpu := startCPU(size)
		for b.Loop() {
			out, err := m.SearchRead(ctx, domain.Domain{}, nil)
			if err != nil || len(out) != decodeN {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
	b.Run("impl=sonic-zerocopy", func(b *testing.B) {
		// sonic's default: strings point into the input (no copy).
		decodeBench(b, func(r *rpcReply) error { return sonic.UnmarshalString(bodyStr, r) })
	})
	b.Run("impl=sonic-copy", func(b *testing.B) {
		decodeBench(b, func(r *rpcReply) error { return sonic.ConfigStd.UnmarshalFromString(bodyStr, r) })
	})
	b.Run("impl=goccy", func(b *testing.B) {
		decodeBench(b, func(r *rpcReply) error { return goccy.Unmarshal(body, r) })
	})
	b.Run("impl=jsonv2", func(b *testing.B) {
		decodeBench(b, func(r *rpcReply) error { return jsonv2.Unmarshal(body, r) })
	})
	b.Run("impl=encoding-json", func(b *testing.B) {
		decodeBench(b, func(r *rpcReply) error { return json.Unmarshal(body, r) })
	})
}

// TestContendersAgree checks every contender decodes the reply to the same
// values as encoding/json.
func TestContendersAgree(t *testing.T) {
	body := jsonRPCReply(1, jsonRecords(genRecords(200)))
	var want rpcReply
	if err := json.Unmarshal(body, &want); err != nil || len(want.Result) != 200 {
		t.Fatal(err)
	}
	for name, decode := range map[string]func(*rpcReply) error{
		"sonic-zerocopy": func(r *rpcReply) error { return sonic.UnmarshalString(string(body), r) },
		"sonic-copy":     func(r *rpcReply) error { return sonic.ConfigStd.UnmarshalFromString(string(body), r) },
		"goccy":          func(r *rpcReply) error { return goccy.Unmarshal(body, r) },
		"jsonv2":         func(r *rpcReply) error { return jsonv2.Unmarshal(body, r) },
	} {
		var got rpcReply
		if err := decode(&got); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, or the records differ from encoding/json's", name, err)
		}
	}
}
