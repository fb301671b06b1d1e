package app

// registryQueue is the registry's queue for this device, or nil while it
// is not enrolled. The sync client's queue methods (IssueTicket, CallNext,
// MarkTicket, ReportTickets, QueueState) arrive with the registry's side
// of Kolejka; until they do, a device uses its own queue.
//
// Once sync/client has them, this becomes:
//
//	if cl := c.syncClient(); cl != nil {
//		return cl
//	}
//	return nil
func registryQueue(c *Core) queueRemote {
	_ = c
	return nil
}
