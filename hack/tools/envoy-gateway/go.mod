// Pins the Envoy Gateway release whose policy CRDs (ClientTrafficPolicy, BackendTrafficPolicy,
// SecurityPolicy, EnvoyExtensionPolicy, from charts/gateway-crds-helm/templates/generated/) the
// policy integration tests install. Nothing here is compiled; scripts/cluster/envoy-gateway-crds.sh
// locates the module with `go mod download -json github.com/envoyproxy/gateway`.
// Do not run `go mod tidy` here: nothing imports the module, so tidy would drop it.
// To bump: edit the version below, then `go mod download github.com/envoyproxy/gateway`.

module gatemap.invalid/tools/envoy-gateway

go 1.26.0

require github.com/envoyproxy/gateway v1.9.1
