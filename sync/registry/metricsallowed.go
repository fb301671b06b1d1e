package registry

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// metricsAllowed decides who reads /metrics: it names every office and
// every active device with its last contact, which is the registry's
// operator's business, not the internet's. With Options.MetricsToken set
// a scraper must send it as a bearer token (Prometheus:
// authorization.credentials_file); without one only this computer is
// answered, and not through a reverse proxy (a request that carries a
// proxy's forwarding header came from elsewhere). It gives the HTTP
// status to answer: 200, 401 or 403.
func (r *Registry) metricsAllowed(req *http.Request) int {
	if r.metricsToken != "" {
		got, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(got), []byte(r.metricsToken)) == 1 {
			return http.StatusOK
		}
		return http.StatusUnauthorized
	}
	// Any of a proxy's headers, on any line and even empty: a proxy that
	// adds its own line after the client's, or names only the host or
	// scheme it took the request on, has still taken it from elsewhere.
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip", "X-Forwarded-Host", "X-Forwarded-Proto", "Via"} {
		if _, ok := req.Header[h]; ok {
			return http.StatusForbidden
		}
	}
	host, _, err := net.SplitHostPort(req.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return http.StatusForbidden
	}
	return http.StatusOK
}
