package engine

import "context"

// PushForBench runs only the push step of a round (the outbox in
// batches), so the push benchmark does not also time pulling its own
// changes back.
func PushForBench(ctx context.Context, e *Engine) error {
	_, err := e.push(ctx, e.Client(), nil)
	return err
}
