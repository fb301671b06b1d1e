package app

// DTOs cross the Wails bridge; TypeScript types are generated from them.
// Times are RFC 3339 strings and money is pre-formatted text, so the
// frontend never re-implements Polish formatting.

// Account is a name on the sign-in screen.
type Account struct {
	Login    string `json:"login"`
	Name     string `json:"name"`
	Position string `json:"position"`
	Unit     string `json:"unit"`
}

// Session is the sign-in state the UI renders.
type Session struct {
	State           string `json:"state"` // signed_out, locked, active
	Login           string `json:"login"`
	Name            string `json:"name"`
	Role            string `json:"role"`
	AutoLockSeconds int    `json:"autoLockSeconds"`
	// MustChangePassword: the person signed in with a one-time password
	// an admin issued and may do nothing before setting their own.
	MustChangePassword bool `json:"mustChangePassword"`
}

// CardSummary is one row of the catalogue list.
type CardSummary struct {
	ID      string `json:"id"`
	Code    string `json:"code"`
	Version int    `json:"version"`
	Title   string `json:"title"`
	// TitleTr is the card's title in the interface language when the card
	// is translated into it, else "": a list in English or Ukrainian reads
	// "Certificate of registered residence (zaświadczenie o zameldowaniu)",
	// as the card it opens does.
	TitleTr    string `json:"titleTr"`
	Category   string `json:"category"`
	UnitSymbol string `json:"unitSymbol"`
	Deadline   string `json:"deadline"`
	Fees       string `json:"fees"`
	Sample     bool   `json:"sample"`
}

// CardDetail is a service card as the clerk reads it to the client.
type CardDetail struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	Version  int    `json:"version"`
	StoredAt string `json:"storedAt"`
	// TextLang is the language of the card's own texts: the interface's
	// when the card is translated into it, else "pl" (for lang= marks).
	TextLang   string   `json:"textLang"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Category   string   `json:"category"`
	LegalBasis []string `json:"legalBasis"`
	Unit       UnitInfo `json:"unit"`
	JRWA       string   `json:"jrwa"`
	// Archival is the class's archival category (A, B5…), "" when unset.
	Archival string `json:"archival"`
	// Identifiers is what the intake asks of the client: "pesel",
	// "document" or "nameAddress" (catalog.Card.Needs).
	Identifiers string         `json:"identifiers"`
	Sample      bool           `json:"sample"`
	WhoMayApply string         `json:"whoMayApply"`
	WhereToFile string         `json:"whereToFile"`
	Documents   []DocumentLine `json:"documents"`
	Fees        []FeeLine      `json:"fees"`
	FeeTotal    string         `json:"feeTotal"`
	FeeNote     string         `json:"feeNote"` // what the total means: always charged, or only in some cases
	Deadline    DeadlineInfo   `json:"deadline"`
	Delivery    string         `json:"delivery"`
	Appeal      string         `json:"appeal"`
	AppealOpen  bool           `json:"appealOpen"`
	Steps       []string       `json:"steps"`
	Fields      []FieldLine    `json:"fields"`
	Notes       string         `json:"notes"`
	Staff       []StaffEntry   `json:"staff"`
}

// UnitInfo is a unit as shown on a card.
type UnitInfo struct {
	Symbol string `json:"symbol"`
	Name   string `json:"name"`
	Room   string `json:"room"`
	Phone  string `json:"phone"`
	Email  string `json:"email"`
}

// DocumentLine is one item of a card's checklist.
type DocumentLine struct {
	Name         string `json:"name"`
	Presentation string `json:"presentation"` // localised: oryginał, kopia, do wglądu
	Required     bool   `json:"required"`
	Condition    string `json:"condition"` // localised, "" if always
	Check        string `json:"check"`     // localised identifier check, "" if none
	MustBeValid  bool   `json:"mustBeValid"`
	Note         string `json:"note"`
}

// FeeLine is one fee with its payment details.
type FeeLine struct {
	Name       string `json:"name"`
	Amount     string `json:"amount"` // "17,00 zł"
	Grosze     int64  `json:"grosze"`
	LegalBasis string `json:"legalBasis"`
	Account    string `json:"account"` // NRB in groups of four
	Cashier    string `json:"cashier"`
	Condition  string `json:"condition"`
	Exemptions string `json:"exemptions"`
}

// DeadlineInfo is the card's deadline rule in words.
type DeadlineInfo struct {
	Text  string `json:"text"` // "7 dni"
	Basis string `json:"basis"`
	Note  string `json:"note"`
	// Label names what the date is for: "Termin załatwienia sprawy", or
	// "Termin oględzin" on a card whose deadline is an inspection.
	Label string `json:"label"`
}

// FieldLine is one field of the card's form with its filled example.
type FieldLine struct {
	Name      string `json:"name"`
	Label     string `json:"label"`
	Help      string `json:"help"`
	Example   string `json:"example"`
	Required  bool   `json:"required"`
	Section   string `json:"section"`
	Condition string `json:"condition"`
}

// StaffEntry is one person of the staff directory.
type StaffEntry struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Position    string   `json:"position"`
	Role        string   `json:"role"`
	Unit        string   `json:"unit"`
	UnitSymbol  string   `json:"unitSymbol"`
	Room        string   `json:"room"`
	Phone       string   `json:"phone"` // the unit's number with the extension
	Email       string   `json:"email"`
	Competences []string `json:"competences"` // card titles
	Substitute  string   `json:"substitute"`  // the standing substitute's name
	// Absent: a period of absence (zastępstwo) covers the office's day.
	Absent      bool   `json:"absent"`
	AbsentUntil string `json:"absentUntil"` // YYYY-MM-DD, the period's last day
	StandInID   string `json:"standInId"`   // who stands in today; "" when no one for these matters
	StandIn     string `json:"standIn"`     // their name
	// Absence says it as a sentence in the reader's language: "Nieobecny/a
	// do 11.12.2026 r.; zastępuje: Jan Nowak".
	Absence string `json:"absence"`
}

// OfficeInfo is the office header shown in the shell and on printouts.
type OfficeInfo struct {
	Name         string     `json:"name"`
	Address      string     `json:"address"`
	Phone        string     `json:"phone"`
	Email        string     `json:"email"`
	EPUAP        string     `json:"epuap"`
	Website      string     `json:"website"`
	FeeAccount   string     `json:"feeAccount"`
	FeeBank      string     `json:"feeBank"`
	OpeningHours string     `json:"openingHours"`
	Sample       bool       `json:"sample"`
	Units        []UnitInfo `json:"units"`
	// IOD is the data protection officer's contact (office settings, set
	// at the registry: registry admin office set-iod); empty when unset.
	IOD IODInfo `json:"iod"`
}

// IODInfo is the contact of the office's data protection officer.
type IODInfo struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Address string `json:"address"`
}

// Printout is a file Okienko wrote for the user: a printout, sealed on
// the disk (Path ends in .pdf.okef; Name is the PDF's name, for the
// viewer and Save as…), or an export.
type Printout struct {
	Path  string `json:"path"`
	Name  string `json:"name,omitempty"`
	Bytes int    `json:"bytes"`
}

// ImportProblem is one defect of an imported catalogue file.
type ImportProblem struct {
	Card    string `json:"card"`
	Path    string `json:"path"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

// ImportReport says what an import did, or why it did nothing.
type ImportReport struct {
	OK        bool            `json:"ok"`
	Added     []string        `json:"added"` // "Title (wersja N)"
	Unchanged int             `json:"unchanged"`
	Problems  []ImportProblem `json:"problems"`
}

// Settings are the settings the admin may change on this computer.
type Settings struct {
	AutoLockMinutes int  `json:"autoLockMinutes"`
	CanEdit         bool `json:"canEdit"`
	// Enrolled: the device syncs with a registry, where the office's
	// catalogue is kept; it is not imported here.
	Enrolled bool `json:"enrolled"`
}

// OfficeDayDTO is the office's date as YYYY-MM-DD.
type OfficeDayDTO struct {
	Day string `json:"day"`
}

// SystemInfo describes this installation.
type SystemInfo struct {
	Version    string `json:"version"`
	DataDir    string `json:"dataDir"`
	DeviceID   string `json:"deviceId"`
	OfficeName string `json:"officeName"`
	Sample     bool   `json:"sample"`
	PendingOps int    `json:"pendingOps"`
}
