package main

import (
	"net/http"
	"time"

	"okienko/sync/protocol"
)

// httpServer is the registry's HTTP server, with limits on how long a
// client may take. A request has two minutes to arrive whole, headers and
// body: a device gives up on a request after 60 s (sync/client) and the
// console's bodies are small, so this cuts only a client that opens a body
// and stops sending, which otherwise held its connection and handler as
// long as it wished. net/http lifts the deadline once the body has been
// read, so a long answer (a snapshot's download) is not cut.
func httpServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		IdleTimeout: 2 * time.Minute, TLSConfig: protocol.TLSConfig()}
}
