module github.com/acme/inventory-service

go 1.22.0

toolchain go1.22.4

require github.com/spf13/cobra v1.8.0

require (
	github.com/google/uuid v1.6.0
	github.com/prometheus/client_golang v1.19.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cespare/xxhash/v2 v2.2.0 // indirect
	github.com/docker/docker v24.0.7+incompatible // indirect; pulled in by testcontainers
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	golang.org/x/sys v0.0.0-20240312152122-5f08fbd34913 // indirect
	google.golang.org/protobuf v1.33.0 // indirectly used, not an indirect marker
)
