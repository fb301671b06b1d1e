package registry

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"okienko/app/survey"
	"okienko/sync/entity"
	"okienko/sync/registry/store"
)

// The satisfaction survey's tablet page (Gostynin "Monitoring", Piotrków
// §7.4.5–6), served by the registry on the office network like the hall's
// board: no sign-in and no personal data. Each tablet has its own key
// (registry admin survey screen-url), which the page reads from its
// address's fragment and sends in a header, so the key reaches no server
// log; the key names the screen, and a screen takes one answer a minute
// (survey.Window: one answer per visit), claimed in the store in one
// statement. The page holds no data; answers become survey_answer rows of
// the office, which every device pulls.

//go:embed survey.html
var surveyPage []byte

// HeaderSurveyKey carries a survey screen's key.
const HeaderSurveyKey = "X-Okienko-Survey-Key"

// maxSurveyBody is the largest answer the page sends: five scores and a
// remark of 500 characters of up to four bytes, with room to spare.
const maxSurveyBody = 8 << 10

func (r *Registry) surveyRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /survey/{office}", r.handleSurveyPage)
	mux.HandleFunc("POST /survey/{office}/answers", r.handleSurveyAnswer)
}

func (r *Registry) handleSurveyPage(w http.ResponseWriter, req *http.Request) {
	if _, err := r.st.Office(req.Context(), req.PathValue("office")); err != nil {
		http.NotFound(w, req)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", boardCSP)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	w.Write(surveyPage)
}

// SurveyForm is what the page sends: scores by question, an optional
// remark and the language it was filled in.
type SurveyForm struct {
	Scores map[string]int `json:"scores"`
	Remark string         `json:"remark"`
	Lang   string         `json:"lang"`
}

// surveyReply is the page's answer: a problem's i18n key (the page holds
// its sentences in pl, en and uk), its field, or ok.
type surveyReply struct {
	OK    bool   `json:"ok,omitempty"`
	Key   string `json:"key,omitempty"`
	Field string `json:"field,omitempty"`
}

func (r *Registry) handleSurveyAnswer(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	code := http.StatusCreated
	defer func() { r.metrics.Observe("survey", code, time.Since(start)) }()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Type", "application/json")
	reply := func(c int, v surveyReply) {
		code = c
		w.WriteHeader(c)
		json.NewEncoder(w).Encode(v)
	}
	officeID := req.PathValue("office")
	key := req.Header.Get(HeaderSurveyKey)
	var f SurveyForm
	raw, err := io.ReadAll(io.LimitReader(req.Body, maxSurveyBody+1))
	if err != nil || len(raw) > maxSurveyBody || json.Unmarshal(raw, &f) != nil {
		reply(http.StatusBadRequest, surveyReply{Key: "survey.bad"})
		return
	}
	if key == "" {
		reply(http.StatusUnauthorized, surveyReply{Key: "survey.screenUnknown"})
		return
	}
	id, err := r.SubmitSurvey(req.Context(), officeID, key, f)
	var pe *SurveyProblem
	switch {
	case errors.As(err, &pe):
		reply(pe.Status, surveyReply{Key: pe.Key, Field: pe.Field})
	case err != nil:
		r.log.Error("survey answer", "office", officeID, "err", err)
		reply(http.StatusInternalServerError, surveyReply{Key: "survey.failed"})
	default:
		r.log.Info("survey answer", "office", officeID, "answer", id)
		reply(http.StatusCreated, surveyReply{OK: true})
	}
}

// SurveyProblem is an answer refused: its HTTP status and i18n key.
type SurveyProblem struct {
	Status int
	Key    string
	Field  string
}

func (p *SurveyProblem) Error() string { return "registry: survey: " + p.Key }

// SubmitSurvey takes one answer from the screen whose key is key: the
// answer checked by survey.Validate, the screen's turn claimed (one
// answer a minute), the row written as the office's survey_answer for
// every device to pull. A screen's turn taken by an answer that then
// fails to store is given back.
func (r *Registry) SubmitSurvey(ctx context.Context, officeID, key string, f SurveyForm) (string, error) {
	now := r.now()
	sc := make(map[survey.Question]int, len(f.Scores))
	for q, v := range f.Scores {
		if v != 0 { // 0: the question left unanswered
			sc[survey.Question(q)] = v
		}
	}
	a := survey.Answer{At: now, Source: survey.Tablet, ScreenID: "pending", Lang: f.Lang, Scores: sc, Remark: f.Remark}
	a.Normalize()
	if ps := survey.Validate(a); len(ps) > 0 {
		return "", &SurveyProblem{Status: http.StatusBadRequest, Key: ps[0].Key, Field: ps[0].Field}
	}
	screen, ok, err := r.st.ClaimSurveyScreen(ctx, officeID, HashSecret(key), now, survey.Window)
	if isNotFound(err) {
		return "", &SurveyProblem{Status: http.StatusUnauthorized, Key: "survey.screenUnknown"}
	}
	if err != nil {
		return "", err
	}
	if !ok {
		return "", &SurveyProblem{Status: http.StatusTooManyRequests, Key: "survey.tooSoon"}
	}
	id := newID()
	p := entity.SurveyAnswer{ID: id, OfficeID: officeID, GivenAt: now.UTC().Format(time.RFC3339), Source: string(survey.Tablet),
		ScreenID: screen.ID, Lang: a.Lang, Scores: map[string]int{}, Remark: a.Remark}
	for q, v := range a.Scores {
		p.Scores[string(q)] = v
	}
	if err := r.inTx(ctx, officeID, func(tx store.Tx) error { return r.write(ctx, tx, "survey_answer", id, p) }); err != nil {
		if rerr := r.st.ReleaseSurveyScreen(ctx, officeID, screen.ID, now, screen.LastAt); rerr != nil {
			r.log.Error("survey screen release", "office", officeID, "err", rerr)
		}
		return "", err
	}
	return id, nil
}

// NewSurveyScreen adds a survey screen (a tablet) named name, or gives
// the screen id a new key (the old one stops working); it returns the
// screen's id and key. Only the key's hash is stored.
func (r *Registry) NewSurveyScreen(ctx context.Context, officeID, screenID, name string) (string, string, error) {
	if _, err := r.st.Office(ctx, officeID); err != nil {
		return "", "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || !plainText(name, 200) {
		return "", "", errors.New("registry: survey screen: a name of up to 200 bytes is needed")
	}
	if screenID == "" {
		screenID = newID()
	}
	key := randomToken(16) // 128 bits
	if err := r.st.PutSurveyScreen(ctx, officeID, store.SurveyScreen{ID: screenID, Name: name, KeyHash: HashSecret(key)}, r.now()); err != nil {
		return "", "", err
	}
	r.log.Info("survey screen key made", "office", officeID, "screen", screenID)
	return screenID, key, nil
}
