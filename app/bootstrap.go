package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"okienko/app/audit"
	"okienko/app/catalog"
	"okienko/app/demo"
	"okienko/db"
)

// Setting keys.
const settingAutoLock = "autoLockMinutes"

// ErrNoOffice means the database holds no office and the demo was not
// allowed; the device must be enrolled first.
var ErrNoOffice = errors.New("app: no office in the database")

// Bootstrap prepares the core on an opened store: it loads the demo office
// into an empty database when loadDemo is set, then reads the office,
// settings and catalogue index.
func (c *Core) Bootstrap(ctx context.Context, loadDemo bool) error {
	o, err := c.Store.Office(ctx)
	if errors.Is(err, db.ErrNotFound) {
		if !loadDemo {
			c.officeID = ""
			c.catalogue.Store(&catalogueView{index: catalog.NewIndex(nil), rows: map[string]map[string]CardSummary{}})
			return ErrNoOffice
		}
		// Loading writes sealed rows: the demo's key is made first.
		unlocked, kerr := c.Keys.beforeDemo(ctx)
		if unlocked {
			defer c.Keys.lock()
		}
		if kerr != nil {
			return kerr
		}
		if err := c.loadDemo(ctx); err != nil {
			return err
		}
		o, err = c.Store.Office(ctx)
	}
	if err != nil {
		return fmt.Errorf("app: bootstrap: %w", err)
	}
	c.officeID = o.ID
	if err := c.closeOldRegisters(ctx); err != nil {
		return err
	}
	// The office's auto-lock delay comes from the registry; an admin may
	// set this computer's own, which wins here and nowhere else.
	if v, err := c.Store.Setting(ctx, o.ID, settingAutoLock); err == nil {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			c.session.AutoLock = time.Duration(n) * time.Minute
		}
	}
	if v, err := c.Store.LocalSetting(ctx, settingAutoLock); err == nil && v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			c.session.AutoLock = time.Duration(n) * time.Minute
		}
	}
	return c.rebuildIndex(ctx)
}

// NoteYearEnd marks numbers cancelled because their register's year ended.
const NoteYearEnd = "year_end"

// closeOldRegisters cancels numbers still reserved in registers of past
// years: a register closes with its year, and every number in it must be
// accounted for as used or cancelled. Only a standalone device closes its
// own registers: on a device of a registry the year ends when the registry
// closes it, whatever this computer's clock says.
func (c *Core) closeOldRegisters(ctx context.Context) error {
	// Cancelling writes sealed outbox rows: a locked store closes them at
	// the next sign-in (KeyRing.unlockWith).
	if !c.Store.Unlocked() {
		return nil
	}
	if ss, err := c.Store.SyncState(ctx); err != nil || ss.RegistryURL != "" {
		return err
	}
	return c.Store.InTx(ctx, func(tx *db.Tx) error {
		n, err := tx.CancelReservedBefore(ctx, c.officeID, c.Now().Year(), NoteYearEnd)
		if n > 0 {
			c.Log.Info("cancelled numbers of past years", "count", n)
		}
		return err
	})
}

// OfficeID is the id of the office this device serves.
func (c *Core) OfficeID() string { return c.officeID }

// loadDemo writes the whole demo office in one transaction: a crash halfway
// leaves an empty database, which the next start loads again.
func (c *Core) loadDemo(ctx context.Context) error {
	d, err := demo.LoadOffice()
	if err != nil {
		return err
	}
	return c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SaveOffice(ctx, d.Office); err != nil {
			return err
		}
		for _, u := range d.Units {
			if err := tx.SaveUnit(ctx, d.Office.ID, u); err != nil {
				return err
			}
		}
		for _, s := range d.Staff {
			if err := tx.SaveStaff(ctx, d.Office.ID, s.Staff, s.PasswordHash); err != nil {
				return err
			}
		}
		for k, v := range d.Settings {
			if err := tx.SetSetting(ctx, d.Office.ID, k, v); err != nil {
				return err
			}
		}
		plan, probs, err := applyCatalogue(ctx, tx, d.Office.ID, demo.CatalogueJSON)
		if err != nil {
			return err
		}
		if len(probs) > 0 {
			return fmt.Errorf("app: demo catalogue: %d problems, first %s", len(probs), probs[0])
		}
		return tx.Audit(ctx, d.Office.ID, audit.Entry{Action: audit.DemoLoaded, Detail: fmt.Sprintf("cards=%d", len(plan.New))})
	})
}

// applyCatalogue validates a catalogue file against the office and stores
// its new card versions inside tx. Problems mean nothing was written by it
// (the caller rolls back or never had anything to roll back).
func applyCatalogue(ctx context.Context, tx *db.Tx, officeID string, raw []byte) (catalog.Plan, []catalog.Problem, error) {
	units, err := tx.Units(ctx, officeID)
	if err != nil {
		return catalog.Plan{}, nil, err
	}
	unitIDs := map[string]string{}
	env := catalog.Env{Units: map[string]bool{}}
	for _, u := range units {
		env.Units[u.Symbol] = true
		unitIDs[u.Symbol] = u.ID
	}
	f, probs := catalog.Parse(raw, env)
	if len(probs) > 0 {
		return catalog.Plan{}, probs, nil
	}
	stored, err := tx.StoredVersions(ctx, officeID)
	if err != nil {
		return catalog.Plan{}, nil, err
	}
	plan := catalog.PlanImport(f, stored)
	if len(plan.Problems) > 0 {
		return plan, plan.Problems, nil
	}
	for _, card := range plan.New {
		if _, err := tx.AddCardVersion(ctx, officeID, unitIDs[card.Unit], card); err != nil {
			return plan, nil, err
		}
	}
	return plan, nil, nil
}

// catalogueView is the current catalogue as the list shows it.
type catalogueView struct {
	index *catalog.Index
	// rows are the list's rows by language, then card id: the deadline and
	// fee columns are words, made once per import in every language.
	rows map[string]map[string]CardSummary
}

// rebuildIndex reloads the current cards into the search index.
func (c *Core) rebuildIndex(ctx context.Context) error {
	cards, err := c.Store.CurrentCards(ctx, c.officeID)
	if err != nil {
		return err
	}
	units, err := c.Store.Units(ctx, c.officeID)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	view := &catalogueView{rows: map[string]map[string]CardSummary{}}
	entries := make([]catalog.Entry, len(cards))
	for i, v := range cards {
		entries[i] = catalog.Entry{ID: v.ID, Card: v.Card, Extra: names[v.UnitID]}
	}
	for _, loc := range c.I18n.Locales() {
		t, rows := c.in(loc), make(map[string]CardSummary, len(cards))
		for _, v := range cards {
			rows[v.ID] = CardSummary{
				ID: v.ID, Code: v.Card.Code, Version: v.Card.Version, Title: v.Card.Title,
				Category: v.Card.Category, UnitSymbol: v.Card.Unit, Deadline: t.deadline(v.Card.Deadline),
				Fees: t.feeSummary(v.Card), Sample: v.Card.Sample,
			}
			if loc != "pl" {
				if tr := v.Card.Translations[loc].Title; tr != "" && tr != v.Card.Title {
					r := rows[v.ID]
					r.TitleTr = tr
					rows[v.ID] = r
				}
			}
		}
		view.rows[loc] = rows
	}
	view.index = catalog.NewIndex(entries)
	c.catalogue.Store(view)
	return nil
}

// userProblems renders catalogue problems in the interface language.
func (s *CatalogService) userProblems(probs []catalog.Problem) []ImportProblem {
	c := s.c
	out := make([]ImportProblem, len(probs))
	t := c.ui()
	for i, p := range probs {
		msg := t.Msg(p.Key, p.Args)
		if p.Context != "" {
			msg = t.T(p.Context) + ": " + msg
		}
		out[i] = ImportProblem{Card: p.Card, Path: p.Path, Key: p.Key, Message: msg}
	}
	return out
}

// AfterPull refreshes what depends on data that arrived from the
// registry and tells the frontend.
func (c *Core) AfterPull(ctx context.Context) {
	if c.officeID == "" {
		return
	}
	if err := c.rebuildIndex(ctx); err != nil {
		c.Log.Error("rebuild index after pull", "err", err)
	}
	c.Events.Emit(EventCatalog, 0)
	c.Events.Emit(EventCases, "")
	c.Events.Emit(EventCallbacks, "")
	c.Events.Emit(EventVisits, "")
	c.Events.Emit(EventPresence, "")
	c.Events.Emit(EventLetters, "")
}
