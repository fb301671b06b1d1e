//go:build windows

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/eventlog"
	"golang.org/x/sys/windows/svc/mgr"
)

// serviceName is the Windows service's name (sc query OkienkoRegistry).
const serviceName = "OkienkoRegistry"

// wsaeAddrInUse is Winsock's "address already in use".
const wsaeAddrInUse syscall.Errno = 10048

func isAddrInUse(err error) bool { return errors.Is(err, wsaeAddrInUse) }

// programData is %ProgramData%\Okienko, where the service keeps its store
// and its log (C:\ProgramData\Okienko on a default Windows).
func programData() string {
	d := os.Getenv("ProgramData")
	if d == "" {
		d = `C:\ProgramData`
	}
	return filepath.Join(d, "Okienko")
}

// service is `registry service install|uninstall|start|stop|run`.
func service(args []string) error {
	if len(args) == 0 {
		return errors.New("registry service install [serve flags] | uninstall | start | stop")
	}
	switch args[0] {
	case "install":
		return installService(args[1:])
	case "uninstall":
		return uninstallService()
	case "start":
		return startService()
	case "stop":
		return stopService()
	case "run":
		return runService(args[1:])
	}
	return fmt.Errorf("registry service: unknown command %q", args[0])
}

// withDefaults adds --data under %ProgramData% when no store is named.
func withDefaults(args []string) []string {
	for _, a := range args {
		if a == "--data" || a == "-data" || a == "--db" || a == "-db" ||
			strings.HasPrefix(a, "--data=") || strings.HasPrefix(a, "-data=") || strings.HasPrefix(a, "--db=") || strings.HasPrefix(a, "-db=") {
			return args
		}
	}
	return append([]string{"--data", filepath.Join(programData(), "registry")}, args...)
}

func installService(args []string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("registry service: menedżer usług niedostępny (uruchom jako administrator): %w", err)
	}
	defer m.Disconnect()
	if s, err := m.OpenService(serviceName); err == nil {
		s.Close()
		return fmt.Errorf("registry service: usługa %s już jest zainstalowana (najpierw registry service uninstall)", serviceName)
	}
	runArgs := append([]string{"service", "run"}, withDefaults(args)...)
	s, err := m.CreateService(serviceName, exe, mgr.Config{
		DisplayName:  "Okienko — rejestr urzędu",
		Description:  "Centralny rejestr Okienka: synchronizacja stanowisk, spis spraw. Dziennik: " + filepath.Join(programData(), "logs", "registry.log"),
		StartType:    mgr.StartAutomatic,
		ErrorControl: mgr.ErrorNormal,
	}, runArgs...)
	if err != nil {
		return fmt.Errorf("registry service: install: %w", err)
	}
	defer s.Close()
	// Restart after a crash, a minute later, twice; then leave it stopped.
	_ = s.SetRecoveryActions([]mgr.RecoveryAction{{Type: mgr.ServiceRestart, Delay: time.Minute}, {Type: mgr.ServiceRestart, Delay: time.Minute}}, 86400)
	if err := eventlog.InstallAsEventCreate(serviceName, eventlog.Error|eventlog.Warning|eventlog.Info); err != nil &&
		!strings.Contains(err.Error(), "exists") {
		fmt.Fprintln(os.Stderr, "registry service: event log source:", err)
	}
	fmt.Printf("Usługa %s zainstalowana: %s %s\nDziennik: %s\n", serviceName, exe, strings.Join(runArgs, " "),
		filepath.Join(programData(), "logs", "registry.log"))
	return nil
}

func uninstallService() error {
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("registry service: menedżer usług niedostępny (uruchom jako administrator): %w", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(serviceName)
	if err != nil {
		return fmt.Errorf("registry service: usługa %s nie jest zainstalowana: %w", serviceName, err)
	}
	defer s.Close()
	_ = stopAndWait(s)
	if err := s.Delete(); err != nil {
		return fmt.Errorf("registry service: uninstall: %w", err)
	}
	_ = eventlog.Remove(serviceName)
	fmt.Printf("Usługa %s odinstalowana; dane w %s zostały.\n", serviceName, programData())
	return nil
}

func startService() error {
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("registry service: menedżer usług niedostępny: %w", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(serviceName)
	if err != nil {
		return fmt.Errorf("registry service: usługa %s nie jest zainstalowana: %w", serviceName, err)
	}
	defer s.Close()
	// Already running (an automatic service the manager started at boot,
	// as Wine's does when it starts) is what was asked for.
	if err := s.Start(); err != nil && !errors.Is(err, windows.ERROR_SERVICE_ALREADY_RUNNING) {
		return fmt.Errorf("registry service: start: %w", err)
	}
	// A start that fails at once (the port taken, the store unreadable)
	// shows here with the log's last words, not only in the log.
	for i := 0; i < 20; i++ {
		st, err := s.Query()
		if err != nil {
			return err
		}
		switch st.State {
		case svc.Running:
			fmt.Printf("Usługa %s działa.\n", serviceName)
			return nil
		case svc.Stopped:
			return fmt.Errorf("registry service: usługa zatrzymała się zaraz po starcie; zob. %s", filepath.Join(programData(), "logs", "registry.log"))
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil
}

func stopService() error {
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("registry service: menedżer usług niedostępny: %w", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(serviceName)
	if err != nil {
		return fmt.Errorf("registry service: usługa %s nie jest zainstalowana: %w", serviceName, err)
	}
	defer s.Close()
	if err := stopAndWait(s); err != nil {
		return err
	}
	fmt.Printf("Usługa %s zatrzymana.\n", serviceName)
	return nil
}

// stopAndWait asks the service to stop and waits (up to 30 s) until the
// requests under way are done and the store is closed.
func stopAndWait(s *mgr.Service) error {
	st, err := s.Control(svc.Stop)
	if err != nil {
		return fmt.Errorf("registry service: stop: %w", err)
	}
	for deadline := time.Now().Add(30 * time.Second); st.State != svc.Stopped; {
		if time.Now().After(deadline) {
			return errors.New("registry service: usługa nie zatrzymała się w 30 s")
		}
		time.Sleep(300 * time.Millisecond)
		if st, err = s.Query(); err != nil {
			return err
		}
	}
	return nil
}

// runService is what the service manager starts: serve, with its log
// in %ProgramData%\Okienko\logs\registry.log and failures also in the
// Windows event log (Application, source OkienkoRegistry).
func runService(args []string) error {
	// Not svc.IsWindowsService: it wants a parent services.exe in session 0,
	// which Wine's is not, so under Wine the service ended here before its
	// log was open. svc.Run itself refuses a start that is not the
	// manager's (ERROR_FAILED_SERVICE_CONTROLLER_CONNECT), below.
	dir := filepath.Join(programData(), "logs")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, "registry.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	defer f.Close()
	elog, _ := eventlog.Open(serviceName)
	if elog != nil {
		defer elog.Close()
	}
	err = svc.Run(serviceName, &handler{args: args, log: f, elog: elog})
	if errors.Is(err, windows.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
		return errors.New("registry service run: only the service manager starts this; use registry service start")
	}
	return err
}

// handler runs serveUntil and ends it on Stop or Shutdown.
type handler struct {
	args []string
	log  io.Writer
	elog *eventlog.Log
}

// Execute is the service's life: running until asked to stop, then
// StopPending while the server drains and the store closes.
func (h *handler) Execute(_ []string, req <-chan svc.ChangeRequest, status chan<- svc.Status) (bool, uint32) {
	status <- svc.Status{State: svc.StartPending}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- serveUntil(ctx, h.args, h.log) }()
	status <- svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown}
	if h.elog != nil {
		h.elog.Info(1, "Rejestr Okienka uruchomiony.")
	}
	for {
		select {
		case err := <-done:
			// Ended on its own: a failure at start (the port taken) or later.
			msg := "Rejestr Okienka zatrzymał się."
			if err != nil {
				msg = "Rejestr Okienka zatrzymał się z błędem: " + err.Error()
				fmt.Fprintf(h.log, "{\"level\":\"ERROR\",\"msg\":%q}\n", msg)
			}
			if h.elog != nil {
				h.elog.Error(2, msg)
			}
			return true, 1
		case r := <-req:
			switch r.Cmd {
			case svc.Interrogate:
				status <- r.CurrentStatus
			case svc.Stop, svc.Shutdown:
				status <- svc.Status{State: svc.StopPending, WaitHint: 15000}
				cancel()
				err := <-done
				if h.elog != nil {
					if err != nil {
						h.elog.Warning(3, "Rejestr Okienka zatrzymany: "+err.Error())
					} else {
						h.elog.Info(3, "Rejestr Okienka zatrzymany; magazyn zamknięty.")
					}
				}
				return false, 0
			}
		}
	}
}
