package helpdesk

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// History is a transfer history kept in a JSON-lines file: one
// HistoryRecord per transferred ticket per run, appended as each ticket
// finishes (TransferOptions.History) or after a run (Append). It survives
// the process and is read back with Records. A History is safe for
// concurrent use; several processes appending to one file each write
// whole lines.
type History struct {
	path string
	mu   sync.Mutex
}

// HistoryRecord is one ticket's transfer in one run.
type HistoryRecord struct {
	// Run identifies the run (its start time, RFC 3339 with nanoseconds);
	// the records of one Transfer share it.
	Run         string    `json:"run"`
	Time        time.Time `json:"time"` // when the ticket finished
	Source      string    `json:"source"`
	Destination string    `json:"destination"`
	TicketTransfer
}

// OpenHistory opens (creating it when missing) the history file at path.
func OpenHistory(path string) (*History, error) {
	if path == "" {
		return nil, invalid("path", "must not be empty")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: history: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("helpdesk: history: %w", err)
	}
	return &History{path: path}, nil
}

// Path returns the file's path.
func (h *History) Path() string { return h.path }

// Append adds the records of a report's tickets (a dry run adds none).
func (h *History) Append(rep *TransferReport) error {
	if rep == nil || rep.DryRun {
		return nil
	}
	var buf bytes.Buffer
	for i := range rep.Tickets {
		if err := h.encode(&buf, rep, &rep.Tickets[i]); err != nil {
			return err
		}
	}
	return h.write(buf.Bytes())
}

func (h *History) append(rep *TransferReport, t *TicketTransfer) error {
	var buf bytes.Buffer
	if err := h.encode(&buf, rep, t); err != nil {
		return err
	}
	return h.write(buf.Bytes())
}

func (h *History) encode(buf *bytes.Buffer, rep *TransferReport, t *TicketTransfer) error {
	rec := HistoryRecord{Run: rep.Started.UTC().Format(time.RFC3339Nano), Time: time.Now().UTC(),
		Source: rep.Source, Destination: rep.Destination, TicketTransfer: *t}
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("helpdesk: history: %w", err)
	}
	buf.Write(b)
	buf.WriteByte('\n')
	return nil
}

// write appends whole lines in one write.
func (h *History) write(b []byte) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	f, err := os.OpenFile(h.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("helpdesk: history: %w", err)
	}
	_, werr := f.Write(b)
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		return fmt.Errorf("helpdesk: history: %w", werr)
	}
	return nil
}

// Records reads the history back, oldest first. A last line cut short (a
// process killed while writing it) is ignored; any other line that is not
// a record is an error naming its line number.
func (h *History) Records() ([]HistoryRecord, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f, err := os.Open(h.path)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: history: %w", err)
	}
	defer f.Close()
	var out []HistoryRecord
	br := bufio.NewReader(f)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return out, nil // a line without its newline was cut short
		}
		if err != nil {
			return nil, fmt.Errorf("helpdesk: history: %w", err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var rec HistoryRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			return nil, fmt.Errorf("helpdesk: history %s line %d: %w", h.path, n, err)
		}
		out = append(out, rec)
	}
}

// Transfers counts, per source ticket id, the runs that transferred it
// (status done or partial) from source to destination ("" matches any).
func (h *History) Transfers(source, destination string) (map[int64]int, error) {
	recs, err := h.Records()
	if err != nil {
		return nil, err
	}
	out := map[int64]int{}
	for _, r := range recs {
		if (source == "" || r.Source == source) && (destination == "" || r.Destination == destination) &&
			(r.Status == StatusDone || r.Status == StatusPartial) {
			out[r.SourceID]++
		}
	}
	return out, nil
}
