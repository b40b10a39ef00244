module github.com/gosnn/gosnn

go 1.26

require (
	github.com/traefik/yaegi v0.16.1 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)

tool github.com/traefik/yaegi/cmd/yaegi
