package helpdesk

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// Every refused argument is refused before any request: the server sees
// no call at all (not even a login or the flavor detection).
func TestValidationSendsNothing(t *testing.T) {
	tests := []struct {
		name  string
		field string
		call  func(ctx context.Context, hd *Service) error
	}{
		{"create empty name", "TicketCreate.Name", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Create(ctx, TicketCreate{Name: "  "})
			return err
		}},
		{"create unknown priority", "TicketCreate.Priority", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Create(ctx, TicketCreate{Name: "x", Priority: "7"})
			return err
		}},
		{"create negative team", "TicketCreate.TeamID", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Create(ctx, TicketCreate{Name: "x", TeamID: -1})
			return err
		}},
		{"create zero tag", "TicketCreate.TagIDs[0]", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Create(ctx, TicketCreate{Name: "x", TagIDs: []int64{0}})
			return err
		}},
		{"get zero id", "id", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Get(ctx, 0)
			return err
		}},
		{"update negative id", "id", func(ctx context.Context, hd *Service) error {
			return hd.Tickets.Update(ctx, -4, TicketUpdate{Name: deskbridge.Ptr("x")})
		}},
		{"update empty name", "TicketUpdate.Name", func(ctx context.Context, hd *Service) error {
			return hd.Tickets.Update(ctx, 1, TicketUpdate{Name: deskbridge.Ptr("")})
		}},
		{"update unknown priority", "TicketUpdate.Priority", func(ctx context.Context, hd *Service) error {
			return hd.Tickets.Update(ctx, 1, TicketUpdate{Priority: deskbridge.Ptr(Priority("urgent"))})
		}},
		{"update zero stage", "TicketUpdate.StageID", func(ctx context.Context, hd *Service) error {
			return hd.Tickets.Update(ctx, 1, TicketUpdate{StageID: deskbridge.Ptr[int64](0)})
		}},
		{"delete nothing", "ids", func(ctx context.Context, hd *Service) error { return hd.Tickets.Delete(ctx, nil) }},
		{"delete zero id", "ids[1]", func(ctx context.Context, hd *Service) error { return hd.Tickets.Delete(ctx, []int64{3, 0}) }},
		{"move zero stage", "stageID", func(ctx context.Context, hd *Service) error { return hd.Tickets.MoveToStage(ctx, 1, 0) }},
		{"move zero ticket", "id", func(ctx context.Context, hd *Service) error { return hd.Tickets.MoveToStage(ctx, 0, 1) }},
		{"assign zero user", "userID", func(ctx context.Context, hd *Service) error { return hd.Tickets.Assign(ctx, 1, 0) }},
		{"close zero", "id", func(ctx context.Context, hd *Service) error { _, err := hd.Tickets.Close(ctx, 0); return err }},
		{"list bad priority", "TicketListOptions.Priority", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.List(ctx, &TicketListOptions{Priority: "high"})
			return err
		}},
		{"all negative team", "TicketListOptions.TeamID", func(ctx context.Context, hd *Service) error {
			for _, err := range hd.Tickets.All(ctx, &TicketListOptions{TeamID: -1}) {
				return err
			}
			return nil
		}},
		{"stages negative team", "teamID", func(ctx context.Context, hd *Service) error {
			_, err := hd.Stages.List(ctx, -1)
			return err
		}},
		{"slas negative team", "teamID", func(ctx context.Context, hd *Service) error {
			_, err := hd.SLAs.List(ctx, -1)
			return err
		}},
		{"sla status zero", "ticketID", func(ctx context.Context, hd *Service) error {
			_, err := hd.SLAStatus.ForTicket(ctx, 0)
			return err
		}},
		{"messages zero", "ticketID", func(ctx context.Context, hd *Service) error {
			_, err := hd.Messages.List(ctx, 0)
			return err
		}},
		{"post empty", "MessagePost.Body", func(ctx context.Context, hd *Service) error {
			_, err := hd.Messages.Post(ctx, 1, MessagePost{Body: " "})
			return err
		}},
		{"post bad attachment", "MessagePost.AttachmentIDs[0]", func(ctx context.Context, hd *Service) error {
			_, err := hd.Messages.Post(ctx, 1, MessagePost{Body: "x", AttachmentIDs: []int64{-1}})
			return err
		}},
		{"followers add none", "partnerIDs", func(ctx context.Context, hd *Service) error { return hd.Followers.Add(ctx, 1, nil) }},
		{"followers remove zero", "partnerIDs[0]", func(ctx context.Context, hd *Service) error { return hd.Followers.Remove(ctx, 1, []int64{0}) }},
		{"followers list zero", "ticketID", func(ctx context.Context, hd *Service) error {
			_, err := hd.Followers.List(ctx, 0)
			return err
		}},
		{"attachments list zero", "ticketID", func(ctx context.Context, hd *Service) error {
			_, err := hd.Attachments.List(ctx, 0)
			return err
		}},
		{"upload no name", "AttachmentUpload.Name", func(ctx context.Context, hd *Service) error {
			_, err := hd.Attachments.Upload(ctx, 1, AttachmentUpload{Content: strings.NewReader("x")})
			return err
		}},
		{"upload no content", "AttachmentUpload.Content", func(ctx context.Context, hd *Service) error {
			_, err := hd.Attachments.Upload(ctx, 1, AttachmentUpload{Name: "x"})
			return err
		}},
		{"download zero", "attachmentID", func(ctx context.Context, hd *Service) error {
			_, err := hd.Attachments.Download(ctx, 0, &bytes.Buffer{})
			return err
		}},
		{"download nil writer", "w", func(ctx context.Context, hd *Service) error {
			_, err := hd.Attachments.Download(ctx, 1, nil)
			return err
		}},
	}
	for _, f := range testFlavors {
		srv := odootest.NewServer(odootest.WithFlavor(f))
		defer srv.Close()
		for _, tt := range tests {
			t.Run(string(f)+"/"+tt.name, func(t *testing.T) {
				hd, err := New(newClient(t, srv, odoo.JSONRPC)) // lazy detection: a call would show
				if err != nil {
					t.Fatal(err)
				}
				srv.ResetCalls()
				err = tt.call(t.Context(), hd)
				var ve *deskbridge.ArgumentError
				if !errors.As(err, &ve) || !errors.Is(err, deskbridge.ErrInvalidArgument) || ve.Arg != tt.field {
					t.Fatalf("err = %v, want *deskbridge.ArgumentError on %s", err, tt.field)
				}
				if calls := srv.Calls(); len(calls) != 0 {
					t.Errorf("%d calls reached the server: %+v", len(calls), calls)
				}
			})
		}
	}
}
