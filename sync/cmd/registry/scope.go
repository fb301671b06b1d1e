package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"okienko/sync/registry"
	"okienko/sync/registry/store"
)

// scopeFlag reads --units and --all: a device's scope. given is false when
// neither was: the whole office at enrolment, no change otherwise.
func scopeFlag(fs *flag.FlagSet, units string, all bool) (sc store.Scope, given bool, err error) {
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "units" || f.Name == "all" })
	switch {
	case !given:
		return store.Scope{}, false, nil
	case all && units != "":
		return sc, true, errors.New("give --units or --all, not both")
	case all:
		return store.Scope{}, true, nil
	}
	var list []string
	for _, u := range strings.Split(units, ",") {
		if u = strings.TrimSpace(u); u != "" {
			list = append(list, u)
		}
	}
	return store.UnitsScope(list), true, nil
}

// scopeText is a scope as the admin reads it.
func scopeText(sc store.Scope) string {
	switch {
	case !sc.Limited:
		return "all units"
	case len(sc.Units) == 0:
		return "units: none (its people's cases)"
	}
	return "units: " + strings.Join(sc.Units, ",")
}

// deviceScope shows a device's scope, or sets it (--units A,B or --all).
func deviceScope(ctx context.Context, reg *registry.Registry, w io.Writer, deviceID string, fs *flag.FlagSet, units string, all bool) error {
	if deviceID == "" {
		return errors.New("device scope needs --device ID")
	}
	sc, given, err := scopeFlag(fs, units, all)
	if err != nil {
		return err
	}
	if given {
		if err := reg.SetDeviceScope(ctx, deviceID, sc); err != nil {
			return err
		}
	}
	if sc, err = reg.DeviceScope(ctx, deviceID); err != nil {
		return err
	}
	fmt.Fprintf(w, "device\t%s\nscope\t%s\n", deviceID, scopeText(sc))
	if given {
		fmt.Fprintf(w, "\t(the device takes its rows again at its next sync and removes the cases outside its scope)\n")
	}
	return nil
}

// closedDays sets how long closed cases stay on limited devices.
func closedDays(ctx context.Context, reg *registry.Registry, w io.Writer, officeID string, days int) error {
	if days < 0 {
		return errors.New("scope closed-days needs --days N (0 to 3650)")
	}
	if err := reg.SetClosedDays(ctx, officeID, days); err != nil {
		return err
	}
	fmt.Fprintf(w, "office\t%s\nclosed cases kept on limited devices\t%d days\n", officeID, days)
	return nil
}
