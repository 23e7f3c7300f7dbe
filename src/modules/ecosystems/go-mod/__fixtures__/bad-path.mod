module example.com/broken

require (
	github.com/pkg/errors v0.9.1
	github.com/pkg/ v1.0.0
)
