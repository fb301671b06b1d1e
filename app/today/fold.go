package today

// NoNoticeSuffix ends the key of a deadline line whose case also lacks an
// art. 36 notice: "termin upływa …, a strona nie dostała zawiadomienia".
const NoNoticeSuffix = "NoNotice"

// fold gives a case one line: a case near its deadline with no art. 36
// notice yields both a deadline line and a notice line, and the clerk
// reads them as one — its deadline line, saying that no notice was sent
// (its key with NoNoticeSuffix), in place of the two.
func fold(items []Item) []Item {
	deadline := map[string]int{}
	for i, it := range items {
		if it.Kind == KindDeadline && it.CaseID != "" {
			deadline[it.CaseID] = i
		}
	}
	out := items[:0:0]
	folded := map[int]bool{}
	for _, it := range items {
		if it.Kind == KindNotice {
			if i, ok := deadline[it.CaseID]; ok {
				folded[i] = true
				continue
			}
		}
		out = append(out, it)
	}
	for j, it := range out {
		if i, ok := deadline[it.CaseID]; ok && it.Kind == KindDeadline && folded[i] {
			out[j].Key += NoNoticeSuffix
		}
	}
	return out
}
