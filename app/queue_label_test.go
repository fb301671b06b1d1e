package app

import (
	"testing"

	"okienko/app/queue"
	"okienko/sync/protocol"
)

// TestOfflineLabelsTheRegistryReads: the labels a counter gives its own
// tickets while the registry cannot be reached are ones the registry's
// report route reads back, whatever the counter is called.
func TestOfflineLabelsTheRegistryReads(t *testing.T) {
	for _, name := range []string{"Stanowisko 2", "Stanowisko 12", "Stanowisko 1234", "Okno B", "Kasa ł", "", "Biuro Obsługi"} {
		prefix := queue.CounterPrefix(name)
		label := queue.OfflineLabel(prefix, "C", 7)
		mark, group, n, ok := protocol.ParseOfflineLabel(label)
		if !ok || mark != prefix || group != "C" || n != 7 {
			t.Errorf("%q: label %q read back as %q %q %d %v", name, label, mark, group, n, ok)
		}
	}
}
