package registry_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestSurveyPage: the tablet's page holds no data and locks itself down;
// an answer is taken only with a screen's key, checked by the app's
// rules, one a minute from one screen (a second within the minute is
// refused with survey.tooSoon, the first kept), and stored as the
// office's survey_answer row.
func TestSurveyPage(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	r := synctest.NewRegistry(t, nil, registry.Options{Now: clock})
	ctx := context.Background()
	post := func(key, body string) (int, string) {
		req, _ := http.NewRequest("POST", r.URL+"/survey/"+r.OfficeID+"/answers", strings.NewReader(body))
		if key != "" {
			req.Header.Set(registry.HeaderSurveyKey, key)
		}
		resp, err := r.Server.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	good := `{"scores":{"overall":5,"waiting":3,"clarity":0},"remark":"Szybko i miło","lang":"uk"}`
	if code, body := post("", good); code != http.StatusUnauthorized || !strings.Contains(body, "survey.screenUnknown") {
		t.Fatalf("no key: %d %s", code, body)
	}
	if code, body := post("guess", good); code != http.StatusUnauthorized {
		t.Fatalf("a guessed key: %d %s", code, body)
	}
	screen, key, err := r.NewSurveyScreen(ctx, r.OfficeID, "", "Tablet przy okienku 1")
	if err != nil {
		t.Fatal(err)
	}
	_, key2, err := r.NewSurveyScreen(ctx, r.OfficeID, "", "Tablet w holu")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, body, key string }{
		{"a score of 7", `{"scores":{"overall":7},"lang":"pl"}`, "survey.scoreBad"},
		{"nothing scored", `{"scores":{},"lang":"pl"}`, "survey.empty"},
		{"an emoji", `{"scores":{"overall":5},"remark":"👍","lang":"pl"}`, "text.badChar"},
		{"not JSON", `scores=5`, "survey.bad"},
		{"far too long", `{"remark":"` + strings.Repeat("x", 9000) + `"}`, "survey.bad"},
	} {
		if code, body := post(key, c.body); code != http.StatusBadRequest || !strings.Contains(body, c.key) {
			t.Errorf("%s: %d %s, want %s", c.name, code, body, c.key)
		}
	}
	if code, body := post(key, good); code != http.StatusCreated {
		t.Fatalf("a valid answer: %d %s", code, body)
	}
	advance(30 * time.Second)
	if code, body := post(key, good); code != http.StatusTooManyRequests || !strings.Contains(body, "survey.tooSoon") {
		t.Fatalf("the same screen within a minute: %d %s", code, body)
	}
	if code, _ := post(key2, good); code != http.StatusCreated {
		t.Fatalf("another screen at once: %d", code)
	}
	advance(31 * time.Second)
	if code, _ := post(key, good); code != http.StatusCreated {
		t.Fatalf("the first screen a minute later: %d", code)
	}
	var mine int
	rows, err := r.Store().RowsOf(ctx, r.OfficeID, "survey_answer")
	if err != nil {
		t.Fatal(err)
	}
	{
		for _, row := range rows {
			var scr, lang string
			json.Unmarshal(row.Fields["screenId"].V, &scr)
			json.Unmarshal(row.Fields["lang"].V, &lang)
			var sc map[string]int
			json.Unmarshal(row.Fields["scores"].V, &sc)
			if scr == screen {
				mine++
				if lang != "uk" || sc["overall"] != 5 || len(sc) != 2 {
					t.Errorf("stored answer %s %v", lang, sc)
				}
			}
		}
	}
	if mine != 2 {
		t.Errorf("%d answers of the first screen stored, want 2", mine)
	}
	req, _ := http.NewRequest("GET", r.URL+"/survey/"+r.OfficeID, nil)
	resp, err := r.Server.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "connect-src 'self'") ||
		!strings.Contains(string(page), "Ankieta satysfakcji") || strings.Contains(string(page), "Szybko") {
		t.Fatalf("page: %d", resp.StatusCode)
	}
}
