package paths

import (
	"path/filepath"
	"testing"
)

func TestDataDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	home := func() (string, error) { return "/home/anna", nil }
	cases := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"XDG_DATA_HOME": "/data"}, "/data/okienko"},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative"}, "/home/anna/.local/share/okienko"},
		{"linux", nil, "/home/anna/.local/share/okienko"},
		{"windows", map[string]string{"APPDATA": `C:\Users\anna\AppData\Roaming`}, filepath.Join(`C:\Users\anna\AppData\Roaming`, "Okienko")},
		{"darwin", nil, "/home/anna/Library/Application Support/Okienko"},
	}
	for _, c := range cases {
		got, err := dataDir(c.goos, env(c.env), home)
		if err != nil || got != c.want {
			t.Errorf("%s %v: got %q, %v; want %q", c.goos, c.env, got, err, c.want)
		}
	}
	if _, err := dataDir("windows", env(nil), home); err == nil {
		t.Error("windows without APPDATA: no error")
	}
}
