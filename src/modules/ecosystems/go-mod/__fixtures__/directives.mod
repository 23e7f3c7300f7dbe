// Deprecated: use example.com/tools/v2 instead.
module "example.com/tools"

go 1.24

godebug (
	default=go1.21
	panicnil=1
)

require (
	"golang.org/x/mod" v0.17.0
	golang.org/x/tools v0.21.0
)

tool golang.org/x/tools/cmd/stringer

exclude golang.org/x/mod v0.16.0

retract (
	[v1.0.0, v1.0.5] // build broken
	v1.1.0 // published by accident
)

frobnicate something
