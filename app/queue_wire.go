package app

// registryQueue is the registry's queue for this device (its sync
// client), or nil while it is not enrolled and the device keeps its own.
func registryQueue(c *Core) queueRemote {
	if cl := c.syncClient(); cl != nil {
		return cl
	}
	return nil
}
