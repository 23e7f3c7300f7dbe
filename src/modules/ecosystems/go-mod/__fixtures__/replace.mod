module example.com/platform/api

go 1.21

require (
	example.com/platform/shared v0.0.0-00010101000000-000000000000
	github.com/gin-gonic/gin v1.9.1
	github.com/golang/mock v1.6.0
	github.com/hashicorp/go-version v1.6.0
	golang.org/x/net v0.17.0 // indirect
)

replace example.com/platform/shared => ../shared

replace github.com/golang/mock v1.6.0 => go.uber.org/mock v0.4.0

replace (
	// security fix not yet upstream
	github.com/gin-gonic/gin => github.com/acme-forks/gin v1.9.2-0.20231010120000-0123456789ab
	github.com/hashicorp/go-version v1.5.0 => github.com/hashicorp/go-version v1.6.1
	golang.org/x/net v0.17.0 => golang.org/x/net v0.23.0
)
