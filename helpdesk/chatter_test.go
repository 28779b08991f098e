package helpdesk

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

func TestMessages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		id := e.fx.tickets[0]
		before, err := e.hd.Messages.List(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		note, err := e.hd.Messages.Post(e.ctx, id, MessagePost{Body: "<p>Internal note from the API</p>", Internal: true})
		if err != nil {
			t.Fatal(err)
		}
		att, err := e.hd.Attachments.Upload(e.ctx, id, AttachmentUpload{Name: "log.txt", Content: strings.NewReader("hello world\n")})
		if err != nil {
			t.Fatal(err)
		}
		comment, err := e.hd.Messages.Post(e.ctx, id, MessagePost{Body: "<p>Hello customer</p>", AttachmentIDs: []int64{att.ID}})
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := e.hd.Messages.List(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := int(e.srv.Count("mail.message", domain.And(domain.Eq("model", "helpdesk.ticket"), domain.Eq("res_id", id)))); len(msgs) != want || want != len(before)+2 {
			t.Fatalf("%d messages (had %d), server has %d", len(msgs), len(before), want)
		}
		byID := map[int64]Message{}
		for i, m := range msgs {
			byID[m.ID] = m
			if i > 0 && msgs[i-1].ID > m.ID {
				t.Errorf("messages not oldest first")
			}
		}
		subtype := func(m Message) string {
			return field[string](e, "mail.message.subtype", m.Subtype.ID, "xml_id")
		}
		n, c := byID[note], byID[comment]
		if n.Body != "<p>Internal note from the API</p>" || n.Type != "comment" || subtype(n) != SubtypeNote || n.Author.ID == 0 || n.Date.IsZero() {
			t.Errorf("note = %+v (subtype %s)", n, subtype(n))
		}
		if c.Type != "comment" || subtype(c) != SubtypeComment || !equalIDs(c.AttachmentIDs, []int64{att.ID}) {
			t.Errorf("comment = %+v (subtype %s)", c, subtype(c))
		}
		// Posting as another author.
		m3, err := e.hd.Messages.Post(e.ctx, id, MessagePost{Body: "<p>from the customer</p>", AuthorID: e.fx.partner})
		if err != nil {
			t.Fatal(err)
		}
		if a := m2oID(e, "mail.message", m3, "author_id"); a != e.fx.partner {
			t.Errorf("author %d, want %d", a, e.fx.partner)
		}
	})
}

func TestFollowers(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		id := e.fx.tickets[1]
		count := func() int {
			return int(e.srv.Count("mail.followers", domain.And(domain.Eq("res_model", "helpdesk.ticket"), domain.Eq("res_id", id))))
		}
		before := count()
		if err := e.hd.Followers.Add(e.ctx, id, []int64{e.fx.partner}); err != nil {
			t.Fatal(err)
		}
		fs, err := e.hd.Followers.List(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != before+1 || len(fs) != count() {
			t.Fatalf("followers %+v, had %d", fs, before)
		}
		var f Follower
		for _, x := range fs {
			if x.Partner.ID == e.fx.partner {
				f = x
			}
		}
		if f.ID == 0 || f.Name != "Fixture Customer" || f.Email != "customer@example.com" || f.Partner.Name == "" {
			t.Errorf("follower = %+v", f)
		}
		// Adding again changes nothing.
		if err := e.hd.Followers.Add(e.ctx, id, []int64{e.fx.partner}); err != nil {
			t.Fatal(err)
		}
		if count() != before+1 {
			t.Errorf("adding twice: %d followers", count())
		}
		if err := e.hd.Followers.Remove(e.ctx, id, []int64{e.fx.partner}); err != nil {
			t.Fatal(err)
		}
		fs, err = e.hd.Followers.List(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range fs {
			if x.Partner.ID == e.fx.partner {
				t.Errorf("partner still follows: %+v", fs)
			}
		}
		if len(fs) != before {
			t.Errorf("%d followers after remove, want %d", len(fs), before)
		}
	})
}

func TestAttachments(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		id := e.fx.tickets[2]
		content := bytes.Repeat([]byte("0123456789abcdef\x00\xff"), 5000) // binary, 90 kB
		sum := sha1.Sum(content)
		up, err := e.hd.Attachments.Upload(e.ctx, id, AttachmentUpload{Name: "dump.bin", MimeType: "application/octet-stream", Content: bytes.NewReader(content)})
		if err != nil {
			t.Fatal(err)
		}
		if up.ID == 0 || up.Size != int64(len(content)) || up.Checksum != hex.EncodeToString(sum[:]) || up.ResID != id || up.ResModel != "helpdesk.ticket" {
			t.Errorf("upload = %+v", up)
		}
		if got := field[string](e, "ir.attachment", up.ID, "checksum"); got != up.Checksum {
			t.Errorf("server checksum %s, client %s", got, up.Checksum)
		}
		list, err := e.hd.Attachments.List(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var a Attachment
		for _, x := range list {
			if x.ID == up.ID {
				a = x
			}
		}
		if a.Name != "dump.bin" || a.Size != int64(len(content)) || a.Checksum != up.Checksum || a.MimeType != "application/octet-stream" || a.CreatedAt.IsZero() {
			t.Errorf("listed = %+v", a)
		}
		var buf bytes.Buffer
		n, err := e.hd.Attachments.Download(e.ctx, up.ID, &buf)
		if err != nil {
			t.Fatal(err)
		}
		if n != int64(len(content)) || !bytes.Equal(buf.Bytes(), content) {
			t.Errorf("downloaded %d bytes, equal %v", n, bytes.Equal(buf.Bytes(), content))
		}
		b, err := e.hd.Attachments.DownloadBytes(e.ctx, up.ID)
		if err != nil || !bytes.Equal(b, content) {
			t.Errorf("DownloadBytes: %d bytes, %v", len(b), err)
		}
		if _, err := e.hd.Attachments.DownloadBytes(e.ctx, 999999); !errors.Is(err, deskbridge.ErrNotFound) {
			t.Errorf("missing attachment: %v, want deskbridge.ErrNotFound", err)
		}
		// Empty file.
		empty, err := e.hd.Attachments.Upload(e.ctx, id, AttachmentUpload{Name: "empty.txt", Content: strings.NewReader("")})
		if err != nil || empty.Size != 0 {
			t.Fatalf("empty upload %+v, %v", empty, err)
		}
		if b, err := e.hd.Attachments.DownloadBytes(e.ctx, empty.ID); err != nil || len(b) != 0 {
			t.Errorf("empty download %q, %v", b, err)
		}
	})
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestAttachmentUploadReadError(t *testing.T) {
	e := newEnv(t, "oca", odoo.JSONRPC)
	e.srv.ResetCalls()
	_, err := e.hd.Attachments.Upload(e.ctx, e.fx.tickets[0], AttachmentUpload{Name: "x", Content: failingReader{}})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Upload = %v, want the reader's error", err)
	}
	if n := e.srv.CallCount("ir.attachment", "create"); n != 0 {
		t.Errorf("%d creates after a read error", n)
	}
}
