// Package chart draws the monitoring report's bar charts as PNG images for
// its PDF (app/pdf embeds them), with gonum.org/v1/plot (pinned v0.17.0, a
// maintained plotting library; see ARCHITECTURE "Raport z monitoringu"),
// in the printouts' own font so Polish and Ukrainian labels draw. Pure:
// data in, bytes out.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"strings"
	"sync"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Series is one column of a chart: its name (in the legend) and a value
// per category.
type Series struct {
	Name   string
	Values []float64
}

// Bars is a horizontal bar chart: one line per category, the series side
// by side or stacked.
type Bars struct {
	Categories []string
	Series     []Series
	Stacked    bool
	ValueLabel string // the axis's caption, e.g. "liczba"
}

// Palette is the series' colours, shared with the screen's charts
// (frontend/src/lib/chartColors.ts) so the PDF and the screen agree.
var Palette = []color.RGBA{
	{0x1f, 0x5f, 0xa8, 0xff}, // blue
	{0xd9, 0x6c, 0x1c, 0xff}, // orange
	{0x3a, 0x9a, 0x4d, 0xff}, // green
	{0x8c, 0x8c, 0x8c, 0xff}, // grey
	{0x9b, 0x4d, 0xa8, 0xff}, // violet
}

// ErrNoData: a chart of nothing is not drawn (the report says so instead).
var ErrNoData = errors.New("chart: no data")

// MaxLabel is the longest line of a category label drawn; a longer label
// wraps onto a second line (see Label).
const MaxLabel = 38

var fontOnce sync.Once
var fontErr error

// useFont registers the printouts' font and makes it gonum's default: plot
// reads its defaults when a plot is made, and only this package makes plots.
func useFont(ttf []byte) error {
	fontOnce.Do(func() {
		f, err := opentype.Parse(ttf)
		if err != nil {
			fontErr = fmt.Errorf("chart: font: %w", err)
			return
		}
		face := font.Font{Typeface: "DejaVu"}
		font.DefaultCache.Add(font.Collection{{Font: face, Face: f}})
		plot.DefaultFont = face
		plotter.DefaultFont = face
	})
	return fontErr
}

// PNG draws b at w×h millimetres and 150 dpi, in the font ttf.
func PNG(b Bars, ttf []byte, w, h float64) ([]byte, error) {
	if len(b.Categories) == 0 || len(b.Series) == 0 {
		return nil, ErrNoData
	}
	if err := useFont(ttf); err != nil {
		return nil, err
	}
	p := plot.New()
	p.X.Label.Text = b.ValueLabel
	p.X.Min = 0
	p.X.Tick.Marker = intTicks{}
	n := len(b.Categories)
	labels := make([]string, n)
	for i, c := range b.Categories {
		// Drawn from the top down, as read.
		labels[n-1-i] = Label(c)
	}
	p.NominalY(labels...)
	// The plotting area is the height less the value axis and its caption.
	barW := vg.Length(max(h-18, 6)*0.7) * vg.Millimeter / vg.Length(n)
	if !b.Stacked {
		barW /= vg.Length(len(b.Series))
	}
	var below *plotter.BarChart
	for si, s := range b.Series {
		vals := make(plotter.Values, n)
		for i := range b.Categories {
			if i < len(s.Values) {
				vals[n-1-i] = s.Values[i]
			}
		}
		bc, err := plotter.NewBarChart(vals, barW)
		if err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		bc.Horizontal = true
		bc.LineStyle.Width = 0
		bc.Color = Palette[si%len(Palette)]
		if b.Stacked {
			if below != nil {
				bc.StackOn(below)
			}
			below = bc
		} else {
			bc.Offset = (vg.Length(si) - vg.Length(len(b.Series)-1)/2) * barW
		}
		p.Add(bc)
		if len(b.Series) > 1 {
			p.Legend.Add(s.Name, bc)
		}
	}
	// The legend is drawn in a strip of its own right of the plot, never
	// over the bars: the longest bar spans the whole plot, and a legend
	// inside it wrote "termin jeszcze biegnie" across that bar.
	legend := p.Legend
	legend.Top = true
	legend.Left = false
	p.Legend = plot.NewLegend()
	// One category gives the nominal axis no span of its own.
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Max = max(p.X.Max*1.08, 1)
	p.Add(plotter.NewGrid())
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Millimeter, vg.Length(h)*vg.Millimeter), vgimg.UseDPI(150))}
	dc := draw.New(c)
	if len(b.Series) > 1 {
		r := legend.Rectangle(dc)
		strip := r.Max.X - r.Min.X + 3*vg.Millimeter
		p.Draw(draw.Crop(dc, 0, -strip, 0, 0))
		legend.Draw(dc)
	} else {
		p.Draw(dc)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}

// Label is a category's label as drawn: whole when it fits one line,
// else wrapped at a space onto two. A translated card's title ends with
// the office's Polish name in brackets ("Decision on development
// conditions (warunki zabudowy, WZ)"), which tells the service apart, so
// a label too long for two lines keeps that bracket whole on the second
// line and shortens the translation before it with "…".
func Label(s string) string {
	if len([]rune(s)) <= MaxLabel {
		return s
	}
	first, rest := wrap(s)
	if len([]rune(rest)) <= MaxLabel {
		return first + "\n" + rest
	}
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		head, gloss := s[:i], s[i+1:]
		return cut(head) + "\n" + cut(gloss)
	}
	return first + "\n" + cut(rest)
}

// wrap splits s at the last space that leaves a first line of at most
// MaxLabel runes (or at MaxLabel, if no space does).
func wrap(s string) (string, string) {
	r := []rune(s)
	at := -1
	for i := MaxLabel; i > 0; i-- {
		if r[i] == ' ' {
			at = i
			break
		}
	}
	if at < 0 {
		return string(r[:MaxLabel]), string(r[MaxLabel:])
	}
	return string(r[:at]), string(r[at+1:])
}

// cut shortens s to MaxLabel runes, the last "…".
func cut(s string) string {
	r := []rune(s)
	if len(r) <= MaxLabel {
		return s
	}
	return strings.TrimRight(string(r[:MaxLabel-1]), " ") + "…"
}

// intTicks marks whole numbers only: the report counts people and cases.
type intTicks struct{}

// Ticks returns about five whole-number ticks between min and max.
func (intTicks) Ticks(min, max float64) []plot.Tick {
	step := 1.0
	for (max-min)/step > 6 {
		switch {
		case fmtStep(step) == 1, fmtStep(step) == 5:
			step *= 2
		default:
			step *= 2.5
		}
	}
	var ts []plot.Tick
	for v := 0.0; v <= max; v += step {
		if v >= min {
			ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f", v)})
		}
	}
	return ts
}

// fmtStep is the leading digit of a step of the 1, 2, 5 series.
func fmtStep(s float64) int {
	for s >= 10 {
		s /= 10
	}
	return int(s + 0.5)
}
