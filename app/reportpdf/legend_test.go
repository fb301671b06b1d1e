package reportpdf

import (
	"bytes"
	"image/png"
	"testing"

	"okienko/app/chart"
	"okienko/app/pdf"
)

// TestLegendBesideTheBars: a chart's legend never writes over its bars.
// The report's charts have one unit whose bar spans the whole plot; the
// legend at the top right was drawn across it ("termin jeszcze biegnie"
// over the green bar). Within the rows a bar fills, no dark (text) pixel
// may lie between the bar's left and right ends.
func TestLegendBesideTheBars(t *testing.T) {
	bars := chart.Bars{Stacked: true, ValueLabel: "liczba", Categories: []string{"SO"}, Series: []chart.Series{
		{Name: "uzupełniono", Values: []float64{0}}, {Name: "pozostawiono bez rozpoznania", Values: []float64{0}},
		{Name: "termin minął, brak decyzji", Values: []float64{0}}, {Name: "termin jeszcze biegnie", Values: []float64{1}},
	}}
	h := 22 + 7 + 4*2.0 // as breakdown sizes it: one row, four columns
	raw, err := chart.PNG(bars, pdf.FontRegular(), 174, h)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	grey := chart.Palette[3]
	isGrey := func(x, y int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return uint8(r>>8) == grey.R && uint8(g>>8) == grey.G && uint8(bl>>8) == grey.B
	}
	// The bar: the longest run of its colour in any row.
	b := img.Bounds()
	left, right := 0, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; {
			if !isGrey(x, y) {
				x++
				continue
			}
			s := x
			for x < b.Max.X && isGrey(x, y) {
				x++
			}
			if x-1-s > right-left {
				left, right = s, x-1
			}
		}
	}
	rows := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		if !isGrey(left+1, y) || !isGrey((left+right)/2, y) {
			continue // not a row of the bar
		}
		rows++
		for x := left; x <= right; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 < 80 && g>>8 < 80 && bl>>8 < 80 {
				t.Fatalf("row %d: a dark pixel at x=%d inside the bar (%d–%d): the legend is drawn over it", y, x, left, right)
			}
		}
	}
	if rows == 0 {
		t.Fatal("no bar found in the chart")
	}
}
