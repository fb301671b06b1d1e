package app

import (
	"context"
	"sync"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// Runtime is the only code in Okienko that calls the Wails runtime. Other
// code depends on the Emitter interface, so tests run without a window.
type Runtime struct {
	mu  sync.Mutex
	ctx context.Context
}

// Emitter delivers events to the frontend.
type Emitter interface {
	Emit(name string, data any)
}

// Bind gives the runtime its context at startup.
func (r *Runtime) Bind(ctx context.Context) {
	r.mu.Lock()
	r.ctx = ctx
	r.mu.Unlock()
}

// Emit sends an event to every window; before startup it is dropped.
func (r *Runtime) Emit(name string, data any) {
	r.mu.Lock()
	ctx := r.ctx
	r.mu.Unlock()
	if ctx != nil {
		wruntime.EventsEmit(ctx, name, data)
	}
}

// SaveFile asks where to save a file (the system's dialog); "" when the
// person cancelled or before startup.
func (r *Runtime) SaveFile(defaultName string) (string, error) {
	r.mu.Lock()
	ctx := r.ctx
	r.mu.Unlock()
	if ctx == nil {
		return "", nil
	}
	return wruntime.SaveFileDialog(ctx, wruntime.SaveDialogOptions{
		DefaultFilename: defaultName,
		Filters:         []wruntime.FileFilter{{DisplayName: "PDF", Pattern: "*.pdf"}},
	})
}

// ChooseFolder asks the person for a folder in the system's dialog (""
// when they cancel, or before startup); an export the person saves on
// purpose goes there.
func (r *Runtime) ChooseFolder(title string) (string, error) {
	r.mu.Lock()
	ctx := r.ctx
	r.mu.Unlock()
	if ctx == nil {
		return "", nil
	}
	return wruntime.OpenDirectoryDialog(ctx, wruntime.OpenDialogOptions{Title: title, CanCreateDirectories: true})
}
