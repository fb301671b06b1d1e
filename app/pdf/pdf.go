// Package pdf lays out Okienko's printouts on A4 with an embedded Unicode
// font, so Polish (and Ukrainian) text prints and extracts correctly. It
// knows nothing of cards or cases: callers hand it a Sheet of finished
// strings.
package pdf

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// The embedded font is DejaVu Sans Condensed 2.37 (fonts/README, fonts/LICENSE): it
// covers Latin Extended and Cyrillic, and its hyphen is a hyphen. The Go
// fonts drew '-' as wide as a minus sign, so "99-300" read "99–300".
var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	regularTTF []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	boldTTF []byte
)

// Sheet is a printout: a header, a title and blocks of text.
type Sheet struct {
	Header   []string // office name and address, top left
	HeaderR  []string // e.g. the place and date, top right
	Title    string
	Subtitle string
	Banner   string // a boxed warning, e.g. "sample data"
	Blocks   []Block
	Footer   string // bottom left on every page, shortened to fit
	// FooterSign follows Footer after " · " and is never shortened: a
	// case sign cut off on a legal letter no longer identifies the case.
	FooterSign string
	PageLabel  string // bottom right, with {n} and {nb}: "Strona {n} z {nb}"
	Author     string
	// Uncompressed leaves the pages' content streams uncompressed (a
	// document longer than compressPages is so written anyway).
	Uncompressed bool
}

// Block is a headed section. Paragraphs, then key/value pairs, then
// items, then dated steps, then a signature line.
type Block struct {
	Heading    string
	Paragraphs []string
	Pairs      [][2]string
	Items      []string
	Numbered   bool        // items are numbered 1., 2., ... rather than bulleted
	Steps      [][2]string // numbered steps: {when, what}, the date in its own column
	Signature  string      // caption under a dotted line for a signature
	Small      bool        // paragraphs in small print (information clauses)
	NewPage    bool        // start on a new page (a translation after the binding text)
	// Footer and PageLabel, on a NewPage block, replace the sheet's from
	// its page on: a translation's pages are named in its own language,
	// the binding text's in Polish.
	Footer    string
	PageLabel string
	// Image is a PNG drawn across the text's width before the pairs (a
	// report's chart), ImageH millimetres high; kept whole on one page.
	Image  []byte
	ImageH float64
}

const (
	margin  = 18.0
	lineH   = 5.0
	bodyPt  = 10.0
	font    = "DejaVu"
	pageW   = 210.0
	textW   = pageW - 2*margin
	labelW  = 52.0
	bulletW = 7.0
)

// newDoc is an empty A4 document with the fonts loaded.
func newDoc(s Sheet) *fpdf.Fpdf {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin+6)
	p.AddUTF8FontFromBytes(font, "", regularTTF)
	p.AddUTF8FontFromBytes(font, "B", boldTTF)
	return p
}

// compressPages is the longest document whose pages are compressed.
const compressPages = 40

// ErrUnprintable is returned by Write for a sheet the font cannot draw.
var ErrUnprintable = errors.New("pdf: text the font cannot draw")

// Write renders the sheet as PDF to w.
func Write(w io.Writer, s Sheet) (err error) {
	// fpdf indexes its glyph widths by rune and panics past the Basic
	// Multilingual Plane (an emoji in data stored before validation): a
	// printout that cannot be made is an error the caller explains, never
	// a crash of the app.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrUnprintable, r)
		}
	}()
	p := newDoc(s)
	p.SetTitle(s.Title, true)
	p.SetAuthor(s.Author, true)
	p.SetCreator("Okienko", true)
	p.AliasNbPages("{nb}")
	foot := s // the footer of the page being written (Block.Footer)
	p.SetFooterFunc(func() {
		p.SetY(-margin)
		p.SetFont(font, "", 8)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(textW*0.7, 4, footerText(p, foot, textW*0.7-2), "T", 0, "L", false, 0, "")
		label := strings.ReplaceAll(foot.PageLabel, "{n}", strconv.Itoa(p.PageNo()))
		p.CellFormat(textW*0.3, 4, label, "T", 0, "R", false, 0, "")
	})
	p.AddPage()

	top := p.GetY()
	p.SetFont(font, "B", 10)
	for i, line := range s.Header {
		if i == 1 {
			p.SetFont(font, "", 9)
		}
		p.CellFormat(textW*0.62, 4.6, line, "", 1, "L", false, 0, "")
	}
	end := p.GetY()
	p.SetY(top)
	p.SetFont(font, "", 9)
	for _, line := range s.HeaderR {
		p.SetX(margin + textW*0.62)
		p.CellFormat(textW*0.38, 4.6, line, "", 1, "R", false, 0, "")
	}
	if p.GetY() > end {
		end = p.GetY()
	}
	p.SetY(end + 6)

	p.SetFont(font, "B", 16)
	p.MultiCell(textW, 7.5, s.Title, "", "L", false)
	if s.Subtitle != "" {
		p.SetFont(font, "", 9.5)
		p.SetTextColor(70, 70, 70)
		p.MultiCell(textW, 5, s.Subtitle, "", "L", false)
		p.SetTextColor(0, 0, 0)
	}
	p.Ln(3)
	if s.Banner != "" {
		p.SetFont(font, "B", 9)
		p.SetFillColor(255, 243, 205)
		p.SetDrawColor(204, 153, 0)
		p.MultiCell(textW, 5, s.Banner, "1", "L", true)
		p.SetDrawColor(0, 0, 0)
		p.Ln(3)
	}
	for _, b := range s.Blocks {
		if b.NewPage {
			// The page before is closed, its footer drawn, before this
			// block's footer applies.
			p.AddPage()
			b.NewPage = false
			if b.Footer != "" {
				foot.Footer = b.Footer
			}
			if b.PageLabel != "" {
				foot.PageLabel = b.PageLabel
			}
		}
		block(p, glueBlock(b))
	}
	// fpdf compresses each page with a new zlib writer (some 1 MB
	// allocated and cleared per page), which for a yearly register of
	// hundreds of pages cost more than the layout (issue 14's registers:
	// 60 % of their CPU). Long documents keep their pages uncompressed;
	// the file is larger, the font stays subset and compressed.
	if s.Uncompressed || p.PageCount() > compressPages {
		p.SetCompression(false)
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// keep starts a new page unless h millimetres still fit on this one, so
// an item, a pair or a short paragraph is never cut in two.
func keep(p *fpdf.Fpdf, h float64) {
	_, pageH := p.GetPageSize()
	if p.GetY()+h > pageH-margin-6 && p.GetY() > margin+1 {
		p.AddPage()
	}
}

// height is what text takes in a column w wide at line height lh, as
// MultiCell lays it out: lines break at plain spaces only. (SplitText
// also breaks at no-break spaces, so it counted an account number kept
// whole as shorter than printed, and an item split across pages.)
func height(p *fpdf.Fpdf, text string, w, lh float64) float64 {
	return float64(lineCount(p, text, w)) * lh
}

// lineCount is the number of lines MultiCell gives text in a column w
// wide: words joined greedily, a word wider than the column cut.
func lineCount(p *fpdf.Fpdf, text string, w float64) int {
	wmax := w - 2*p.GetCellMargin()
	n := 0
	for _, para := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		n++
		line := 0.0
		space := p.GetStringWidth(" ")
		for i, word := range strings.Split(para, " ") {
			ww := p.GetStringWidth(word)
			switch {
			case i == 0 || line == 0:
				line = ww
			case line+space+ww <= wmax:
				line += space + ww
				continue
			default:
				n++
				line = ww
			}
			for line > wmax { // a word longer than the column
				n++
				line -= wmax
			}
		}
	}
	return n
}

// firstHeight is what must fit under a block's heading: its first
// paragraph, pair, item or step as block lays it out, and when that is a
// single line, the next one too (a heading never ends a page with one
// line of what it heads).
func firstHeight(p *fpdf.Fpdf, b Block) float64 {
	h := pieceHeight(p, b, 0)
	if h < 2*lineH {
		if next := pieceHeight(p, b, 1); next > 0 {
			h += next + 1
		}
	}
	return h
}

// pieceHeight is the height of a block's i-th paragraph, pair, item or
// step (0 when there is none).
func pieceHeight(p *fpdf.Fpdf, b Block, i int) float64 {
	switch {
	case len(b.Paragraphs) > 0:
		if i >= len(b.Paragraphs) {
			return 0
		}
		lh := paraLineH(b)
		if b.Small {
			p.SetFont(font, "", 8)
			defer p.SetFont(font, "", bodyPt)
		}
		if h := height(p, b.Paragraphs[i], textW, lh); h <= 8*lh {
			return h
		}
		return 2 * lh // a long paragraph is split across pages anyway
	case len(b.Pairs) > 0:
		if i >= len(b.Pairs) {
			return 0
		}
		return max(height(p, b.Pairs[i][1], textW-labelW, lineH), height(p, b.Pairs[i][0], labelW, lineH))
	case len(b.Items) > 0:
		if i >= len(b.Items) {
			return 0
		}
		return height(p, b.Items[i], textW-bulletW-1.5, lineH)
	case len(b.Steps) > 0:
		if i >= len(b.Steps) {
			return 0
		}
		return height(p, b.Steps[i][1], textW-bulletW-stepWhenW(p, b)-2.5, lineH)
	}
	return 0
}

// stepWhenW is the width of the steps' date column: their longest date
// on one line ("from 23 November 2026" is longer than "od 23.11.2026
// r."), within bounds that leave the text its room.
func stepWhenW(p *fpdf.Fpdf, b Block) float64 {
	p.SetFont(font, "B", bodyPt)
	defer p.SetFont(font, "", bodyPt)
	w := 30.0
	for _, st := range b.Steps {
		w = max(w, p.GetStringWidth(st[0])+2)
	}
	return min(w, 62)
}

// signatureH is what a signature line takes: the space to sign, the
// dotted line and its caption.
const signatureH float64 = 10 + 4 + 4

// signatureExtra is what a signature's caption takes past its first
// line, in the small print it is set in.
func signatureExtra(p *fpdf.Fpdf, caption string) float64 {
	size, _ := p.GetFontSize()
	p.SetFontSize(8)
	defer p.SetFontSize(size)
	return float64(lineCount(p, caption, textW/2)-1) * 4
}

// sealedHeight is the height of a block that is a declaration and its
// signature (paragraphs only, then the line): the two belong on one
// page, or the signature stands alone under nothing. Zero for any other
// block, and for one too tall for a page.
func sealedHeight(p *fpdf.Fpdf, b Block) float64 {
	if b.Signature == "" || len(b.Pairs)+len(b.Items)+len(b.Steps) > 0 {
		return 0
	}
	h := signatureH + signatureExtra(p, b.Signature)
	if b.Heading != "" {
		h += 8.5
	}
	if b.Small {
		p.SetFont(font, "", 8)
		defer p.SetFont(font, "", bodyPt)
	}
	for _, para := range b.Paragraphs {
		h += height(p, para, textW, paraLineH(b)) + 1
	}
	_, pageH := p.GetPageSize()
	if h > pageH/2 {
		return 0
	}
	return h
}

// paraLineH is the line height of a block's paragraphs: small print
// (the data protection note) is set tighter, and measured so.
func paraLineH(b Block) float64 {
	if b.Small {
		return 3.8
	}
	return lineH
}

// fit shortens text with an ellipsis to w millimetres in the current font
// (a long card title in the footer must not run into the page number).
// footerText is the footer fitted into w: the title part is shortened,
// the sign after it is kept whole.
func footerText(p *fpdf.Fpdf, s Sheet, w float64) string {
	if s.FooterSign == "" {
		return fit(p, s.Footer, w)
	}
	tail := s.FooterSign
	if s.Footer != "" {
		tail = " · " + tail
	}
	return fit(p, s.Footer, max(w-p.GetStringWidth(tail), 0)) + tail
}

func fit(p *fpdf.Fpdf, text string, w float64) string {
	if p.GetStringWidth(text) <= w {
		return text
	}
	r := []rune(text)
	for len(r) > 0 && p.GetStringWidth(strings.TrimSpace(string(r))+"…") > w {
		r = r[:len(r)-1]
	}
	// A title is cut after a whole word ("Wezwanie do uzupełnienia…"),
	// never inside one ("недолікі…"), and never after a dangling "(" or "–".
	if len(r) < len([]rune(text)) && !unicode.IsSpace([]rune(text)[len(r)]) {
		if i := strings.LastIndexFunc(string(r), unicode.IsSpace); i > 0 {
			r = []rune(string(r)[:i])
		}
	}
	out := strings.TrimRight(strings.TrimSpace(string(r)), " (–-,;:")
	// Nor after a one-letter word ("Informacji o…", "скарги і…").
	if i := strings.LastIndexFunc(out, unicode.IsSpace); i > 0 && len([]rune(out[i+1:])) == 1 {
		out = strings.TrimRight(out[:i], " (–-,;:")
	}
	return out + "…"
}

func block(p *fpdf.Fpdf, b Block) {
	if b.NewPage {
		p.AddPage()
	}
	p.SetFont(font, "", bodyPt)
	if h := sealedHeight(p, b); h > 0 {
		keep(p, h)
	}
	if len(b.Image) > 0 && b.ImageH > 0 && b.Heading != "" {
		keep(p, 8.5+b.ImageH+2) // a chart's heading never ends a page without it
	}
	if b.Heading != "" {
		// Keep a heading with the first piece of its content (the one
		// that keep would otherwise move on alone), and at least two lines.
		_, pageH := p.GetPageSize()
		p.SetFont(font, "", bodyPt)
		if p.GetY()+8.5+max(firstHeight(p, b), 2*lineH) > pageH-margin-6 && p.GetY() > margin+1 {
			p.AddPage()
		}
		p.SetFont(font, "B", 11.5)
		p.SetTextColor(20, 60, 120)
		p.CellFormat(textW, 7, b.Heading, "B", 1, "L", false, 0, "")
		p.SetTextColor(0, 0, 0)
		p.Ln(1.5)
	}
	p.SetFont(font, "", bodyPt)
	if b.Small {
		p.SetFont(font, "", 8)
	}
	lh := paraLineH(b)
	for _, para := range b.Paragraphs {
		if h := height(p, para, textW, lh); h <= 8*lh {
			keep(p, h)
		}
		p.MultiCell(textW, lh, para, "", "L", false)
		p.Ln(1)
	}
	if len(b.Image) > 0 && b.ImageH > 0 {
		keep(p, b.ImageH+2)
		name := fmt.Sprintf("img%d", p.PageNo()*1000+int(p.GetY()*10))
		opt := fpdf.ImageOptions{ImageType: "PNG"}
		p.RegisterImageOptionsReader(name, opt, bytes.NewReader(b.Image))
		p.ImageOptions(name, margin, p.GetY(), textW, b.ImageH, false, opt, 0, "")
		p.SetY(p.GetY() + b.ImageH + 2)
	}
	p.SetFont(font, "", bodyPt)
	for _, kv := range b.Pairs {
		p.SetFont(font, "", bodyPt)
		keep(p, max(height(p, kv[1], textW-labelW, lineH), height(p, kv[0], labelW, lineH)))
		y, page := p.GetY(), p.PageNo()
		p.SetFont(font, "B", bodyPt-0.5)
		p.MultiCell(labelW, lineH, kv[0], "", "L", false)
		yl := p.GetY()
		p.SetXY(margin+labelW, y)
		p.SetFont(font, "", bodyPt)
		p.MultiCell(textW-labelW, lineH, kv[1], "", "L", false)
		// A long label may end below its value; a value that broke onto a new
		// page must not jump back up.
		if yl > p.GetY() && p.PageNo() == page {
			p.SetY(yl)
		}
		p.Ln(0.8)
	}
	for i, item := range b.Items {
		mark := "•"
		if b.Numbered {
			mark = strconv.Itoa(i+1) + "."
		}
		keep(p, height(p, item, textW-bulletW-1.5, lineH))
		y := p.GetY()
		p.CellFormat(bulletW, lineH, mark, "", 0, "R", false, 0, "")
		p.SetXY(margin+bulletW+1.5, y)
		p.MultiCell(textW-bulletW-1.5, lineH, item, "", "L", false)
		p.Ln(0.6)
	}
	whenW := stepWhenW(p, b)
	for i, st := range b.Steps {
		p.SetFont(font, "", bodyPt)
		keep(p, height(p, st[1], textW-bulletW-whenW-2.5, lineH))
		y, page := p.GetY(), p.PageNo()
		p.SetFont(font, "B", bodyPt)
		p.CellFormat(bulletW, lineH, strconv.Itoa(i+1)+".", "", 0, "R", false, 0, "")
		p.SetXY(margin+bulletW+1.5, y)
		p.MultiCell(whenW, lineH, st[0], "", "L", false)
		yw := p.GetY()
		p.SetXY(margin+bulletW+1.5+whenW+1, y)
		p.SetFont(font, "", bodyPt)
		p.MultiCell(textW-bulletW-whenW-2.5, lineH, st[1], "", "L", false)
		if yw > p.GetY() && p.PageNo() == page {
			p.SetY(yw)
		}
		p.Ln(1.2)
	}
	if b.Signature != "" {
		p.Ln(10)
		p.SetX(margin + textW/2)
		p.CellFormat(textW/2, 4, strings.Repeat(".", 60), "", 1, "C", false, 0, "")
		p.SetX(margin + textW/2)
		p.SetFont(font, "", 8)
		// A long caption (a name with a head's post) wraps under the
		// line instead of running past the right margin.
		p.MultiCell(textW/2, 4, b.Signature, "", "C", false)
		p.SetFont(font, "", bodyPt)
	}
	p.Ln(3)
}

// FontRegular is the embedded regular font's file, for charts drawn into
// printouts in the same face (app/chart).
func FontRegular() []byte { return regularTTF }
