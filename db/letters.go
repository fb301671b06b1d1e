package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"okienko/app/letters"
	"okienko/db/internal/dbq"
	"okienko/sync/entity"
)

// letterPrivate is what an entry of the correspondence register keeps
// sealed (letter, sealed, id): who wrote, from where, about what, and the
// remark on the answer. Dates, channels, people and statuses stay plain:
// lists and "Dziś" sort and count by them.
type letterPrivate struct {
	Sender        string `json:"sender"`
	SenderAddress string `json:"senderAddress"`
	Subject       string `json:"subject"`
	Note          string `json:"note"`
}

func letterToPayload(officeID string, l letters.Letter) entity.Letter {
	return entity.Letter{ID: l.ID, OfficeID: officeID, ReceivedAt: stampText(l.ReceivedAt), Channel: string(l.Channel),
		Sender: l.Sender, SenderAddress: l.SenderAddress, Subject: l.Subject, AssigneeID: l.AssigneeID, CaseID: l.CaseID,
		Rule: string(l.Rule), DueAt: stampText(l.DueAt), Status: string(l.Status), AnsweredAt: stampText(l.AnsweredAt),
		AnswerChannel: string(l.AnswerChannel), AnsweredBy: l.AnsweredBy, Note: l.Note, CreatedBy: l.CreatedBy,
		AssignedBy: l.AssignedBy, AssignedAt: stampText(l.AssignedAt)}
}

func (r reader) letterFromRow(x dbq.Letter) (letters.Letter, error) {
	var priv letterPrivate
	raw, err := r.lk.open("letter", "sealed", x.ID, x.Sealed)
	if err != nil {
		return letters.Letter{}, err
	}
	if err := json.Unmarshal(raw, &priv); err != nil {
		return letters.Letter{}, fmt.Errorf("db: letter %s: %w", x.ID, err)
	}
	return letters.Letter{ID: x.ID, ReceivedAt: msTime(x.ReceivedAt), Channel: letters.Channel(x.Channel),
		Sender: priv.Sender, SenderAddress: priv.SenderAddress, Subject: priv.Subject, AssigneeID: x.AssigneeID,
		CaseID: x.CaseID, Rule: letters.Rule(x.Rule), DueAt: msTime(x.DueAt), Status: letters.Status(x.Status),
		AnsweredAt: msTime(x.AnsweredAt), AnswerChannel: letters.Channel(x.AnswerChannel), AnsweredBy: x.AnsweredBy,
		Note: priv.Note, CreatedBy: x.CreatedBy, AssignedBy: x.AssignedBy, AssignedAt: msTime(x.AssignedAt)}, nil
}

func (r reader) lettersFromRows(rows []dbq.Letter, err error) ([]letters.Letter, error) {
	if err != nil {
		return nil, err
	}
	out := make([]letters.Letter, len(rows))
	for i, x := range rows {
		if out[i], err = r.letterFromRow(x); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *Tx) writeLetter(ctx context.Context, p entity.Letter) error {
	n := ms(t.now)
	status := p.Status
	if status == "" {
		status = string(letters.Open)
	}
	raw, err := json.Marshal(letterPrivate{Sender: p.Sender, SenderAddress: p.SenderAddress, Subject: p.Subject, Note: p.Note})
	if err != nil {
		return fmt.Errorf("db: save letter: %w", err)
	}
	sealed, err := t.lk.seal("letter", "sealed", p.ID, raw)
	if err != nil {
		return err
	}
	return wrap("save letter", t.q.LetterUpsert(ctx, dbq.LetterUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, ReceivedAt: stampMS(p.ReceivedAt), Channel: p.Channel, AssigneeID: p.AssigneeID,
		CaseID: p.CaseID, Rule: p.Rule, DueAt: stampMS(p.DueAt), Status: status, AnsweredAt: stampMS(p.AnsweredAt),
		AnswerChannel: p.AnswerChannel, AnsweredBy: p.AnsweredBy, CreatedBy: p.CreatedBy, AssignedBy: p.AssignedBy,
		AssignedAt: stampMS(p.AssignedAt), Sealed: sealed,
		CreatedAt: n, UpdatedAt: n,
	}))
}

func writeLetterJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p entity.Letter
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeLetter(ctx, p)
}

// SaveLetter stores an entry of the correspondence register (new,
// reassigned or answered) and records it for sync; status and assignee
// are guarded fields, so two people answering one letter at once meet as
// a conflict at the registry.
func (t *Tx) SaveLetter(ctx context.Context, officeID string, l letters.Letter) (letters.Letter, error) {
	if l.ID == "" {
		l.ID = newID()
	}
	p := letterToPayload(officeID, l)
	if err := t.writeLetter(ctx, p); err != nil {
		return letters.Letter{}, err
	}
	return l, t.record(ctx, "letter", l.ID, p)
}

// Letter returns one entry of the correspondence register.
func (r reader) Letter(ctx context.Context, id string) (letters.Letter, error) {
	row, err := r.q.LetterGet(ctx, id)
	if err != nil {
		return letters.Letter{}, notFound(err, "letter")
	}
	return r.letterFromRow(row)
}

// LettersReceived lists up to limit letters received in [from, to), in
// order of receipt: the yearly register and the screen's list.
func (r reader) LettersReceived(ctx context.Context, from, to time.Time, limit int) ([]letters.Letter, error) {
	rows, err := r.q.LetterListReceived(ctx, dbq.LetterListReceivedParams{ReceivedAt: ms(from), ReceivedAt_2: ms(to), Limit: int64(limit)})
	return r.lettersFromRows(rows, wrap("letters received", err))
}

// OpenLetters lists up to limit letters waiting for their answer, the
// earliest answer-by first; staffID "" lists everyone's.
func (r reader) OpenLetters(ctx context.Context, staffID string, limit int) ([]letters.Letter, error) {
	if staffID == "" {
		rows, err := r.q.LetterListOpen(ctx, int64(limit))
		return r.lettersFromRows(rows, wrap("open letters", err))
	}
	rows, err := r.q.LetterListOpenOf(ctx, dbq.LetterListOpenOfParams{AssigneeID: staffID, Limit: int64(limit)})
	return r.lettersFromRows(rows, wrap("open letters of", err))
}

// LetterCounts are the register's figures for the monitoring report: the
// letters received in [from, to), those answered by the period's end (and
// of them late), and those past their answer-by unanswered at its end,
// the end being to or now, whichever is earlier. No sealed column is
// read: the figures need no key's open.
func (r reader) LetterCounts(ctx context.Context, from, to, now time.Time) (letters.Counts, error) {
	until := to
	if now.Before(until) {
		until = now
	}
	row, err := r.q.LetterCountsReceived(ctx, dbq.LetterCountsReceivedParams{UntilMs: ms(until), FromMs: ms(from), ToMs: ms(to)})
	if err != nil {
		return letters.Counts{}, wrap("letter counts", err)
	}
	return letters.Counts{Received: int(row.Received), Answered: int(row.Answered), AnsweredLate: int(row.AnsweredLate),
		Overdue: int(row.Overdue)}, nil
}
