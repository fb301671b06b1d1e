package app

// Event names the backend emits; mirrored in frontend/src/events.ts (a test
// keeps the two in step).
const (
	// EventSession fires when the session state changes on the backend's
	// initiative (auto-lock) or by any window's action.
	EventSession = "session:changed"
	// EventCatalog fires after an import committed new card versions.
	EventCatalog = "catalog:changed"
	// EventSettings fires after an office setting changed.
	EventSettings = "settings:changed"
	// EventCases fires after a case was registered or changed.
	EventCases = "cases:changed"
	// EventSync fires when the sync status changes.
	EventSync = "sync:changed"
	// EventQueue fires after a ticket was issued, called or marked here.
	EventQueue = "queue:changed"
	// EventCallbacks fires after a callback was made, done or re-agreed,
	// here or (after a pull) on another device.
	EventCallbacks = "callbacks:changed"
	// EventVisits fires after a home visit or its authorization changed.
	EventVisits = "visits:changed"
	// EventPresence fires after someone's presence changed.
	EventPresence = "presence:changed"
	// EventComplaints fires after an entry of the register of complaints
	// and motions changed.
	EventComplaints = "complaints:changed"
	// EventLetters fires after a letter was registered or answered, here
	// or (after a pull) on another device.
	EventLetters = "letters:changed"
	// EventPrintoutShow fires when a printout was made, with its path, for
	// the app's own viewer to show it (ViewerOpener).
	EventPrintoutShow = "printout:show"
)
