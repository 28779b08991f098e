package helpdesk

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
)

// AttachmentsService lists, uploads and downloads a ticket's files
// (ir.attachment with res_model/res_id; the content travels base64 in the
// datas field).
type AttachmentsService struct{ service }

// AttachmentUpload is a file to attach to a ticket.
type AttachmentUpload struct {
	Name     string    // file name (required)
	MimeType string    // default: the server guesses from the name and content
	Content  io.Reader // the bytes (required)
}

// List returns the attachments of a ticket, without their content.
func (as *AttachmentsService) List(ctx context.Context, ticketID int64) ([]Attachment, error) {
	if err := checkID("ticketID", ticketID); err != nil {
		return nil, err
	}
	f, err := as.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	d := domain.And(domain.Eq("res_model", f.Ticket.Model), domain.Eq("res_id", ticketID))
	rows, err := searchReadTyped[attachmentRow](ctx, as.s, f.Attachment, d, attachmentFields, 0, 0, "id asc")
	if err != nil {
		return nil, err
	}
	return convertRows(rows, (*attachmentRow).attachment), nil
}

// countingHash counts and hashes what is written to it.
type countingHash struct {
	n int64
	h hash.Hash
}

// Write counts and hashes p; it never fails.
func (c *countingHash) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// Upload reads u.Content to its end and attaches it to a ticket. The
// returned Attachment carries the new id, the size read and the SHA-1
// checksum computed while reading (the value Odoo stores).
func (as *AttachmentsService) Upload(ctx context.Context, ticketID int64, u AttachmentUpload) (Attachment, error) {
	if err := checkID("ticketID", ticketID); err != nil {
		return Attachment{}, err
	}
	if strings.TrimSpace(u.Name) == "" {
		return Attachment{}, invalid("AttachmentUpload.Name", "must not be empty")
	}
	if u.Content == nil {
		return Attachment{}, invalid("AttachmentUpload.Content", "must not be nil")
	}
	f, err := as.s.flavorPtr(ctx)
	if err != nil {
		return Attachment{}, err
	}
	// Encode while reading: the content is held once, as base64.
	var b64 strings.Builder
	enc := base64.NewEncoder(base64.StdEncoding, &b64)
	sum := &countingHash{h: sha1.New()}
	if _, err := io.Copy(io.MultiWriter(enc, sum), u.Content); err != nil {
		return Attachment{}, fmt.Errorf("helpdesk: read attachment %q: %w", u.Name, err)
	}
	if err := enc.Close(); err != nil {
		return Attachment{}, err
	}
	vals := map[string]any{
		"name":      u.Name,
		"datas":     b64.String(),
		"res_model": f.Ticket.Model,
		"res_id":    ticketID,
	}
	if u.MimeType != "" {
		vals["mimetype"] = u.MimeType
	}
	id, err := as.s.create(ctx, f.Attachment, vals)
	if err != nil {
		return Attachment{}, err
	}
	return Attachment{
		ID: id, Name: u.Name, MimeType: u.MimeType, Size: sum.n,
		Checksum: hex.EncodeToString(sum.h.Sum(nil)), ResModel: f.Ticket.Model, ResID: ticketID,
	}, nil
}

// Download writes an attachment's content to w and returns the number of
// bytes written. The content is checked against the size and SHA-1
// checksum the server reports, when it reports them, before anything is
// written; a mismatch gives an error matching ErrChecksum.
func (as *AttachmentsService) Download(ctx context.Context, attachmentID int64, w io.Writer) (int64, error) {
	if err := checkID("attachmentID", attachmentID); err != nil {
		return 0, err
	}
	if w == nil {
		return 0, invalid("w", "must not be nil")
	}
	data, err := as.fetch(ctx, attachmentID)
	if err != nil {
		return 0, err
	}
	n, err := w.Write(data)
	return int64(n), err
}

// DownloadBytes returns an attachment's content, checked like Download.
func (as *AttachmentsService) DownloadBytes(ctx context.Context, attachmentID int64) ([]byte, error) {
	if err := checkID("attachmentID", attachmentID); err != nil {
		return nil, err
	}
	return as.fetch(ctx, attachmentID)
}

func (as *AttachmentsService) fetch(ctx context.Context, id int64) ([]byte, error) {
	f, err := as.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := readTyped[attachmentRow](ctx, as.s, f.Attachment, []int64{id}, fieldList("name", "datas", "file_size", "checksum"))
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, &deskbridge.NotFoundError{Op: "helpdesk.Attachments.Download", Model: f.Attachment, ID: id}
	}
	datas, size, checksum := rows[0].Datas, rows[0].Size, rows[0].Checksum
	data, err := base64.StdEncoding.DecodeString(datas)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: %s %d: datas is not base64: %w", f.Attachment, id, err)
	}
	if size > 0 && int64(len(data)) != size {
		return nil, fmt.Errorf("%w: %s %d: got %d bytes, the server reports %d", ErrChecksum, f.Attachment, id, len(data), size)
	}
	if checksum != "" {
		sum := sha1.Sum(data)
		want, herr := hex.DecodeString(checksum)
		// A checksum that is not a SHA-1 (another store) cannot be checked.
		if herr == nil && len(want) == sha1.Size && !bytes.Equal(want, sum[:]) {
			return nil, fmt.Errorf("%w: %s %d: sha1 %x, the server reports %s", ErrChecksum, f.Attachment, id, sum, checksum)
		}
	}
	return data, nil
}
