package pdf

import (
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"
)

// Paper sizes a queue ticket prints on.
const (
	PaperThermal80 = "80mm" // a receipt printer's roll, 80 mm wide
	PaperA4        = "a4"   // any office printer, when there is no ticket printer
)

// Ticket is a queue ticket (Kolejka): the office, the group, the big label
// and a few finished sentences (the date and time, the people ahead,
// priority service). Like a Sheet, it holds only finished strings.
type Ticket struct {
	Office string
	Group  string
	Label  string // "A012"
	Lines  []string
	Footer string // small print at the bottom
	Title  string // the document's title
}

// ticketLayout is what differs between the roll and the A4 sheet.
type ticketLayout struct {
	w, h, margin       float64
	office, group, lbl float64 // font sizes in points
	line               float64
}

func layoutOf(paper string) (ticketLayout, error) {
	switch paper {
	case PaperThermal80:
		// 72 mm is what an 80 mm roll prints of its width; the height is
		// a ticket's, the printer cuts after it.
		return ticketLayout{w: 80, h: 80, margin: 4, office: 9, group: 11, lbl: 48, line: 9}, nil
	case PaperA4:
		return ticketLayout{w: 210, h: 297, margin: 30, office: 14, group: 18, lbl: 110, line: 14}, nil
	}
	return ticketLayout{}, fmt.Errorf("pdf: ticket paper %q", paper)
}

// WriteTicket renders a queue ticket on paper (PaperThermal80 or PaperA4).
func WriteTicket(w io.Writer, t Ticket, paper string) (err error) {
	l, err := layoutOf(paper)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrUnprintable, r)
		}
	}()
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: l.w, Ht: l.h}})
	p.SetMargins(l.margin, l.margin, l.margin)
	p.SetAutoPageBreak(false, 0)
	p.AddUTF8FontFromBytes(font, "", regularTTF)
	p.AddUTF8FontFromBytes(font, "B", boldTTF)
	p.SetTitle(t.Title, true)
	p.SetCreator("Okienko", true)
	p.AddPage()
	tw := l.w - 2*l.margin
	mm := func(pt float64) float64 { return pt * 0.3528 * 1.25 } // a line's height for a font size

	p.SetFont(font, "B", l.office)
	p.MultiCell(tw, mm(l.office), t.Office, "", "C", false)
	p.Ln(mm(l.office) / 2)
	p.SetFont(font, "", l.group)
	p.MultiCell(tw, mm(l.group), t.Group, "", "C", false)
	p.SetFont(font, "B", l.lbl)
	// A label wider than the paper (a long offline one) shrinks to fit.
	for size := l.lbl; size > 10 && p.GetStringWidth(t.Label) > tw; size -= 2 {
		p.SetFont(font, "B", size)
	}
	p.CellFormat(tw, mm(l.lbl)*0.95, t.Label, "", 1, "C", false, 0, "")
	p.SetFont(font, "", l.line)
	for _, line := range t.Lines {
		p.MultiCell(tw, mm(l.line), line, "", "C", false)
		p.Ln(mm(l.line) / 4)
	}
	if t.Footer != "" {
		p.Ln(mm(l.line) / 2)
		p.SetFont(font, "", l.line*0.8)
		p.SetTextColor(80, 80, 80)
		p.MultiCell(tw, mm(l.line*0.8), t.Footer, "", "C", false)
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("pdf: ticket: %w", err)
	}
	return nil
}
