// Package synth generates realistic synthetic clients and cases for load
// tests and benchmarks: Polish names with diacritics, valid PESELs,
// addresses, cases spread over the catalogue, statuses and two years of
// dates. It writes through the store's ordinary Tx methods, so the data
// (and its outbox) looks exactly like the real thing.
package synth

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/catalog"
	"okienko/app/deadline"
	"okienko/db"
)

var (
	womenFirst = []string{"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Elżbieta", "Zofia",
		"Joanna", "Magdalena", "Łucja", "Jadwiga", "Teresa", "Danuta", "Beata", "Żaneta", "Dorota", "Halina", "Grażyna", "Olga"}
	menFirst = []string{"Jan", "Piotr", "Andrzej", "Krzysztof", "Stanisław", "Tomasz", "Paweł", "Józef", "Marcin", "Marek",
		"Michał", "Grzegorz", "Jerzy", "Tadeusz", "Łukasz", "Adam", "Zbigniew", "Ryszard", "Dariusz", "Henryk", "Mieczysław", "Bogdan"}
	surnames = [][2]string{{"Nowak", "Nowak"}, {"Kowalski", "Kowalska"}, {"Wiśniewski", "Wiśniewska"}, {"Wójcik", "Wójcik"},
		{"Kowalczyk", "Kowalczyk"}, {"Kamiński", "Kamińska"}, {"Lewandowski", "Lewandowska"}, {"Zieliński", "Zielińska"},
		{"Szymański", "Szymańska"}, {"Woźniak", "Woźniak"}, {"Dąbrowski", "Dąbrowska"}, {"Kozłowski", "Kozłowska"},
		{"Jankowski", "Jankowska"}, {"Mazur", "Mazur"}, {"Kwiatkowski", "Kwiatkowska"}, {"Krawczyk", "Krawczyk"},
		{"Piotrowski", "Piotrowska"}, {"Grabowski", "Grabowska"}, {"Nowakowski", "Nowakowska"}, {"Pawłowski", "Pawłowska"},
		{"Michalski", "Michalska"}, {"Nowicki", "Nowicka"}, {"Adamczyk", "Adamczyk"}, {"Dudek", "Dudek"}, {"Zając", "Zając"},
		{"Wieczorek", "Wieczorek"}, {"Jabłoński", "Jabłońska"}, {"Król", "Król"}, {"Majewski", "Majewska"}, {"Olszewski", "Olszewska"},
		{"Jaworski", "Jaworska"}, {"Wróbel", "Wróbel"}, {"Malinowski", "Malinowska"}, {"Pawlak", "Pawlak"}, {"Witkowski", "Witkowska"},
		{"Walczak", "Walczak"}, {"Stępień", "Stępień"}, {"Górski", "Górska"}, {"Rutkowski", "Rutkowska"}, {"Michalak", "Michalak"},
		{"Sikora", "Sikora"}, {"Ostrowski", "Ostrowska"}, {"Baran", "Baran"}, {"Duda", "Duda"}, {"Szewczyk", "Szewczyk"},
		{"Tomaszewski", "Tomaszewska"}, {"Pietrzak", "Pietrzak"}, {"Marciniak", "Marciniak"}, {"Wróblewski", "Wróblewska"},
		{"Zalewski", "Zalewska"}, {"Jakubowski", "Jakubowska"}, {"Jasiński", "Jasińska"}, {"Zawadzki", "Zawadzka"},
		{"Sadowski", "Sadowska"}, {"Bąk", "Bąk"}, {"Chmielewski", "Chmielewska"}, {"Włodarczyk", "Włodarczyk"},
		{"Borkowski", "Borkowska"}, {"Czarnecki", "Czarnecka"}, {"Sawicki", "Sawicka"}, {"Sokołowski", "Sokołowska"},
		{"Urbański", "Urbańska"}, {"Kubiak", "Kubiak"}, {"Maciejewski", "Maciejewska"}, {"Szczepański", "Szczepańska"},
		{"Kucharski", "Kucharska"}, {"Wilk", "Wilk"}, {"Kalinowski", "Kalinowska"}, {"Lis", "Lis"}, {"Mazurek", "Mazurek"},
		{"Wysocki", "Wysocka"}, {"Adamski", "Adamska"}, {"Kaźmierczak", "Kaźmierczak"}, {"Wasilewski", "Wasilewska"},
		{"Sobczak", "Sobczak"}, {"Czerwiński", "Czerwińska"}, {"Andrzejewski", "Andrzejewska"}, {"Cieślak", "Cieślak"},
		{"Głowacki", "Głowacka"}, {"Zakrzewski", "Zakrzewska"}, {"Kołodziej", "Kołodziej"}, {"Sikorski", "Sikorska"},
		{"Krajewski", "Krajewska"}, {"Gajewski", "Gajewska"}, {"Szymczak", "Szymczak"}, {"Szulc", "Szulc"}, {"Baranowski", "Baranowska"},
		{"Laskowski", "Laskowska"}, {"Brzeziński", "Brzezińska"}, {"Makowski", "Makowska"}, {"Ziółkowski", "Ziółkowska"},
		{"Przybylski", "Przybylska"}, {"Łuczak", "Łuczak"}, {"Żak", "Żak"}, {"Łukasiewicz", "Łukasiewicz"}}
	streets = []string{"ul. Polna", "ul. Leśna", "ul. Słoneczna", "ul. Krótka", "ul. Szkolna", "ul. Ogrodowa", "ul. Lipowa",
		"ul. Łąkowa", "ul. Kościelna", "ul. Żeromskiego", "ul. Mickiewicza", "ul. Kościuszki", "ul. 3 Maja", "Rynek"}
	towns = []string{"Przykładowo", "Dąbrowa", "Zalesie", "Wólka", "Łęczyca Mała", "Józefów", "Kłodawa Górna", "Świętno"}
)

// PESEL builds a valid PESEL for a birth date and sex ("K"/"M").
func PESEL(r *rand.Rand, birth time.Time, sex string) string {
	y, m, d := birth.Date()
	mm := int(m)
	switch {
	case y >= 2200:
		mm += 60
	case y >= 2100:
		mm += 40
	case y >= 2000:
		mm += 20
	case y < 1900:
		mm += 80
	}
	serial := r.IntN(1000)
	sexDigit := r.IntN(5) * 2 // even: women
	if sex == "M" {
		sexDigit++
	}
	s := fmt.Sprintf("%02d%02d%02d%03d%d", y%100, mm, d, serial, sexDigit)
	w := []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}
	sum := 0
	for i, c := range s {
		sum += int(c-'0') * w[i]
	}
	return s + fmt.Sprint((10-sum%10)%10)
}

// Client makes a person with a valid PESEL and an address.
func Client(r *rand.Rand) cases.Client {
	sex := "K"
	if r.IntN(2) == 0 {
		sex = "M"
	}
	birth := time.Date(1930+r.IntN(76), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	sn := surnames[r.IntN(len(surnames))]
	c := cases.Client{ID: db.NewID(), Kind: cases.Person, PESEL: PESEL(r, birth, sex), BirthDate: birth.Format(time.DateOnly),
		Sex: sex, Street: streets[r.IntN(len(streets))], HouseNo: fmt.Sprint(1 + r.IntN(120)), PostalCode: fmt.Sprintf("99-3%02d", r.IntN(40)),
		City: towns[r.IntN(len(towns))], Phone: fmt.Sprintf("60%07d", r.IntN(10_000_000)), Lang: "pl"}
	if sex == "K" {
		c.FirstName, c.LastName = womenFirst[r.IntN(len(womenFirst))], sn[1]
	} else {
		c.FirstName, c.LastName = menFirst[r.IntN(len(menFirst))], sn[0]
	}
	return c
}

// Options shape a generated load.
type Options struct {
	Cases    int
	Seed     uint64
	Today    time.Time // the last submission day; cases spread over the two years before it
	StaffID  string    // who registered them
	Batch    int       // cases per transaction; 2000 if zero
	Progress func(done int)
}

// Generate writes opts.Cases cases for roughly 0.7 as many clients (people
// come back) into the office's store.
func Generate(ctx context.Context, s *db.Store, officeID string, opts Options) error {
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	cards, err := s.CurrentCards(ctx, officeID)
	if err != nil {
		return err
	}
	units, err := s.Units(ctx, officeID)
	if err != nil {
		return err
	}
	symbol := map[string]string{}
	for _, u := range units {
		symbol[u.ID] = u.Symbol
	}
	if opts.Batch <= 0 {
		opts.Batch = 2000
	}
	var clients []cases.Client
	numbers := db.LocalNumbers{Block: 50}
	statuses := []cases.Status{cases.Settled, cases.Settled, cases.Settled, cases.InProgress, cases.Registered,
		cases.AwaitingSupplement, cases.Supplemented, cases.Settled, cases.LeftUnexamined, cases.Forwarded}
	for done := 0; done < opts.Cases; {
		n := min(opts.Batch, opts.Cases-done)
		err := s.InTx(ctx, func(tx *db.Tx) error {
			for i := 0; i < n; i++ {
				var cl cases.Client
				if len(clients) > 0 && r.IntN(10) < 3 {
					cl = clients[r.IntN(len(clients))]
				} else {
					cl = Client(r)
					if err := tx.SaveClient(ctx, officeID, cl); err != nil {
						return err
					}
					clients = append(clients, cl)
				}
				v := cards[r.IntN(len(cards))]
				submitted := deadline.Day(opts.Today).AddDate(0, 0, -r.IntN(730))
				cs := cases.Case{ID: db.NewID(), CardID: v.ID, ClientID: cl.ID, Status: statuses[r.IntN(len(statuses))],
					SubmittedOn: submitted.Format(time.DateOnly), Form: json.RawMessage(`{}`), Checklist: []cases.Item{},
					RegisteredBy: opts.StaffID, AssigneeID: opts.StaffID}
				if cs.Status == cases.AwaitingSupplement {
					cs.Pauses = []cases.Pause{{From: cs.SubmittedOn}}
					cs.SupplementDue = deadline.SupplementDue(submitted, 7).Format(time.DateOnly)
				} else if due, _, err := deadline.Due(rule(v.Card), submitted, nil); err == nil {
					cs.DueOn = due.Format(time.DateOnly)
				}
				reg := casesign.Register{Unit: symbol[v.UnitID], JRWA: v.Card.JRWA, Year: submitted.Year()}
				no, err := numbers.Take(ctx, tx, officeID, reg, cs.ID)
				if err != nil {
					return err
				}
				cs.Sign = casesign.Sign{Register: reg, No: no}
				if err := tx.InsertCase(ctx, officeID, cs); err != nil {
					return err
				}
				if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: cs.ID, Kind: cases.EventRegistered, To: cases.Registered, StaffID: opts.StaffID}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("synth: %w", err)
		}
		done += n
		if opts.Progress != nil {
			opts.Progress(done)
		}
	}
	return nil
}

func rule(c catalog.Card) deadline.Rule {
	return deadline.Rule{Kind: string(c.Deadline.Kind), N: c.Deadline.N}
}
