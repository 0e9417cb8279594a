// Pins the Gateway API release whose CRD YAMLs (config/crd/{standard,experimental})
// the test clusters install. Nothing here is compiled; scripts/cluster/up.sh
// locates the module with `go mod download -json sigs.k8s.io/gateway-api`.
// Do not run `go mod tidy` here: nothing imports the module, so tidy would drop it.
// To bump: edit the version below, then `go mod download sigs.k8s.io/gateway-api`.

module gatemap.invalid/tools/gateway-api

go 1.26.0

require sigs.k8s.io/gateway-api v1.6.1
