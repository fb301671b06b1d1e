// Command okienko is the desktop application. This file only wires the
// parts together: flags, logger, store, services and the Wails window.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"okienko/app"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/app/paths"
	"okienko/app/printer"
	"okienko/db"
	"okienko/sync/engine"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// processStart is when main's package was initialised: about the
// process's start.
var processStart = time.Now()

// webviewGPU is the webview's hardware acceleration on Linux. Never by
// default: WebKitGTK 2.42+ treats "on demand" as "always", and its GL
// compositor (with Mesa's software GL on a PC without a driver for it)
// cost some 300 ms of CPU and half the wall time of the cold start to the
// sign-in screen (issue 16), for forms that need no GPU. It is also what
// Wails chooses when given no Linux options (wails#2977: a blank window
// with some drivers). OKIENKO_WEBVIEW_GPU=1 turns it on again.
func webviewGPU() linux.WebviewGpuPolicy {
	if os.Getenv("OKIENKO_WEBVIEW_GPU") == "1" {
		return linux.WebviewGpuPolicyAlways
	}
	return linux.WebviewGpuPolicyNever
}

// headless is set by --self-check: no dialog may wait for a person then.
var headless bool

func main() {
	if err := run(); err != nil {
		var se *startupError
		if errors.As(err, &se) {
			fmt.Fprintln(os.Stderr, se.msg)
			if !headless {
				showFatal(se.msg) // a Windows app has no console: a dialog says it
			}
		}
		fmt.Fprintln(os.Stderr, "okienko:", err)
		os.Exit(1)
	}
}

// startupError is a failure to open the data directory, with the
// sentence a person reads (app.StartupMessage).
type startupError struct {
	msg string
	err error
}

func (e *startupError) Error() string { return e.err.Error() }
func (e *startupError) Unwrap() error { return e.err }

func run() error {
	fs := flag.NewFlagSet("okienko", flag.ContinueOnError)
	dataFlag := fs.String("data", "", "data directory (default: the user's data directory)")
	noOpen := fs.Bool("no-open", false, "write printouts but do not show them in the app's viewer")
	noDemo := fs.Bool("no-demo", false, "do not load the demo office into an empty database")
	clockSkew := fs.Duration("clock-skew", 0, "run as if this computer's clock were off by this much (demonstrations and tests of a wrong clock)")
	selfCheck := fs.Bool("self-check", false, "headless check of this build on the demo office (a new folder unless --data): migrate, sign in, register a case, render its receipt; exit 1 on any failure")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	if *selfCheck {
		headless, *noOpen = true, true
		attachConsole()
		if *dataFlag == "" {
			*dataFlag = filepath.Join(os.TempDir(), fmt.Sprintf("okienko-self-check-%d", os.Getpid()))
			defer os.RemoveAll(*dataFlag)
		}
	}
	if bindingsOnly {
		*dataFlag = filepath.Join(os.TempDir(), "okienko-bindings")
		defer os.RemoveAll(*dataFlag)
	}
	dataDir, err := paths.DataDir(*dataFlag)
	if err != nil {
		return err
	}
	bundle, err := i18n.Load()
	if err != nil {
		return err
	}
	// A data directory that cannot be opened (read-only, full, a newer
	// version's) is told in a sentence; nothing in it has been changed.
	fail := func(err error) error {
		return &startupError{msg: app.StartupMessage(bundle, i18n.Default, dataDir, err), err: err}
	}
	if err := os.MkdirAll(filepath.Join(dataDir, "logs"), 0o700); err != nil {
		return fail(err)
	}
	logFile, err := os.OpenFile(filepath.Join(dataDir, "logs", "okienko.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fail(err)
	}
	defer logFile.Close()
	log := slog.New(slog.NewTextHandler(io.MultiWriter(os.Stderr, logFile), &slog.HandlerOptions{Level: slog.LevelInfo}))
	// step logs how far the start has come, in ms from the process's start:
	// build/scripts/coldstart.sh prints these beside its own count.
	step := func(name string) {
		log.Info("startup: step", "step", name, "ms", time.Since(processStart).Milliseconds(), "cpu_ms", cpuMillis())
	}
	step("log open")
	rt := &app.Runtime{}
	ctx := context.Background()
	var eng *engine.Engine    // set below; the store wakes it after local changes
	var wall func() time.Time // the computer's clock; the office clock corrects it
	if *clockSkew != 0 {
		wall = func() time.Time { return time.Now().Add(*clockSkew) }
	}
	store, err := db.Open(ctx, dataDir, db.Options{
		Now:    wall,
		Logger: log,
		OnCommit: func(evs []db.Event) {
			for _, e := range evs {
				rt.Emit(e.Name, e.Data)
			}
		},
		OnChange: func() {
			if eng != nil {
				eng.Kick()
			}
		},
	})
	if err != nil {
		log.Error("the data directory cannot be opened", "err", err)
		return fail(err)
	}
	defer store.Close()
	step("store open, migrated")
	var core *app.Core
	eng, err = engine.New(ctx, store, engine.Options{
		Logger:    log,
		OnStatus:  func(engine.Status) { rt.Emit(app.EventSync, "status") },
		OnApplied: func() { core.AfterPull(context.Background()) },
		// A revoked device removes its key file first, then locks.
		KeyDir:     dataDir,
		OnRevoked:  func() { core.Keys.Revoked() },
		AppVersion: version,
	})
	if err != nil {
		return err
	}

	// Old plaintext printouts are sealed once the data key is unlocked.
	store.AfterUnlock(func(ctx context.Context, c *keys.Cipher) error {
		_, err := app.SealLegacyPrintouts(ctx, dataDir, c, log)
		return err
	})
	// Printouts are sealed on the disk: the app shows them in its own
	// viewer, from memory, never in the system's.
	var opener app.Opener = app.ViewerOpener{Events: rt}
	// An export the person saves on purpose (art. 15 RODO) goes to the
	// folder they choose; without a window to ask in (--no-open, the e2e
	// build), to the data directory's "eksport".
	var folder app.FolderChooser = rt
	if *noOpen {
		opener = &app.NoOpener{}
		folder = app.FixedFolder(filepath.Join(dataDir, "eksport"))
	}
	core = app.NewCore(app.Deps{
		Store: store, I18n: bundle, Log: log, Events: rt, Opener: opener,
		Numbers: db.LocalNumbers{Block: 10}, Sync: eng, DataDir: dataDir, Version: version,
	})
	// Without an office (and without the demo) the app opens on the
	// enrolment screen: the office arrives from the registry.
	if err := core.Bootstrap(ctx, !*noDemo); err != nil && !errors.Is(err, app.ErrNoOffice) {
		return err
	}
	// The key file: read, or made for a database that never had one; a
	// lost or damaged one is reported on the sign-in screen.
	if err := core.Keys.Start(ctx); err != nil {
		return err
	}
	// An older version's recovery sheet and a print spool a killed app
	// left in the system's temporary directory.
	app.SweepTemp(os.TempDir(), time.Now(), log)
	step("office, catalogue and key file loaded")
	if *selfCheck {
		if err := app.SelfCheck(ctx, core, os.Stdout); err != nil {
			return err
		}
		fmt.Println("self-check: OK")
		return nil
	}
	// Issue 16: printing on this computer's chosen printers; a queue
	// ticket prints on the receipt printer the moment it is issued.
	printSvc := app.NewPrintService(core, printer.System())
	queueSvc := app.NewQueueService(core, printSvc)
	// "Dziś" gathers every area's lines through its today.Source.
	todaySvc := app.NewTodayService(core,
		app.NewDeadlineSource(core),
		app.NewSupplementSource(core),
		app.NewCallbackToday(core),
		app.NewQueueToday(queueSvc),
		app.NewCaseDutiesToday(core),
		app.NewVisitToday(core),
		app.NewComplaintToday(core),
		app.NewLetterToday(core),
	)
	syncCtx, stopSync := context.WithCancel(ctx)
	defer stopSync()
	log.Info("okienko starting", "version", version, "data", dataDir, "device", store.DeviceID())

	return wails.Run(&options.App{
		Title:     "Okienko",
		Width:     1280,
		Height:    820,
		MinWidth:  960,
		MinHeight: 640,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 246, G: 247, B: 249, A: 1},
		OnStartup: func(ctx context.Context) {
			step("window made")
			rt.Bind(ctx)
			core.Startup(ctx)
			go eng.Run(syncCtx)
		},
		OnShutdown:     core.Shutdown,
		ErrorFormatter: core.FormatError,
		Bind: []any{
			app.NewAuthService(core),
			app.NewKeysService(core),
			app.NewCatalogService(core),
			app.NewIntakeService(core),
			app.NewCaseService(core),
			app.NewCaseDutiesService(core),
			app.NewPrintoutService(core, rt),
			app.NewOfficeService(core),
			app.NewSettingsService(core),
			app.NewSystemService(core),
			app.NewSyncService(core),
			app.NewAuditService(core, folder),
			queueSvc,
			app.NewCallbackService(core),
			app.NewComplaintService(core),
			app.NewPresenceService(core),
			app.NewLetterService(core),
			app.NewSurveyService(core),
			todaySvc,
			app.NewVisitService(core),
			printSvc,
			// Raport z monitoringu (issue 14 part 5): app.ReportParts lists its sections.
			app.NewReportService(core, app.ReportParts(core)),
		},
		Linux: &linux.Options{ProgramName: "okienko", WebviewGpuPolicy: webviewGPU()},
	})
}
