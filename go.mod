module github.com/gosnn/gosnn

go 1.26
